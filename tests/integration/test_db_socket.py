"""The database connection's socket: TCP_NODELAY, so a large bind never waits for a delayed ACK."""

from __future__ import annotations

import socket

from sqlalchemy import text

from shared.db import get_engine


def test_pooled_connections_send_without_delay() -> None:
    with get_engine().connect() as connection:
        assert connection.execute(text("SELECT 1")).scalar() == 1
        sock = connection.info["socket"]
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
        assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) != 0
