"""`python -m local.outbox` (or `make outbox`): what the outbox holds — counts by kind and
status, then every effect still pending or dead, with its tries and last error."""

from __future__ import annotations

from sqlalchemy import text


def main() -> None:
    from local.devdb import ensure_dev_database

    ensure_dev_database()
    from shared.db import get_session

    with get_session() as session:
        counts = session.execute(
            text("SELECT kind, status, count(*) FROM outbox_effects GROUP BY 1, 2 ORDER BY 1, 2")
        ).all()
        waiting = session.execute(
            text(
                "SELECT status, kind, idempotency_key, attempts, next_attempt_at, last_error "
                "FROM outbox_effects WHERE status <> 'done' "
                "ORDER BY status, priority, next_attempt_at LIMIT 200"
            )
        ).all()
    print("kind     status    count")
    for kind, status, count in counts:
        print(f"{kind:<8} {status:<9} {count}")
    for status, kind, key, attempts, due, error in waiting:
        print(f"\n{status} {kind} {key}: {attempts} tries, next {due:%Y-%m-%d %H:%M:%S} UTC")
        if error:
            print(f"  last error: {error}")


if __name__ == "__main__":
    main()
