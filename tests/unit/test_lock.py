"""The one lock: requirements.lock pins what the dev venv installs, and the Lambda layer ships the
same versions of the packages both hold. `make lock` writes both; these checks catch a hand edit
of one of them, or a pyproject.toml change without `make lock`."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[2]
LOCK = REPO / "requirements.lock"
LAYER = REPO / "layers" / "deps" / "requirements.txt"
# The Lambda python3.12 runtime ships these; the layer leaves them out.
FROM_THE_RUNTIME = {"boto3", "botocore", "s3transfer"}


def pins(path: Path) -> dict[str, str]:
    """Package name (canonical) to its pinned version, from a pip requirements file; hash lines,
    comments and environment markers are not part of the pin."""
    found: dict[str, str] = {}
    for raw in path.read_text().splitlines():
        line = raw.split("#", 1)[0].strip().removesuffix("\\").strip()
        if not line or line.startswith("--"):
            continue
        requirement = Requirement(line)
        [spec] = requirement.specifier
        assert spec.operator == "==", f"{path.name}: {line} is not an exact pin"
        name = canonicalize_name(requirement.name)
        assert name not in found, f"{path.name}: {name} pinned twice"
        found[name] = spec.version
    return found


def project() -> dict[str, list[Requirement]]:
    table = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    return {
        "runtime": [Requirement(r) for r in table["dependencies"]],
        "dev": [Requirement(r) for r in table["optional-dependencies"]["dev"]],
    }


def test_the_layer_ships_the_locked_version_of_every_package_it_holds() -> None:
    locked, layer = pins(LOCK), pins(LAYER)
    assert layer, "the layer's requirements are empty"
    differ = {n: (v, locked.get(n)) for n, v in layer.items() if locked.get(n) != v}
    assert differ == {}, f"layer version != lock version (run make lock): {differ}"


def test_the_layer_holds_every_runtime_dependency_but_the_runtimes_own() -> None:
    layer = pins(LAYER)
    wanted = {canonicalize_name(r.name) for r in project()["runtime"]} - FROM_THE_RUNTIME
    assert wanted - layer.keys() == set()
    assert FROM_THE_RUNTIME & layer.keys() == set()


def test_every_declared_dependency_is_locked_at_a_version_it_allows() -> None:
    locked = pins(LOCK)
    for group, requirements in project().items():
        for requirement in requirements:
            name = canonicalize_name(requirement.name)
            assert name in locked, f"{group} dependency {name} is not in the lock (make lock)"
            assert requirement.specifier.contains(locked[name], prereleases=True), (
                f"{name}: locked {locked[name]}, pyproject.toml wants {requirement.specifier}"
            )


def test_localstripe_is_pinned_exactly_because_its_internals_are_adapted() -> None:
    [localstripe] = [r for r in project()["dev"] if r.name == "localstripe"]
    [spec] = localstripe.specifier
    assert spec.operator == "==" and pins(LOCK)["localstripe"] == spec.version


def test_every_locked_package_carries_its_hashes() -> None:
    entries = LOCK.read_text().split("\n")
    pinned = [i for i, line in enumerate(entries) if "==" in line and not line.startswith(" ")]
    assert pinned
    for i in pinned:
        assert entries[i].endswith("\\") and "--hash=sha256:" in entries[i + 1], entries[i]
