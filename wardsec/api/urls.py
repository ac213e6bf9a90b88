"""/api/v1/: every app's API in one router (one API root), composed from the routers the apps
declare on their AppConfig (`api_router`, see wardsec.registry)."""

from wardsec import registry

router = registry.api_router()
urlpatterns = router.urls
