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
from shared.pagination import Page
from shared.schemas.admin import DecisionIn, ReasonIn
from shared.schemas.common import Instant

router = APIRouter(tags=["admin"])
AdminUser = Annotated[Principal, Depends(require_role("admin"))]


@router.get("/admin/therapists")
def list_therapists_for_vetting(
    user: AdminUser,
    page: PageQuery,
    vetting_status: Annotated[Literal["pending", "approved", "rejected"] | None, Query()] = None,
) -> Page[admin.VettingView]:
    """List therapists for vetting

    An admin. Every therapist with their `license`; filter by `vetting_status`.
    """
    return admin.list_for_vetting(user.id, vetting_status, limit=page.limit, cursor=page.cursor)


@router.post("/admin/therapists/{id}/approve")
@raises(NotFound)
def approve_therapist(
    id: uuid.UUID, user: AdminUser, body: DecisionIn | None = None
) -> admin.VettingView:
    """Approve a therapist

    An admin. With vetting required, the therapist is listed and matched from now on; they are
    notified. Audited.
    """
    return admin.decide_vetting(user.id, id, True, body.reason if body else None)


@router.post("/admin/therapists/{id}/reject")
@raises(NotFound)
def reject_therapist(
    id: uuid.UUID, user: AdminUser, body: DecisionIn | None = None
) -> admin.VettingView:
    """Reject a therapist

    An admin, with an optional reason the therapist is told. With vetting required, they are
    no longer listed or matched. Audited.
    """
    return admin.decide_vetting(user.id, id, False, body.reason if body else None)


@router.post("/admin/users/{id}/suspend")
@raises(NotFound, (Conflict, "own_account"))
def suspend_user(id: uuid.UUID, body: ReasonIn, user: AdminUser) -> admin.AccountStatus:
    """Suspend an account

    An admin, not on themselves (409 `own_account`). The user cannot log in, their refresh
    tokens are revoked, and a therapist leaves the directory and matching, their future
    appointments ended as a therapist's cancellation. Audited.
    """
    return admin.suspend(user.id, id, body.reason)


@router.post("/admin/users/{id}/unsuspend")
@raises(NotFound)
def unsuspend_user(id: uuid.UUID, body: ReasonIn, user: AdminUser) -> admin.AccountStatus:
    """Lift an account's suspension

    An admin, with a reason. The user can log in again. Audited.
    """
    return admin.unsuspend(user.id, id, body.reason)


@router.post("/admin/payments/{id}/refund")
@raises(NotFound, (Conflict, "not_refundable"))
def refund_payment(id: uuid.UUID, body: ReasonIn, user: AdminUser) -> admin.AdminRefund:
    """Refund a payment in full

    An admin, with a reason; only a succeeded payment (409 `not_refundable`). Carried out
    through the same durable path as every refund, its appointment cancelled. Audited.
    """
    return admin.refund_payment(user.id, id, body.reason)


@router.get("/admin/audit")
def list_audit_events(
    user: AdminUser,
    page: PageQuery,
    subject_id: uuid.UUID | None = None,
    actor_id: uuid.UUID | None = None,
    from_: Annotated[Instant | None, Query(alias="from")] = None,
    to: Instant | None = None,
) -> Page[audit.AuditView]:
    """Search the audit trail

    An admin: everyone's audit events, newest first; filter by `subject_id`, `actor_id`,
    `from` and `to`. Audit events can be added, never changed or deleted.
    """
    return audit.all_audit(
        audit.AuditFilter(subject_id, actor_id, from_, to), limit=page.limit, cursor=page.cursor
    )
