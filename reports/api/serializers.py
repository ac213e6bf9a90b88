"""Serializers of the reports API: a report as listed, and a request's input."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from reports import choices, models
from reports.services import FORMATS
from wardsec.api.serializers import ModelSerializer, Serializer


class ReportSerializer(ModelSerializer):
    ward: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    province: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    files = serializers.SerializerMethodField()

    class Meta:
        model = models.Report
        fields = [
            "id",
            "kind",
            "ward",
            "province",
            "start",
            "end",
            "language",
            "cadence",
            "status",
            "error",
            "attempts",
            "created_at",
            "started_at",
            "finished_at",
            "figures",
            "files",
        ]
        read_only_fields = fields

    def get_files(self, report: models.Report) -> dict[str, str]:
        """{format: download address} of the files written."""
        return {
            fmt.value: reverse("report-download", args=[report.pk]) + f"?file={fmt.value}"
            for fmt in FORMATS
            if report.file_of(fmt)
        }


class ReportRequestSerializer(Serializer):
    kind = serializers.ChoiceField(choices=choices.ScopeKind.choices, label=_("Phạm vi"))
    ward = serializers.CharField(required=False, label=_("Mã phường/xã"))
    province = serializers.CharField(required=False, label=_("Mã tỉnh"))
    start = serializers.DateField(label=_("Từ ngày"))
    end = serializers.DateField(label=_("Đến ngày"))
    language = serializers.ChoiceField(
        choices=choices.ReportLanguage.choices,
        default=choices.ReportLanguage.VI,
        label=_("Ngôn ngữ"),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        from wards.models import Province, Ward

        if attrs.get("ward"):
            ward = Ward.objects.filter(code=attrs["ward"]).select_related("province").first()
            if ward is None:
                raise serializers.ValidationError({"ward": [_("Không có phường/xã này.")]})
            attrs["ward"] = ward
        if attrs.get("province"):
            province = Province.objects.filter(code=attrs["province"]).first()
            if province is None:
                raise serializers.ValidationError({"province": [_("Không có tỉnh này.")]})
            attrs["province"] = province
        return attrs


class DownloadSerializer(Serializer):
    file = serializers.ChoiceField(choices=choices.ReportFormat.choices, default="pdf")
