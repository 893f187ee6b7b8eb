"""Checkout, the Stripe webhook, payment history and package credits."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, status
from starlette.concurrency import run_in_threadpool

from shared.domain import payments
from shared.errors import Forbidden
from shared.http.auth import ClientUser, CurrentUser, VerifiedUser
from shared.http.pagination import LimitQuery, PageQuery
from shared.schemas.common import Page
from shared.schemas.payments import CheckoutIn, CheckoutOut, CreditOut, PaymentOut, WebhookOut

router = APIRouter(tags=["payments"])


def _payment(view: payments.PaymentView) -> PaymentOut:
    return PaymentOut.model_validate(view, from_attributes=True)


@router.post("/payments/checkout", status_code=status.HTTP_201_CREATED)
def checkout(body: CheckoutIn, user: VerifiedUser) -> CheckoutOut:
    if user.role != "client":
        raise Forbidden("Only clients pay.", code="wrong_role")
    view = payments.checkout(
        user.id, appointment_id=body.appointment_id, service_id=body.service_id
    )
    assert view.stripe_payment_intent_id is not None and view.client_secret is not None
    return CheckoutOut(
        payment_id=view.id,
        stripe_payment_intent_id=view.stripe_payment_intent_id,
        client_secret=view.client_secret,
        amount_cents=view.amount_cents,
        currency=view.currency,
        status=view.status,
    )


@router.post(
    "/payments/webhook",
    responses={400: {"description": "Bad or stale Stripe-Signature"}},
    openapi_extra={"requestBody": {"content": {"application/json": {"schema": {"type": "object"}}},
                                   "required": True}},
)  # fmt: skip
async def webhook(request: Request) -> WebhookOut:
    # The signature covers the exact bytes Stripe sent, so the raw body is read, never parsed
    # and re-serialised (Mangum has already undone API Gateway's base64).
    payload = await request.body()
    signature = request.headers.get("stripe-signature")
    outcome = await run_in_threadpool(payments.apply_stripe_event, payload, signature)
    return WebhookOut(received=True, outcome=outcome)


@router.get("/payments")
def list_payments(user: CurrentUser, page: PageQuery) -> Page[PaymentOut]:
    found = payments.list_payments(user.id, limit=page.limit, cursor=page.cursor)
    return Page(items=[_payment(p) for p in found.items], next_cursor=found.next_cursor)


@router.get("/payments/{id}")
def get_payment(id: uuid.UUID, user: CurrentUser) -> PaymentOut:
    return _payment(payments.get_payment(user.id, id))


@router.get("/me/credits")
def my_credits(user: ClientUser, limit: LimitQuery) -> list[CreditOut]:
    """The credits that expire soonest first."""
    found = payments.list_credits(user.id, limit=limit)
    return [CreditOut.model_validate(c, from_attributes=True) for c in found]
