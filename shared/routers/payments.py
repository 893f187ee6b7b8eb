"""Checkout, the Stripe webhook, payment history and package credits."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, status
from starlette.concurrency import run_in_threadpool

from shared.domain import payments
from shared.errors import (
    BadRequest,
    Conflict,
    Forbidden,
    NotFound,
    ServiceUnavailable,
    Unprocessable,
)
from shared.http.auth import ClientUser, CurrentUser, VerifiedUser
from shared.http.openapi import raises
from shared.http.pagination import LimitQuery, PageQuery
from shared.pagination import Page
from shared.schemas.payments import CheckoutIn, WebhookOut

router = APIRouter(tags=["payments"])


@router.post("/payments/checkout", status_code=status.HTTP_201_CREATED)
@raises(
    NotFound,
    (Forbidden, "wrong_role"),
    (Conflict, "not_payable"),
    (Unprocessable, "not_a_package"),
    (ServiceUnavailable, "payments_unavailable", "stripe_unavailable"),
)
def start_checkout(body: CheckoutIn, user: VerifiedUser) -> payments.Checkout:
    """Start paying for an appointment or a package

    A client with a verified email. Give `appointment_id` (an unpaid pending booking) or
    `service_id` (buy a package). Answers a Stripe PaymentIntent: the client confirms it with
    Stripe (Stripe.js or a mobile SDK, with `client_secret`) and Stripe's webhook tells the
    outcome. Asking again for the same unpaid appointment returns the same payment, so a
    declined card can be retried on it until the hold expires.
    """
    if user.role != "client":
        raise Forbidden("Only clients pay.", code="wrong_role")
    return payments.checkout(
        user.id, appointment_id=body.appointment_id, service_id=body.service_id
    )


@router.post("/payments/webhook", openapi_extra={"requestBody": {"required": True, "content": {
    "application/json": {"schema": {"type": "object"}, "examples": {"succeeded": {"value": {
        "id": "evt_1", "type": "payment_intent.succeeded",
        "data": {"object": {"id": "pi_1", "object": "payment_intent"}}}}}}}}})  # fmt: skip
@raises(
    (BadRequest, "invalid_signature", "invalid_event"),
    (ServiceUnavailable, "payments_unavailable"),
)
async def receive_stripe_event(request: Request) -> WebhookOut:
    """Receive a Stripe webhook event

    Stripe, with the raw body and its `Stripe-Signature` (400 when it is bad or stale). 200
    for every valid event, each applied exactly once: `payment_intent.succeeded` confirms the
    appointment or grants the package, `payment_intent.payment_failed` and
    `payment_intent.canceled` mark the payment failed, `charge.refunded` marks it refunded.
    """
    # The signature covers the exact bytes Stripe sent, so the raw body is read, never parsed
    # and re-serialised (Mangum has already undone API Gateway's base64).
    payload = await request.body()
    signature = request.headers.get("stripe-signature")
    outcome = await run_in_threadpool(payments.apply_stripe_event, payload, signature)
    return WebhookOut(received=True, outcome=outcome)


@router.get("/payments")
def list_payments(user: CurrentUser, page: PageQuery) -> Page[payments.PaymentView]:
    """List my payments

    The payer: their own payments, newest first, each with its `refund` (null or its status).
    """
    return payments.list_payments(user.id, limit=page.limit, cursor=page.cursor)


@router.get("/payments/{id}")
@raises(NotFound)
def get_payment(id: uuid.UUID, user: CurrentUser) -> payments.PaymentView:
    """Read a payment

    The payer (anyone else gets a 404). `status` becomes `refunded` as soon as Stripe reports
    the refund succeeded.
    """
    return payments.get_payment(user.id, id)


@router.get("/me/credits")
def list_my_credits(user: ClientUser, limit: LimitQuery) -> list[payments.CreditView]:
    """List my package credits

    A client: the remaining sessions of each package bought, the soonest to expire first.
    Booking a service of which the client holds a credit spends one (no payment).
    """
    return payments.list_credits(user.id, limit=limit)
