"""What a cold start imports. Each function's module is loaded in a fresh interpreter, as Lambda
loads it, and must leave out what it does not need then: no HTTP stack in a scheduled function,
and in no function the libraries the calls import when they first need them (Stripe, boto3,
PyJWT with the `cryptography` it loads). bench/cold_start.py measures the time; this checks the
behaviour that keeps it low, never a timing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

from local.template import ROOT, functions

_LOAD_FUNCTION = """
import importlib.util, json, sys
sys.path.insert(0, '.')
spec = importlib.util.spec_from_file_location('fn', sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
print(json.dumps(sorted(sys.modules)))
"""

_IMPORT_MODELS = """
import json, sys
sys.path.insert(0, '.')
from sqlalchemy.orm import configure_mappers
from shared.models import {names}
from shared.models.base import Base
configure_mappers()
for table in Base.metadata.tables.values():
    for key in table.foreign_keys:
        key.column  # raises when the table a foreign key names is not mapped
print(json.dumps(sorted(sys.modules)))
"""

API = sorted(f.code_dir.name for f in functions().values() if f.routes)
SCHEDULED = sorted(f.code_dir.name for f in functions().values() if f.schedules)

# pydantic is not in it: the settings are pydantic-settings, in every function (issue 18), at
# about 0.1 s of a scheduled function's cold start and 0.02 s of an API function's.
HTTP_STACK = ("fastapi", "starlette", "mangum", "shared.http", "shared.routers")
# The X-Ray SDK among them: with tracing off (locally, in tests) it is never imported.
SDKS = ("stripe", "boto3", "jwt", "cryptography", "aws_xray_sdk")


def _probe(code: str, *args: str) -> Any:
    """What `code` prints as JSON, run in a fresh interpreter as Lambda would start one."""
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "JWT_SECRET": "cold-imports"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _modules_after(code: str, *args: str) -> set[str]:
    return set(_probe(code, *args))


def _loaded_by(name: str) -> set[str]:
    function = next(f for f in functions().values() if f.code_dir.name == name)
    return _modules_after(_LOAD_FUNCTION, str(function.code_dir / f"{function.module}.py"))


def _under(modules: set[str], packages: tuple[str, ...]) -> list[str]:
    return sorted(
        m for m in modules if m in packages or m.startswith(tuple(p + "." for p in packages))
    )


def test_the_template_has_both_kinds_of_function() -> None:
    assert {"reminders", "holds", "recording_expiry"} <= set(SCHEDULED)
    assert {"auth", "payments", "booking", "recordings"} <= set(API)


@pytest.mark.parametrize("name", SCHEDULED)
def test_a_scheduled_function_imports_no_http_stack_and_no_sdk(name: str) -> None:
    loaded = _loaded_by(name)
    assert _under(loaded, HTTP_STACK + SDKS) == []


@pytest.mark.parametrize("name", API)
def test_an_api_function_imports_no_sdk_until_it_calls_one(name: str) -> None:
    loaded = _loaded_by(name)
    assert "fastapi" in loaded  # the probe did load the app
    assert _under(loaded, SDKS) == []


def test_a_model_brings_only_the_tables_it_needs_and_those_its_foreign_keys_name() -> None:
    loaded = _modules_after(_IMPORT_MODELS.format(names="ReminderDelivery"))
    models = {m.removeprefix("shared.models.") for m in loaded if m.startswith("shared.models.")}
    # reminder_deliveries -> appointments -> users, services, package_credits -> payments
    assert models == {"base", "notifications", "booking", "payments", "users"}


def test_base_brings_every_table() -> None:
    loaded = _modules_after(_IMPORT_MODELS.format(names="Base"))
    models = {m.removeprefix("shared.models.") for m in loaded if m.startswith("shared.models.")}
    expected = {p.stem for p in (ROOT / "shared" / "models").glob("*.py")} - {"__init__"}
    assert models == expected


_SNAPSHOT = """
import importlib.util, json, sys, types
sys.path.insert(0, '.')
hooks = []
runtime = types.ModuleType('snapshot_restore_py')  # what Lambda's managed runtime provides
runtime.register_before_snapshot = hooks.append
sys.modules['snapshot_restore_py'] = runtime
spec = importlib.util.spec_from_file_location('fn', sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
before = 'stripe' in sys.modules or 'jwt' in sys.modules
for hook in hooks:
    hook()
print(json.dumps({'hooks': len(hooks), 'before': before, 'after': sorted(sys.modules)}))
"""


def test_under_snapstart_the_snapshot_holds_what_requests_import_on_first_use() -> None:
    function = next(f for f in functions().values() if f.code_dir.name == "payments")
    found = _probe(_SNAPSHOT, str(function.code_dir / f"{function.module}.py"))
    assert found["hooks"] == 1 and found["before"] is False
    loaded = set(found["after"])
    assert {"stripe", "jwt", "shared.models.recordings", "shared.models.auth"} <= loaded
