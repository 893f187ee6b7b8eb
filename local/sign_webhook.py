"""Turn a Stripe event body into a signed API Gateway v2 event for the payments function:

    python -m local.sign_webhook events/stripe_webhook_body.json > /tmp/webhook.json
    make invoke FUNCTION=payments EVENT=/tmp/webhook.json     (or sam local invoke -e)

Signed now with STRIPE_WEBHOOK_SECRET, else the secret a `make run` made (.data/run-env.json),
as Stripe would; the body goes base64-encoded, as API
Gateway may send it, so the verification over the exact bytes is exercised too.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import sys
import time
from pathlib import Path
from typing import Any


def signed_event(body: bytes, secret: str, at: int | None = None) -> dict[str, object]:
    timestamp = at if at is not None else int(time.time())
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    template: dict[str, Any] = json.loads(
        (Path(__file__).parent.parent / "events" / "health.json").read_text()
    )
    template.update(
        routeKey="POST /payments/webhook",
        rawPath="/payments/webhook",
        body=base64.b64encode(body).decode(),
        isBase64Encoded=True,
    )
    template["headers"] = {
        "content-type": "application/json",
        "stripe-signature": f"t={timestamp},v1={mac}",
        "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
    }
    template["requestContext"]["http"].update(method="POST", path="/payments/webhook")
    template["requestContext"]["routeKey"] = "POST /payments/webhook"
    return template


if __name__ == "__main__":
    from local.runenv import RUN_ENV, read

    secret = os.environ.get("STRIPE_WEBHOOK_SECRET") or read().get("STRIPE_WEBHOOK_SECRET")
    if not secret:
        raise SystemExit(
            f"no STRIPE_WEBHOOK_SECRET set nor in {RUN_ENV}: start `make run`, or set it to the "
            "secret the payments function checks"
        )
    print(json.dumps(signed_event(Path(sys.argv[1]).read_bytes(), secret), indent=2))
