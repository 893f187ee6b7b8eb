"""The application role the functions connect as (migration 0015): it does what the product
does - the whole suite runs as it - and cannot do what the product must not: change the schema,
empty tables wholesale, touch the migration history or rewrite the audit trail. Its password is
set from a secret after migrating, never stored in git; its statement_timeout sits under the
client's socket timeout."""

from __future__ import annotations

import base64
import json
import threading
import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import ProgrammingError
from starlette.testclient import TestClient

from local.template import load_template
from shared.db import APP_ROLE, CLIENT_TIMEOUT_SECONDS, get_engine, owner_engine
from shared.migrate import app_password, open_app_login, scram_verifier
from tests.helpers import environment


@pytest.fixture
def owner() -> Iterator[Engine]:
    engine = owner_engine()
    yield engine
    engine.dispose()


def _refused(connection: Connection, statement: str) -> str:
    """The SQLSTATE PostgreSQL answers `statement` with, in a savepoint so the test goes on."""
    savepoint = connection.begin_nested()
    try:
        connection.execute(text(statement))
    except ProgrammingError as error:
        savepoint.rollback()
        return str(error.orig.args[0]["C"])  # type: ignore[union-attr]
    savepoint.rollback()
    return "accepted"


def test_the_code_connects_as_the_application_role() -> None:
    with get_engine().connect() as connection:
        assert connection.execute(text("SELECT current_user")).scalar() == APP_ROLE
        rights = connection.execute(
            text("SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = :r"),
            {"r": APP_ROLE},
        ).one()
    assert tuple(rights) == (False, False, False)


def test_it_reads_and_writes_rows() -> None:
    email = f"role-{uuid.uuid4().hex[:8]}@example.com"
    with get_engine().begin() as connection:
        connection.execute(
            text(
                "INSERT INTO users (id, email, password_hash, role) "
                "VALUES (gen_random_uuid(), :e, 'x', 'client')"
            ),
            {"e": email},
        )
        connection.execute(text("UPDATE users SET role = 'client' WHERE email = :e"), {"e": email})
        assert (
            connection.execute(
                text("SELECT count(*) FROM users WHERE email = :e"), {"e": email}
            ).scalar()
            == 1
        )
        connection.execute(text("DELETE FROM users WHERE email = :e"), {"e": email})


INSUFFICIENT_PRIVILEGE = "42501"

REFUSED = [
    "DROP TABLE users",
    "ALTER TABLE users ADD COLUMN nickname text",
    "CREATE INDEX ix_users_role_again ON users (role)",
    "TRUNCATE users",
    "CREATE TABLE notes_of_my_own (id int)",
    "SELECT * FROM alembic_version",
    "UPDATE alembic_version SET version_num = '0001'",
    "DELETE FROM alembic_version",
    "UPDATE audit_events SET action = 'nothing happened'",
    "DELETE FROM audit_events",
    f"ALTER TABLE users OWNER TO {APP_ROLE}",
    "CREATE ROLE someone_else",
]


@pytest.mark.parametrize("statement", REFUSED)
def test_it_cannot_change_the_schema_the_history_or_the_audit_trail(statement: str) -> None:
    with get_engine().connect() as connection:
        assert _refused(connection, statement) == INSUFFICIENT_PRIVILEGE
        connection.rollback()


def test_the_owner_keeps_what_the_role_lacks(owner: Engine) -> None:
    with owner.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert _refused(connection, "ALTER TABLE users ADD COLUMN nickname text") == "accepted"
        connection.rollback()


def test_its_statement_timeout_is_under_the_client_timeout() -> None:
    with get_engine().connect() as connection:
        milliseconds = connection.execute(
            text("SELECT setting::int FROM pg_settings WHERE name = 'statement_timeout'")
        ).scalar()
    assert milliseconds is not None
    assert CLIENT_TIMEOUT_SECONDS * 1000 - 2000 <= milliseconds < CLIENT_TIMEOUT_SECONDS * 1000


@pytest.mark.slow
def test_a_statement_past_the_timeout_is_a_503_and_the_connection_goes_on(
    client: TestClient, owner: Engine
) -> None:
    """A table locked longer than the role's timeout (a migration, a stuck transaction): the
    request waits the 9 s, the server cancels the statement and answers, the API says 503, and
    the same pooled connection serves the next request."""
    assert client.get("/therapists").status_code == 200
    locked, release = threading.Event(), threading.Event()

    def hold_the_lock() -> None:
        with owner.begin() as connection:
            connection.execute(text("LOCK TABLE therapist_profiles IN ACCESS EXCLUSIVE MODE"))
            locked.set()
            release.wait(30)

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    try:
        assert locked.wait(10)
        busy = client.get("/therapists")
    finally:
        release.set()
        holder.join()
    assert (busy.status_code, busy.json()["code"]) == (503, "database_unavailable")
    assert client.get("/therapists").status_code == 200


