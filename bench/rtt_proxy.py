"""A loopback TCP proxy between the code and PostgreSQL: it counts round trips, and with
BENCH_RTT_MS it adds that much latency to each one, to show what RDS Proxy's round trips cost
when loopback hides them.

A round trip is a burst the client sends and then waits on: each chunk read from the client
socket is one (pg8000 writes a statement's messages in one flush, then reads the answer). The
delay is applied once per chunk from the client, before it is forwarded: one RTT per round trip.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time


class LatencyProxy:
    """Forwards 127.0.0.1:<port> to `upstream`, delaying each client burst by `rtt_ms`."""

    def __init__(self, upstream: tuple[str, int], rtt_ms: float = 0.0) -> None:
        self.upstream, self.delay = upstream, rtt_ms / 1000
        self.round_trips = 0
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._stopped = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._stopped:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.upstream)
            for sock in (client, server):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=self._pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket, outbound: bool) -> None:
        try:
            while chunk := source.recv(65536):
                if outbound:
                    with self._lock:
                        self.round_trips += 1
                    if self.delay:
                        time.sleep(self.delay)
                target.sendall(chunk)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def counted(self) -> int:
        with self._lock:
            return self.round_trips

    def stop(self) -> None:
        self._stopped = True
        self._listener.close()
