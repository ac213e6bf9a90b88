"""The models registry in the officers' workplace: a model's page shows its indicators as of
today, its open faults and the evidence table and chart; the steps call the services and show
their refusals in Vietnamese on the field they name."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from models_registry.models import Asset, Fault, PreventionModel
from tests.models_registry import factories
from tests.platform.personas import client_for
from tests.tips import factories as tips_factories

pytestmark = pytest.mark.django_db


def test_the_model_page_shows_indicators_open_faults_and_the_effect(officer_a, ward_a):
    lit = factories.area(ward_a, "Khu phố Sáng")
    factories.area(ward_a, "Khu phố Tối")
    model = factories.make_model(ward_a, neighbourhoods=[lit], started_on=datetime.date(2019, 1, 1))
    factories.make_asset(model, neighbourhood=lit)
    factories.make_fault(factories.make_asset(model), description="Đứt dây đèn hẻm 7.")
    page = client_for(officer_a).get(
        reverse("admin:models_registry_preventionmodel_change", args=[model.pk])
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert page.context["record"]["indicators"] == {"bulbs": 80, "length_m": 800}
    assert "Số bóng đèn" in text and "800" in text
    assert "Đứt dây đèn hẻm 7." in text
    assert 'id="effect"' in text and "<svg" in text
    years = [row["year"] for row in page.context["effect_rows"]]
    assert years[0] == "2018" and years[1] == "2019"


def test_money_on_the_models_page_has_vietnamese_separators(officer_a, ward_a):
    model = factories.make_model(ward_a, kind_code="cameras")
    with scopes_disabled():
        from models_registry import services

        services.record_contribution(
            model=model, actor=None, amount_vnd=70_000_000, received_on=datetime.date(2019, 3, 1)
        )
    page = client_for(officer_a).get(
        reverse("admin:models_registry_preventionmodel_change", args=[model.pk])
    )
    assert "70.000.000" in page.content.decode()


def test_an_officer_starts_a_model_from_the_admin(officer_a, ward_a):
    area = factories.area(ward_a)
    client = client_for(officer_a)
    url = reverse("admin:models_registry_preventionmodel_add")
    form = client.get(url)
    assert form.status_code == 200 and "Triển khai mô hình" in form.content.decode()
    with scopes_disabled():
        kind = factories.kind("cameras")
    response = client.post(
        url,
        {
            "kind": kind.pk,
            "code": "camera-kp1",
            "name": "Camera an ninh khu phố 1",
            "started_on": "2019-03-01",
            "neighbourhoods": [area.pk],
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        model = PreventionModel.objects.get(code="camera-kp1")
        assert model.ward == ward_a and list(model.neighbourhoods.all()) == [area]


def test_an_asset_with_a_point_outside_vietnam_is_refused_on_the_field(officer_a, ward_a):
    model = factories.make_model(ward_a)
    response = client_for(officer_a).post(
        reverse("admin:models_registry_asset_add"),
        {
            "model": model.pk,
            "kind": "lighting_segment",
            "name": "Tuyến đèn bờ kè",
            "neighbourhood": factories.area(ward_a).pk,
            "installed_on": "2019-01-01",
            "latitude": "40.0",
            "longitude": "105.9",
            "bulbs": "20",
            "length_m": "200",
        },
    )
    assert response.status_code == 200
    assert "lãnh thổ Việt Nam" in str(response.context["form"].errors["latitude"])
    with scopes_disabled():
        assert not Asset.objects.exists()


def test_a_fault_is_reported_from_a_citizens_tip_on_the_assets_page(officer_a, ward_a, ward_b):
    asset = factories.make_asset(factories.make_model(ward_a))
    own, foreign = tips_factories.make_tip(ward_a), tips_factories.make_tip(ward_b)
    client = client_for(officer_a)
    url = reverse("admin:models_registry_asset_report_fault", args=[asset.pk])
    body = {"description": "Người dân báo đèn tắt.", "reported_on": "2021-03-01"}
    refused = client.post(url, {**body, "tip": foreign.reference})
    assert refused.status_code == 200
    assert "Không có tin báo số này" in str(refused.context["form"].errors["tip"])
    done = client.post(url, {**body, "tip": own.reference.lower()})
    assert done.status_code == 302
    with scopes_disabled():
        fault = Fault.objects.get(asset=asset)
        assert fault.tip == own and Asset.objects.get(pk=asset.pk).out_of_order


def test_the_commander_evaluates_and_a_second_time_is_refused(commander_a, ward_a):
    model = factories.make_model(ward_a)
    client = client_for(commander_a)
    url = reverse("admin:models_registry_preventionmodel_evaluate", args=[model.pk])
    body = {"year": "2020", "rating": "effective", "reasons": "Không còn trộm đêm."}
    assert client.post(url, body).status_code == 302
    again = client.post(url, body)
    assert again.status_code == 200
    assert "đã được đánh giá năm này" in str(again.context["form"].errors["year"])


def test_the_map_plots_the_wards_assets_and_tips_without_anything_external(
    officer_a, ward_a, ward_b
):
    from decimal import Decimal

    model = factories.make_model(ward_a)
    factories.make_asset(
        model, name="Đèn bến đò", latitude=Decimal("10.775"), longitude=Decimal("105.925")
    )
    broken = factories.make_asset(
        model, name="Đèn chợ", latitude=Decimal("10.776"), longitude=Decimal("105.927")
    )
    factories.make_fault(broken)
    factories.make_asset(model, name="Đèn không tọa độ")
    factories.make_asset(
        factories.make_model(ward_b),
        name="Đèn phường khác",
        latitude=Decimal("10.7"),
        longitude=Decimal("105.9"),
    )
    tips_factories.make_tip(ward_a, latitude=Decimal("10.7755"), longitude=Decimal("105.926"))
    page = client_for(officer_a).get(reverse("admin:models_registry_asset_map"))
    assert page.status_code == 200
    text = page.content.decode()
    plot = page.context["plot"]
    assert len(plot.assets) == 2 and len(plot.tips) == 1
    assert sum(mark.broken for mark in plot.assets) == 1
    assert all(0 <= m.x <= plot.width and 0 <= m.y <= plot.height for m in plot.assets)
    assert "Đèn không tọa độ" in text and "Đèn phường khác" not in text
    assert "http://" not in text.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "tile" not in text.lower()


def test_the_map_needs_the_view_permission(ward_a):
    from tests.platform.personas import user_with_permissions

    url = reverse("admin:models_registry_asset_map")
    assert client_for(user_with_permissions(ward_a)).get(url).status_code == 403
    from django.test import Client

    assert Client().get(url).status_code == 302
    reader = user_with_permissions(ward_a, "models_registry.view_asset")
    page = client_for(reader).get(url)
    assert page.status_code == 200 and page.context["tips_shown"] == 0  # no tips.view_tip