def _verifier_parts(verifier: str) -> tuple[int, bytes]:
    scheme, rest = verifier.split("$", 1)
    assert scheme == "SCRAM-SHA-256"
    iterations, salt = rest.split("$")[0].split(":")
    return int(iterations), base64.b64decode(salt)


def _stored_verifier(owner: Engine, role: str) -> str:
    with owner.connect() as connection:
        stored = connection.execute(
            text("SELECT rolpassword FROM pg_authid WHERE rolname = :r"), {"r": role}
        ).scalar()
    assert isinstance(stored, str)
    return stored


def test_the_verifier_is_what_postgresql_computes_for_the_password(owner: Engine) -> None:
    role = f"attune_scram_check_{uuid.uuid4().hex[:8]}"
    with owner.begin() as connection:
        connection.exec_driver_sql(f"CREATE ROLE {role} PASSWORD 'correct horse battery'")
    try:
        stored = _stored_verifier(owner, role)
        iterations, salt = _verifier_parts(stored)
        assert scram_verifier("correct horse battery", salt=salt, iterations=iterations) == stored
    finally:
        with owner.begin() as connection:
            connection.exec_driver_sql(f"DROP ROLE {role}")


def test_opening_the_login_sets_the_password_from_the_settings(owner: Engine) -> None:
    password = "from-the-app-secret-0123456789"
    with environment(APP_DB_PASSWORD=password):
        open_app_login()
    try:
        stored = _stored_verifier(owner, APP_ROLE)
        iterations, salt = _verifier_parts(stored)
        assert stored == scram_verifier(password, salt=salt, iterations=iterations)
    finally:  # the embedded server trusts local logins: back to no password
        with owner.begin() as connection:
            connection.exec_driver_sql(f"ALTER ROLE {APP_ROLE} PASSWORD NULL")


def test_in_aws_the_password_comes_from_the_app_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("SECRET_MAX_AGE_SECONDS", "0")
    with mock_aws():
        secrets: Any = boto3.client("secretsmanager", region_name="eu-west-1")
        body = {"username": APP_ROLE, "password": "generated-by-secrets-manager", "dbname": "x"}
        arn = secrets.create_secret(Name="app", SecretString=json.dumps(body))["ARN"]
        with environment(DATABASE_URL=None, APP_DB_SECRET_ARN=arn, DB_HOST="proxy.example"):
            assert app_password() == "generated-by-secrets-manager"
            from shared.db import database_url

            assert database_url() == (
                f"postgresql+attune_pg8000://{APP_ROLE}:generated-by-secrets-manager@proxy.example:5432/x"
            )
            body["password"] = "rotated"
            secrets.put_secret_value(SecretId=arn, SecretString=json.dumps(body))
            assert app_password() == "rotated"


def test_only_the_migrate_function_holds_the_master_secret() -> None:
    template = load_template()
    resources = template["Resources"]
    everywhere = template["Globals"]["Function"]["Environment"]["Variables"]
    assert everywhere["APP_DB_SECRET_ARN"] == {"Ref": "AppDatabaseSecret"}
    assert "DB_SECRET_ARN" not in everywhere
    for name, resource in resources.items():
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        readable = {
            policy["AWSSecretsManagerGetSecretValuePolicy"]["SecretArn"]["Ref"]
            for policy in resource["Properties"].get("Policies", [])
            if "AWSSecretsManagerGetSecretValuePolicy" in policy
        }
        own = resource["Properties"].get("Environment", {}).get("Variables", {})
        if name == "MigrateFunction":
            assert {"DatabaseSecret", "AppDatabaseSecret"} <= readable
            assert own["DB_SECRET_ARN"] == {"Ref": "DatabaseSecret"}
        else:
            assert "AppDatabaseSecret" in readable and "DatabaseSecret" not in readable, name
            assert "DB_SECRET_ARN" not in own, name
    generated = resources["AppDatabaseSecret"]["Properties"]["GenerateSecretString"]
    assert json.loads(generated["SecretStringTemplate"])["username"] == APP_ROLE
    assert generated["GenerateStringKey"] == "password"
    proxy_logins = {a["SecretArn"]["Ref"] for a in resources["DatabaseProxy"]["Properties"]["Auth"]}
    assert proxy_logins == {"DatabaseSecret", "AppDatabaseSecret"}
