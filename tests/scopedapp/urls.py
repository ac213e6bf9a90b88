"""The project's URLs plus the throwaway model's API (tests only)."""

from django.urls import include, path

from tests.scopedapp.api import router
from wardsec.urls import urlpatterns as project_urlpatterns

urlpatterns = [path("api/v1/test/", include(router.urls)), *project_urlpatterns]
