"""The one pagination dependency: `?limit=` (default 20, max 100) and `?cursor=`; and `?limit=`
alone for the short lists that have no cursor."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query

from shared.errors import Unprocessable
from shared.http.openapi import raises
from shared.pagination import DEFAULT_LIMIT, MAX_LIMIT


@dataclass(frozen=True)
class PageParams:
    limit: int
    cursor: str | None


@raises((Unprocessable, "invalid_cursor"))  # a cursor this API did not issue
def _page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    cursor: Annotated[str | None, Query(max_length=512)] = None,
) -> PageParams:
    return PageParams(limit=limit, cursor=cursor or None)


PageQuery = Annotated[PageParams, Depends(_page_params)]


def _limit_only(
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description="At most this many items (the first ones).")
    ] = DEFAULT_LIMIT,
) -> int:
    return limit


LimitQuery = Annotated[int, Depends(_limit_only)]
