"""`make openapi`: write docs/openapi.json, the document the local gateway serves (every
function's routes, merged), so it can be read and diffed without running anything."""

from __future__ import annotations

import json
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "docs" / "openapi.json"


def main() -> None:
    from local.devdb import ensure_dev_secrets
    from local.server import LocalGateway

    ensure_dev_secrets()  # the apps read settings as they are built; no database is needed
    OUT.write_text(json.dumps(LocalGateway().openapi(), indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
