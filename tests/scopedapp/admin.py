from django.contrib import admin

from tests.scopedapp.models import Widget
from wardsec.admin import WardScopedAdmin


@admin.register(Widget)
class WidgetAdmin(WardScopedAdmin):
    list_display = ["name", "ward", "neighbourhood", "owner"]
    list_filter = ["ward", "neighbourhood", "owner"]
    search_fields = ["name"]
    autocomplete_fields = ["neighbourhood"]
