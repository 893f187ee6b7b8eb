"""Run the Stripe emulator `localstripe` on loopback, for `make run` and the tests.

Its own CLI listens on every interface and pickles its state to a shared /tmp file; this launcher
binds the given host only and keeps state in memory. It also emits two webhook events stock
localstripe never sends (`charge.refunded` on every refund, `payment_intent.canceled`), so the
refund path runs end to end. Only the emulator is adapted; the `stripe` SDK is used as it is.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from typing import Any


def serve(host: str, port: int) -> None:
    from aiohttp import web
    from localstripe import resources  # patched before localstripe.server builds its routes
    from localstripe.resources import Charge, Event, PaymentIntent, Refund, Store, store
    from localstripe.webhooks import schedule_webhook

    Store.dump_to_disk = lambda self: None
    store.clear()
    refund_init = Refund.__init__

    def refund_and_notify(self: Any, *args: Any, **kwargs: Any) -> None:
        refund_init(self, *args, **kwargs)
        schedule_webhook(Event("charge.refunded", Charge._api_retrieve(self.charge)))

    Refund.__init__ = refund_and_notify
    cancel = PaymentIntent._api_cancel

    def cancel_and_notify(id: str, **kwargs: Any) -> Any:
        intent = cancel(id, **kwargs)
        schedule_webhook(Event("payment_intent.canceled", intent))
        return intent

    resources.extra_apis[:] = [
        (m, u, cancel_and_notify if u == "/v1/payment_intents/{id}/cancel" else f)
        for (m, u, f) in resources.extra_apis
    ]
    from localstripe.server import app

    web.run_app(app, host=host, port=port, print=lambda *a: None)


def _die_with_parent() -> None:
    # Linux: the emulator gets SIGTERM when `make run` ends, however it ends (uvicorn re-raises
    # the signal that stopped it, so atexit handlers may never run).
    import ctypes
    import signal

    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def start(port: int, host: str = "127.0.0.1") -> subprocess.Popen[bytes]:
    """Start the emulator in a child process and wait until it answers."""
    process = subprocess.Popen(
        [sys.executable, "-m", "local.localstripe", "--host", host, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://{host}:{port}/v1/customers", timeout=1)
        except urllib.error.HTTPError:
            return process  # 401 without a key: it is up
        except OSError:
            if process.poll() is not None:
                raise RuntimeError("localstripe exited at start") from None
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("localstripe did not start within 30 s")


def register_webhook(base: str, name: str, url: str, secret: str) -> None:
    """Have the emulator sign and deliver its events to `url` (same name: replaced)."""
    request = urllib.request.Request(
        f"{base}/_config/webhooks/{name}",
        data=json.dumps({"url": url, "secret": secret}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    urllib.request.urlopen(request, timeout=5).read()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8420)
    arguments = parser.parse_args()
    serve(arguments.host, arguments.port)
