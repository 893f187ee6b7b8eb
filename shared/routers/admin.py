"""Administration (role `admin`): vetting, suspension, refunds, the audit trail."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query

from shared.domain import admin, audit
from shared.domain.authentication import Principal
from shared.errors import Conflict, NotFound
from shared.http.auth import require_role
from shared.http.openapi import raises
from shared.http.pagination import PageQuery
from shared.schemas.admin import (
    AccountStatusOut,
    AdminRefundOut,
    AuditEventOut,
    DecisionIn,
    ReasonIn,
    VettingOut,
)
from shared.schemas.common import Instant, Page

router = APIRouter(tags=["admin"])
AdminUser = Annotated[Principal, Depends(require_role("admin"))]


@router.get("/admin/therapists", response_model=Page[VettingOut])
def list_therapists_for_vetting(
    user: AdminUser,
    page: PageQuery,
    vetting_status: Annotated[Literal["pending", "approved", "rejected"] | None, Query()] = None,
) -> Page[VettingOut]:
    """List therapists for vetting

    An admin. Every therapist with their `license`; filter by `vetting_status`.
    """
    found = admin.list_for_vetting(user.id, vetting_status, limit=page.limit, cursor=page.cursor)
    return Page(
        items=[VettingOut.model_validate(v, from_attributes=True) for v in found.items],
        next_cursor=found.next_cursor,
    )


@router.post("/admin/therapists/{id}/approve", response_model=VettingOut)
@raises(NotFound)
def approve_therapist(id: uuid.UUID, user: AdminUser, body: DecisionIn | None = None) -> VettingOut:
    """Approve a therapist

    An admin. With vetting required, the therapist is listed and matched from now on; they are
    notified. Audited.
    """
    view = admin.decide_vetting(user.id, id, True, body.reason if body else None)
    return VettingOut.model_validate(view, from_attributes=True)


@router.post("/admin/therapists/{id}/reject", response_model=VettingOut)
@raises(NotFound)
def reject_therapist(id: uuid.UUID, user: AdminUser, body: DecisionIn | None = None) -> VettingOut:
    """Reject a therapist

    An admin, with an optional reason the therapist is told. With vetting required, they are
    no longer listed or matched. Audited.
    """
    view = admin.decide_vetting(user.id, id, False, body.reason if body else None)
    return VettingOut.model_validate(view, from_attributes=True)


@router.post("/admin/users/{id}/suspend", response_model=AccountStatusOut)
@raises(NotFound, (Conflict, "own_account"))
def suspend_user(id: uuid.UUID, body: ReasonIn, user: AdminUser) -> AccountStatusOut:
    """Suspend an account

    An admin, not on themselves (409 `own_account`). The user cannot log in, their refresh
    tokens are revoked, and a therapist leaves the directory and matching, their future
    appointments ended as a therapist's cancellation. Audited.
    """
    return AccountStatusOut.model_validate(admin.suspend(user.id, id, body.reason),
                                           from_attributes=True)  # fmt: skip


@router.post("/admin/users/{id}/unsuspend", response_model=AccountStatusOut)
@raises(NotFound)
def unsuspend_user(id: uuid.UUID, body: ReasonIn, user: AdminUser) -> AccountStatusOut:
    """Lift an account's suspension

    An admin, with a reason. The user can log in again. Audited.
    """
    return AccountStatusOut.model_validate(admin.unsuspend(user.id, id, body.reason),
                                           from_attributes=True)  # fmt: skip


@router.post("/admin/payments/{id}/refund", response_model=AdminRefundOut)
@raises(NotFound, (Conflict, "not_refundable"))
def refund_payment(id: uuid.UUID, body: ReasonIn, user: AdminUser) -> AdminRefundOut:
    """Refund a payment in full

    An admin, with a reason; only a succeeded payment (409 `not_refundable`). Carried out
    through the same durable path as every refund, its appointment cancelled. Audited.
    """
    return AdminRefundOut.model_validate(admin.refund_payment(user.id, id, body.reason),
                                         from_attributes=True)  # fmt: skip


@router.get("/admin/audit", response_model=Page[AuditEventOut])
def list_audit_events(
    user: AdminUser,
    page: PageQuery,
    subject_id: uuid.UUID | None = None,
    actor_id: uuid.UUID | None = None,
    from_: Annotated[Instant | None, Query(alias="from")] = None,
    to: Instant | None = None,
) -> Page[AuditEventOut]:
    """Search the audit trail

    An admin: everyone's audit events, newest first; filter by `subject_id`, `actor_id`,
    `from` and `to`. Audit events can be added, never changed or deleted.
    """
    found = audit.all_audit(
        audit.AuditFilter(subject_id, actor_id, from_, to), limit=page.limit, cursor=page.cursor
    )
    return Page(
        items=[AuditEventOut.model_validate(e, from_attributes=True) for e in found.items],
        next_cursor=found.next_cursor,
    )
