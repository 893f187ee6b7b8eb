"""The database connection's socket: TCP_NODELAY, so a large bind never waits for a delayed ACK."""

from __future__ import annotations

import socket

import pytest
from sqlalchemy import text

from shared.db import compact_sql, get_engine


def test_pooled_connections_send_without_delay() -> None:
    with get_engine().connect() as connection:
        assert connection.execute(text("SELECT 1")).scalar() == 1
        sock = connection.info["socket"]
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
        assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) != 0


def test_compact_sql_joins_whitespace_but_never_inside_a_literal() -> None:
    sql = "SELECT  'two  spaces',\n       to_char(x, 'FM Day')\n    FROM t  WHERE a = 'it''s  so'"
    assert (
        compact_sql(sql)
        == "SELECT 'two  spaces', to_char(x, 'FM Day') FROM t WHERE a = 'it''s  so'"
    )
    with pytest.raises(ValueError):
        compact_sql("SELECT 1 -- a comment\nFROM t")
