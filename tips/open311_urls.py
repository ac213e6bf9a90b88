"""/open311/v2/: Open311 GeoReport v2, in JSON and XML (`<resource>.json`, `<resource>.xml`)."""

from django.urls import path, re_path

from tips import open311

app_name = "open311"

urlpatterns = [
    path("discovery.<str:fmt>", open311.discovery, name="discovery"),
    path("services.<str:fmt>", open311.service_list, name="services"),
    path("services/<slug:service_code>.<str:fmt>", open311.service_definition, name="service"),
    path("requests.<str:fmt>", open311.requests_view, name="requests"),
    path("requests/<str:service_request_id>.<str:fmt>", open311.request_detail, name="request"),
    path("tokens/<str:token>.<str:fmt>", open311.token_detail, name="token"),
    re_path(r"^(?P<path>.*)$", open311.not_found),
]
