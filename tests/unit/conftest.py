"""The unit tier has no database: no fixture here starts one, and a test that reaches for one
anyway fails at once on a closed port instead of finding a developer's."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from shared.config import reset_settings
from shared.db import reset_engine

NO_DATABASE = "postgresql+pg8000://nobody@127.0.0.1:9/unit_tests_have_no_database"


@pytest.fixture(autouse=True)
def no_database(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("DATABASE_URL", NO_DATABASE)
    reset_settings()
    reset_engine()
    yield
    monkeypatch.undo()
    reset_settings()
    reset_engine()
