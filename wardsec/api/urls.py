"""/api/v1/: every app's API, one router namespace."""

from django.urls import include, path

urlpatterns = [
    path("", include("wards.api.urls")),
    path("", include("tips.api.urls")),
]
