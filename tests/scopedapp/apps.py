from django.apps import AppConfig


class ScopedAppConfig(AppConfig):
    """A throwaway ward-owned model, installed only in tests, that exercises the shared
    machinery (scoped admin and API base classes) the way every domain app uses it."""

    name = "tests.scopedapp"
    label = "scopedapp"
    default_auto_field = "django.db.models.BigAutoField"
    role_permissions = {
        "officer": ["view_widget", "add_widget", "change_widget", "delete_widget"],
        "commander": ["view_widget", "add_widget", "change_widget", "delete_widget"],
        "leader": ["view_widget"],
    }
