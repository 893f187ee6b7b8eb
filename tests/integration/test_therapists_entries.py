"""Therapist profiles, bios, the directory and journal entries, through HTTP."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from sqlalchemy import select
from starlette.testclient import TestClient

from shared.db import get_session
from shared.embeddings import get_embedder
from shared.models import TherapistBio
from tests.factories import PROFILE
from tests.helpers import verified_user


def _therapist(
    client: TestClient, outbox: Path, email: str, **changes: object
) -> tuple[dict[str, str], str]:
    headers = verified_user(client, outbox, email, role="therapist")
    response = client.put("/therapists/me", json={**PROFILE, **changes}, headers=headers)
    assert response.status_code == 200, response.text
    return headers, response.json()["id"]


def test_put_profile_and_read_it_back(client: TestClient, outbox: Path) -> None:
    headers, therapist_id = _therapist(client, outbox, "ana@example.com")
    body = client.get(f"/therapists/{therapist_id}").json()
    assert body["full_name"] == "Dr. Ana Ruiz"
    assert body["specialties"] == ["anxiety", "sleep"]  # normalised, deduplicated, in order
    assert body["languages"] == ["es", "en"]
    assert body["bio"] == PROFILE["bio"]
    assert body["bios"] == [{"language_code": "es", "bio": PROFILE["bio"]}]
    assert body["experience"][0]["organisation"] == "Hospital Clínic"
    assert body["timezone"] == "Europe/Madrid"
    assert body["next_available_at"] is None
    # The profile's name and zone are the account's.
    me = client.get("/me", headers=headers).json()
    assert (me["full_name"], me["timezone"]) == ("Dr. Ana Ruiz", "Europe/Madrid")


def test_bios_per_language_are_embedded_and_replaced(client: TestClient, outbox: Path) -> None:
    headers, _ = _therapist(client, outbox, "bio@example.com")
    english = "Psychologist for anxiety, panic attacks and insomnia."
    response = client.put("/therapists/me/bios/en", json={"bio": english}, headers=headers)
    assert response.status_code == 200
    german = "Psychologin für Angst und Schlafstörungen."
    body = client.put("/therapists/me/bios/de", json={"bio": german}, headers=headers).json()
    assert body["languages"] == ["es", "en", "de"]
    assert {b["language_code"]: b["bio"] for b in body["bios"]} == {
        "es": PROFILE["bio"],
        "en": english,
        "de": german,
    }
    client.put("/therapists/me/bios/en", json={"bio": "Updated."}, headers=headers)
    with get_session() as session:
        bios = session.scalars(select(TherapistBio).order_by(TherapistBio.language_code)).all()
        assert [b.language_code for b in bios] == ["de", "en", "es"]
        assert all(b.embedding_model == get_embedder().model_id for b in bios)
        assert next(b for b in bios if b.language_code == "en").bio == "Updated."
    assert (
        client.put("/therapists/me/bios/english!", json={"bio": "x"}, headers=headers).status_code
        == 422
    )


def test_only_therapists_publish_profiles(client: TestClient, outbox: Path) -> None:
    client_headers = verified_user(client, outbox, "client@example.com")
    response = client.put("/therapists/me", json=PROFILE, headers=client_headers)
    assert (response.status_code, response.json()["code"]) == (403, "wrong_role")
    headers = verified_user(client, outbox, "new@example.com", role="therapist")
    early = client.put("/therapists/me/bios/en", json={"bio": "x"}, headers=headers)
    assert (early.status_code, early.json()["code"]) == (409, "profile_missing")


def test_invalid_profiles_are_422(client: TestClient, outbox: Path) -> None:
    headers = verified_user(client, outbox, "bad@example.com", role="therapist")
    change: Mapping[str, object]
    for change in (
        {"languages": []},
        {"timezone": "Moon/Base"},
        {"bio": ""},
        {"bio": "x" * 5001},
        {"profile_picture_url": "javascript:alert(1)"},
        {"years_experience": -1},
        {
            "experience": [
                {
                    "title": "x",
                    "organisation": "y",
                    "start_date": "2020-01-02",
                    "end_date": "2020-01-01",
                }
            ]
        },
        {"specialties": ["x" * 65]},
    ):
        response = client.put("/therapists/me", json={**PROFILE, **change}, headers=headers)
        assert response.status_code == 422, change


def test_private_profile_is_404_except_to_its_owner(client: TestClient, outbox: Path) -> None:
    headers, therapist_id = _therapist(client, outbox, "hidden@example.com", is_public=False)
    assert client.get(f"/therapists/{therapist_id}").status_code == 404
    assert client.get(f"/therapists/{therapist_id}", headers=headers).status_code == 200
    listed = client.get("/therapists").json()["items"]
    assert therapist_id not in [t["id"] for t in listed]
    assert client.get("/therapists/not-a-uuid").status_code == 422


def test_directory_filters_and_paginates_in_a_stable_order(
    client: TestClient, outbox: Path
) -> None:
    for i in range(5):
        _therapist(
            client,
            outbox,
            f"t{i}@example.com",
            full_name=f"Therapist {i}",
            languages=["en"] if i % 2 else ["de", "en"],
            specialties=["grief"] if i < 2 else ["couples"],
        )
    first = client.get("/therapists", params={"limit": 2}).json()
    assert [t["full_name"] for t in first["items"]] == ["Therapist 0", "Therapist 1"]
    second = client.get("/therapists", params={"limit": 2, "cursor": first["next_cursor"]}).json()
    third = client.get("/therapists", params={"limit": 2, "cursor": second["next_cursor"]}).json()
    assert [t["full_name"] for t in second["items"] + third["items"]] == [
        "Therapist 2",
        "Therapist 3",
        "Therapist 4",
    ]
    assert third["next_cursor"] is None
    german = client.get("/therapists", params={"language": "de"}).json()["items"]
    assert [t["full_name"] for t in german] == ["Therapist 0", "Therapist 2", "Therapist 4"]
    grief = client.get("/therapists", params={"specialty": "Grief"}).json()["items"]
    assert [t["full_name"] for t in grief] == ["Therapist 0", "Therapist 1"]
    assert client.get("/therapists", params={"limit": 101}).status_code == 422
    assert client.get("/therapists", params={"cursor": "garbage"}).status_code == 422


def test_entries_are_private_to_their_author(client: TestClient, outbox: Path) -> None:
    alice = verified_user(client, outbox, "alice@example.com")
    bob = verified_user(client, outbox, "bob@example.com")
    created = client.post("/entries", json={"content": "A hard week."}, headers=alice)
    assert created.status_code == 201
    entry = created.json()
    assert set(entry) == {"id", "content", "language_code", "created_at"}
    assert entry["language_code"] == "en"  # from the profile
    assert entry["created_at"].endswith("Z") or entry["created_at"].endswith("+00:00")
    assert client.get(f"/entries/{entry['id']}", headers=alice).json() == entry
    assert client.get(f"/entries/{entry['id']}", headers=bob).status_code == 404
    assert client.delete(f"/entries/{entry['id']}", headers=bob).status_code == 404
    assert client.get("/entries", headers=bob).json() == {"items": [], "next_cursor": None}
    assert client.get(f"/entries/{entry['id']}").status_code == 401


def test_entry_validation(client: TestClient, outbox: Path) -> None:
    alice = verified_user(client, outbox, "alice@example.com")
    assert client.post("/entries", json={"content": "x" * 20_001}, headers=alice).status_code == 422
    assert client.post("/entries", json={"content": "   "}, headers=alice).status_code == 422
    assert (
        client.post(
            "/entries", json={"content": "hola", "language_code": "??"}, headers=alice
        ).status_code
        == 422
    )
    ok = client.post(
        "/entries", json={"content": "x" * 20_000, "language_code": "es"}, headers=alice
    )
    assert ok.status_code == 201 and ok.json()["language_code"] == "es"
    therapist = verified_user(client, outbox, "t@example.com", role="therapist")
    assert client.post("/entries", json={"content": "x"}, headers=therapist).status_code == 403


def test_entries_list_newest_first_with_cursor(client: TestClient, outbox: Path) -> None:
    alice = verified_user(client, outbox, "alice@example.com")
    ids = [
        client.post("/entries", json={"content": f"entry {i}"}, headers=alice).json()["id"]
        for i in range(3)
    ]
    page = client.get("/entries", params={"limit": 2}, headers=alice).json()
    rest = client.get("/entries", params={"cursor": page["next_cursor"]}, headers=alice).json()
    assert [e["id"] for e in page["items"] + rest["items"]] == ids[::-1]
    assert client.delete(f"/entries/{ids[0]}", headers=alice).status_code == 204
    assert client.get(f"/entries/{ids[0]}", headers=alice).status_code == 404
