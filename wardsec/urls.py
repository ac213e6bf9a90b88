from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from wardsec import registry, views

# Vietnamese error pages in the frame of the part of the site they answer for (wardsec.errors).
handler400 = "wardsec.errors.bad_request"
handler403 = "wardsec.errors.permission_denied"
handler404 = "wardsec.errors.page_not_found"
handler500 = "wardsec.errors.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("healthz/ready", views.healthz_ready, name="healthz_ready"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("wardsec.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: our CSP allows no inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    # Every app's public URLs, declared on its AppConfig (`urls`).
    *registry.url_includes(),
]
