import django_filters
from rest_framework import serializers
from rest_framework.routers import DefaultRouter

from tests.scopedapp.models import Widget
from wardsec.api.viewsets import WardScopedViewSet


class WidgetSerializer(serializers.ModelSerializer):
    ward = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Widget
        fields = ["id", "ward", "neighbourhood", "name"]


class WidgetFilterSet(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains")
    ward = django_filters.CharFilter(field_name="ward__code")

    class Meta:
        model = Widget
        fields: list[str] = []


class WidgetViewSet(WardScopedViewSet):
    model = Widget
    serializer_class = WidgetSerializer
    filterset_class = WidgetFilterSet
    search_fields = ["name"]

    def get_queryset(self):
        return super().get_queryset().select_related("ward")


router = DefaultRouter()
router.register("widgets", WidgetViewSet, basename="widget")
