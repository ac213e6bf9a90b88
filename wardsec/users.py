"""The person acting on a request, typed for the services."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.http import HttpRequest
    from rest_framework.request import Request


def signed_in(request: HttpRequest | Request) -> User:
    """The signed-in user of a request that only a signed-in user reaches.

    Admin views are reached only signed in (`admin_view` sees to it); the API's permission
    classes refuse anonymous requests (`WardModelPermissions`, `require`). A type-level narrowing
    of `request.user` (`User | AnonymousUser`): nothing is checked at run time.
    """
    return cast("User", request.user)
