"""The bench server's URLs: the site's own, and the bare yardstick under /bare/."""

from django.urls import path

from bare import views
from wardsec.urls import handler400, handler403, handler404, handler500  # noqa: F401
from wardsec.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    path("bare/form/", views.submit, name="bare-submit"),
    path("bare/lookup/", views.lookup, name="bare-lookup"),
    *site_urlpatterns,
]
