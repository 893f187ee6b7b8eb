"""The services catalogue: what therapists sell (seed 004), single sessions or packages."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import select

from shared.db import get_session
from shared.domain.availability import parsed_weekly
from shared.errors import NotFound, Unprocessable
from shared.models import Service, User
from shared.pagination import Page, paginate


@dataclass(frozen=True)
class ServiceView:
    id: uuid.UUID
    therapist_id: uuid.UUID
    title: str
    description: str
    category: str
    package_type: str
    sessions_included: int
    validity_days: int | None
    duration_minutes: int
    price_cents: int
    currency: str
    requires_confirmation: bool
    is_active: bool
    images: list[str]
    availability: dict[str, Any] | None
    created_at: datetime

    @classmethod
    def of(cls, service: Service) -> ServiceView:
        return cls(**{f.name: getattr(service, f.name) for f in fields(cls)})


EDITABLE = {
    "title", "description", "category", "package_type", "sessions_included", "validity_days",
    "duration_minutes", "price_cents", "currency", "requires_confirmation", "is_active", "images",
    "availability",
}  # fmt: skip


NULLABLE = {"validity_days", "availability"}


def _check(service: Service) -> None:
    """Rules across fields (the database checks them too; this gives the clear 422)."""
    if service.package_type == "single" and service.sessions_included != 1:
        raise Unprocessable(
            "A single service includes exactly one session.", code="invalid_package"
        )
    if service.package_type != "single" and not service.validity_days:
        raise Unprocessable("A package needs validity_days.", code="invalid_package")
    if service.availability is not None:
        parsed_weekly(service.availability)


def create_service(therapist_id: uuid.UUID, data: Mapping[str, Any]) -> ServiceView:
    service = Service(therapist_id=therapist_id, **{k: v for k, v in data.items() if k in EDITABLE})
    service.sessions_included = data.get("sessions_included") or 1
    _check(service)
    with get_session() as session:
        session.add(service)
        session.flush()
        session.refresh(service)
        return ServiceView.of(service)


def update_service(
    therapist_id: uuid.UUID, service_id: uuid.UUID, changes: Mapping[str, Any]
) -> ServiceView:
    """Change the caller's own service; anyone else's is a 404."""
    with get_session() as session:
        service = session.scalar(select(Service).where(Service.id == service_id).with_for_update())
        if service is None or service.therapist_id != therapist_id:
            raise NotFound("No such service.")
        for key, value in changes.items():
            if key not in EDITABLE:
                continue
            if value is None and key not in NULLABLE:
                raise Unprocessable(f"{key} cannot be removed.", code="field_required")
            setattr(service, key, value)
        _check(service)
        session.flush()
        return ServiceView.of(service)


def get_service(service_id: uuid.UUID, viewer_id: uuid.UUID | None) -> ServiceView:
    """A service; an inactive one only for its owner."""
    with get_session() as session:
        service = session.get(Service, service_id)
        if service is None or (not service.is_active and service.therapist_id != viewer_id):
            raise NotFound("No such service.")
        return ServiceView.of(service)


@dataclass(frozen=True)
class ServiceFilter:
    category: str | None = None
    therapist_id: uuid.UUID | None = None
    package_type: str | None = None


def list_services(
    filters: ServiceFilter, viewer_id: uuid.UUID | None, *, limit: int, cursor: str | None
) -> Page[ServiceView]:
    """Active services of live therapists, newest first; owners also see their inactive ones."""
    statement = (
        select(Service).join(User, User.id == Service.therapist_id).where(User.deleted_at.is_(None))
    )
    if viewer_id is None:
        statement = statement.where(Service.is_active.is_(True))
    else:
        statement = statement.where(
            Service.is_active.is_(True) | (Service.therapist_id == viewer_id)
        )
    if filters.category:
        statement = statement.where(Service.category == filters.category)
    if filters.therapist_id:
        statement = statement.where(Service.therapist_id == filters.therapist_id)
    if filters.package_type:
        statement = statement.where(Service.package_type == filters.package_type)
    with get_session() as session:
        return paginate(
            session,
            statement,
            keys=[Service.created_at, Service.id],
            limit=limit,
            cursor=cursor,
            to_item=ServiceView.of,
        )
