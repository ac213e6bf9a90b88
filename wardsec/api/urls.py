"""/api/v1/: every app's API in one router (one API root), composed from the routers the apps
declare on their AppConfig (`api_router`, see wardsec.registry).

An address under /api/v1/ that no route matches (`/tips/1.5/`, `/cases/a/b/`) answers like the
API, JSON `{"detail": …}` with 404, not the site's HTML page: clients parse every answer alike."""

from typing import Any

from django.urls import re_path
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    permission_classes,
    throttle_classes,
)
from rest_framework.request import Request
from rest_framework.response import Response

from wardsec import registry

ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]


@extend_schema(exclude=True)
@api_view(ALL_METHODS)
@authentication_classes([])
@permission_classes([])
@throttle_classes([])
def not_found(request: Request, *args: Any, **kwargs: Any) -> Response:
    raise exceptions.NotFound


router = registry.api_router()
# Only addresses ending in "/": without it, CommonMiddleware's APPEND_SLASH redirect comes first.
urlpatterns = [*router.urls, re_path(r"^.*/$", not_found, name="api-not-found")]
