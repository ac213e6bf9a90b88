"""The API platform (wardsec/api): one error handler and one dialect for every app, field keys
kept, English on request, 401 for missing or bad credentials and 403 for a missing permission,
the permission class, and serializers built on the platform's bases."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.test import Client
from django.urls import URLResolver, get_resolver
from rest_framework import exceptions, viewsets
from rest_framework import serializers as drf_serializers
from rest_framework.authtoken.models import Token
from rest_framework.request import Request
from rest_framework.routers import SimpleRouter
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from tests.tips.factories import make_tip
from wardsec.api import serializers as platform_serializers
from wardsec.api.actions import ServiceActionMixin
from wardsec.api.filters import SearchFilter
from wardsec.api.permissions import require

pytestmark = pytest.mark.django_db

JSON = "application/json"
# One list per app: wards (tenancy) and tips (the reference domain app).
WARDS = "/api/v1/neighbourhoods/"
TIPS = "/api/v1/cases/"
REQUIRED = "Trường này là bắt buộc."
BLANK = "Trường này không được để trống."
FORBIDDEN = "Bạn không có quyền thực hiện thao tác này."
SIGN_IN = "Hãy đăng nhập hoặc gửi mã xác thực (token)."
NOT_FOUND = "Không tìm thấy."


def token_client(user, **extra: str) -> Client:
    token, _ = Token.objects.get_or_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}", **extra)


# --- One dialect, whichever app answers ----------------------------------------------------------


class TestOneDialect:
    def test_missing_and_blank_fields_are_worded_alike_in_both_apps(
        self, superuser_client, officer_a_client, ward_a
    ):
        wards = superuser_client.post(WARDS, {"ward": "WA"}, content_type=JSON)
        tips = officer_a_client.post(TIPS, {"categories": ["theft"]}, content_type=JSON)
        assert wards.status_code == tips.status_code == 400
        assert wards.json()["name"] == tips.json()["title"] == [REQUIRED]

        wards = superuser_client.post(WARDS, {"ward": "WA", "name": ""}, content_type=JSON)
        tips = officer_a_client.post(
            TIPS, {"categories": ["theft"], "title": ""}, content_type=JSON
        )
        assert wards.json()["name"] == tips.json()["title"] == [BLANK]

    def test_a_missing_permission_is_worded_alike_in_both_apps(self, no_perm_client):
        for url in (WARDS, TIPS, "/api/v1/wards/", "/api/v1/tips/"):
            response = no_perm_client.get(url)
            assert response.status_code == 403, url
            assert response.json() == {"detail": FORBIDDEN}, url

    def test_another_wards_row_is_not_found_alike_in_both_apps(
        self, officer_a_client, ward_b, unscoped
    ):
        tip = make_tip(ward_b)
        for url in ("/api/v1/wards/NOPE/", f"/api/v1/tips/{tip.pk}/", "/api/v1/cases/0/"):
            response = officer_a_client.get(url)
            assert response.status_code == 404, url
            assert response.json() == {"detail": NOT_FOUND}, url

    def test_unreadable_body_and_wrong_method_are_worded_alike_in_both_apps(
        self, superuser_client, officer_a_client
    ):
        for client, url in ((superuser_client, WARDS), (officer_a_client, TIPS)):
            response = client.post(url, "{not json", content_type=JSON)
            assert response.json() == {
                "detail": "Nội dung gửi lên không đọc được (cần JSON hợp lệ)."
            }
            response = client.post(url, "a=b", content_type="text/plain")
            assert response.status_code == 415
            assert response.json() == {
                "detail": "Định dạng nội dung không được hỗ trợ; hãy gửi JSON."
            }
        response = officer_a_client.put(TIPS, {}, content_type=JSON)
        assert response.json() == {"detail": "Phương thức không được hỗ trợ ở địa chỉ này."}

    def test_english_on_request_in_both_apps(self, superuser, officer_a, no_perm_user, ward_a):
        english = {"HTTP_ACCEPT_LANGUAGE": "en"}
        wards = token_client(superuser, **english).post(WARDS, {}, content_type=JSON)
        tips = token_client(officer_a, **english).post(TIPS, {}, content_type=JSON)
        assert wards.json()["name"] == tips.json()["title"] == ["This field is required."]
        denied = token_client(no_perm_user, **english)
        for url in (WARDS, TIPS):
            assert denied.get(url).json() == {
                "detail": "You do not have permission to perform this action."
            }
        assert Client(**english).get(WARDS).json() == {
            "detail": "Sign in or send an authentication token."
        }

    def test_a_service_refusal_is_an_object_in_both_apps(self, superuser_client, ward_a, unscoped):
        # wards: the membership service refuses a leader placed in a ward (no field of its own).
        from django.contrib.auth import get_user_model

        get_user_model().objects.create_user("boss", password="x-Very-long-1")
        response = superuser_client.post(
            "/api/v1/memberships/", {"user": "boss", "role": "leader", "ward": "WA"}, JSON
        )
        assert response.status_code == 400
        assert response.json() == {
            "non_field_errors": ["Lãnh đạo cấp tỉnh được phân công theo tỉnh."]
        }


# --- The handler itself --------------------------------------------------------------------------


def _answer(exc: Exception) -> tuple[int, Any]:
    class Refusing(APIView):
        authentication_classes: list[type] = []
        permission_classes: list[type] = []

        def get(self, request):
            raise exc

    response = Refusing.as_view()(APIRequestFactory().get("/"))
    return response.status_code, response.data


def test_a_services_validation_error_keeps_its_field_keys():
    status, body = _answer(
        DjangoValidationError({"latitude": ["Nhập cả hai."], "__all__": ["Sai."]})
    )
    assert status == 400
    assert body == {"latitude": ["Nhập cả hai."], "non_field_errors": ["Sai."]}
    assert _answer(DjangoValidationError("Sai.")) == (400, {"non_field_errors": ["Sai."]})


def test_a_bare_list_of_errors_becomes_an_object():
    assert _answer(exceptions.ValidationError(["Sai."])) == (400, {"non_field_errors": ["Sai."]})


def test_djangos_404_and_403_say_nothing_about_the_model():
    assert _answer(Http404("No Tip matches the given query.")) == (404, {"detail": NOT_FOUND})
    assert _answer(DjangoPermissionDenied("secret reason")) == (403, {"detail": FORBIDDEN})


def test_a_views_own_message_is_kept():
    own = "Chỉ chỉ huy được làm việc này."
    assert _answer(exceptions.PermissionDenied(own)) == (403, {"detail": own})
    assert _answer(exceptions.NotFound("Mã này không có.")) == (404, {"detail": "Mã này không có."})


def test_throttling_is_worded_in_the_dialect():
    status, body = _answer(exceptions.Throttled(wait=7))
    assert status == 429
    assert body == {"detail": "Quá nhiều yêu cầu; hãy thử lại sau 7 giây."}


# --- 401 versus 403 ------------------------------------------------------------------------------


class TestUnauthorisedVersusForbidden:
    URLS = (WARDS, TIPS, "/api/v1/tips/", "/api/v1/memberships/", "/api/v1/categories/")

    def test_no_credentials_is_401_with_the_scheme_to_use(self, citizen):
        for url in self.URLS:
            response = citizen.get(url)
            assert response.status_code == 401, url
            assert response["WWW-Authenticate"] == "Token", url
            assert response.json() == {"detail": SIGN_IN}
        response = citizen.post("/api/v1/tips/1/triage/", {}, content_type=JSON)
        assert response.status_code == 401

    def test_a_bad_token_is_401(self, officer_a):
        for header in ("Token not-a-real-token", "Token", "Token a b"):
            response = Client(HTTP_AUTHORIZATION=header).get(TIPS)
            assert response.status_code == 401, header
            assert response["WWW-Authenticate"] == "Token"
            assert response.json() == {"detail": "Mã xác thực không đúng hoặc đã bị thu hồi."}

    def test_a_revoked_token_is_401(self, officer_a):
        client = token_client(officer_a)
        assert client.get(TIPS).status_code == 200
        Token.objects.filter(user=officer_a).delete()
        assert client.get(TIPS).status_code == 401

    def test_signed_in_without_permission_is_403_by_session_and_by_token(self, no_perm_user):
        from tests.conftest import client_for

        for client in (client_for(no_perm_user), token_client(no_perm_user)):
            for url in self.URLS:
                response = client.get(url)
                assert response.status_code == 403, url
                assert not response.has_header("WWW-Authenticate")

    def test_a_custom_actions_missing_permission_is_403(self, province_leader, ward_a, unscoped):
        tip = make_tip(ward_a)
        response = token_client(province_leader).post(
            f"/api/v1/tips/{tip.pk}/triage/", {"decision": "accept"}, content_type=JSON
        )
        assert response.status_code == 403
        assert response.json() == {"detail": FORBIDDEN}


# --- The permission class ------------------------------------------------------------------------


class TestRequire:
    def _allows(self, permission: type, user) -> bool:
        request = APIRequestFactory().get("/")
        request.user = user
        return permission().has_permission(request, None)

    def test_every_named_permission_is_needed(self, officer_a, province_leader):
        triage = require("tips.view_tip", "tips.triage_tip")
        assert self._allows(triage, officer_a)
        assert not self._allows(triage, province_leader)  # reads tips, does not triage
        assert self._allows(require("tips.view_tip"), province_leader)

    def test_anonymous_is_refused(self):
        from django.contrib.auth.models import AnonymousUser

        assert not self._allows(require("tips.view_tip"), AnonymousUser())

    def test_no_permission_named_is_a_programming_error(self):
        with pytest.raises(ValueError, match="at least one"):
            require()


# --- Every routed API view uses the platform's serializer bases ----------------------------------


def _api_views(resolver: URLResolver | None = None, prefix: str = "") -> dict[str, type]:
    views: dict[str, type] = {}
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            views |= _api_views(pattern, route)
        elif route.startswith("api/v1/") and hasattr(pattern.callback, "cls"):
            views[route] = pattern.callback.cls
    return views


def test_every_api_serializer_speaks_the_platforms_dialect():
    views = _api_views()
    assert any("tips" in route for route in views)  # the walk finds the apps' routes
    assert any("wards" in route for route in views)
    bases = (platform_serializers.VietnameseErrorsMixin,)
    for route, view in views.items():
        used = [getattr(view, "serializer_class", None)]
        used += list(getattr(view, "input_serializers", {}).values())
        for serializer in filter(None, used):
            assert issubclass(serializer, bases), f"{route}: {serializer.__name__}"


# --- Strict query parameters (every list, both apps) -------------------------------------------


@pytest.mark.parametrize(
    ("url", "params", "key"),
    [
        ("/api/v1/tips/", {"overdue": "maybe"}, "overdue"),
        ("/api/v1/neighbourhoods/", {"is_active": "null"}, "is_active"),
        ("/api/v1/wards/", {"is_active": "1"}, "is_active"),  # the widget would ignore it
        ("/api/v1/tips/", {"ward": ["WA", "WB"]}, "ward"),
        ("/api/v1/memberships/", {"ward": ""}, "ward"),
        ("/api/v1/messages/", {"tip": ""}, "tip"),
        ("/api/v1/tips/", {"search": ["a", "b"]}, "search"),
        ("/api/v1/cases/", {"ordering": "pin_hash"}, "ordering"),
        ("/api/v1/wards/", {"ordering": "name,,code"}, "ordering"),
        ("/api/v1/tips/", {"page": ""}, "page"),
        ("/api/v1/tips/", {"page": "0"}, "page"),
        ("/api/v1/provinces/", {"page_size": "-1"}, "page_size"),
        ("/api/v1/provinces/", {"page_size": "501"}, "page_size"),
        ("/api/v1/provinces/", {"page_size": "1.5"}, "page_size"),
    ],
)
def test_a_filter_or_page_parameter_it_cannot_read_is_refused_not_ignored(
    superuser_client, ward_a, url, params, key
):
    response = superuser_client.get(url, params)
    assert response.status_code == 400, response.content
    assert list(response.json()) == [key]


def test_filter_refusals_speak_the_dialect(officer_a_client, ward_a):
    response = officer_a_client.get("/api/v1/tips/", {"status": "nope", "case": "0"})
    assert response.status_code == 400
    assert response.json() == {
        "status": ["“nope” không phải là lựa chọn hợp lệ."],
        "case": ["Không được nhỏ hơn 1."],
    }
    response = officer_a_client.get("/api/v1/tips/", {"received_after": "2020-13-45"})
    assert response.json() == {"received_after": ["Ngày không hợp lệ; hãy dùng dạng YYYY-MM-DD."]}
    response = officer_a_client.get("/api/v1/neighbourhoods/", {"ward": "W\x00A"})
    assert response.json() == {"ward": ["Không được chứa ký tự NUL."]}


def test_a_nul_in_the_search_is_refused_in_the_dialect():
    # (A NUL in any query string is refused earlier by the middleware; the filter holds anyway.)
    request = Request(APIRequestFactory().get("/", {"search": "a\x00"}))
    with pytest.raises(exceptions.ValidationError) as refused:
        SearchFilter().get_search_terms(request)
    assert refused.value.detail == {"search": ["Không được chứa ký tự NUL."]}


def test_readable_parameters_still_filter_sort_and_page(superuser_client, ward_a, ward_b):
    response = superuser_client.get(
        "/api/v1/wards/", {"is_active": "True", "ordering": "-code,name", "page_size": "1"}
    )
    assert response.status_code == 200
    assert [row["code"] for row in response.json()["results"]] == ["WB"]
    response = superuser_client.get("/api/v1/wards/", {"page": "2", "page_size": "1"})
    assert [row["code"] for row in response.json()["results"]] == ["WB"]
    response = superuser_client.get("/api/v1/wards/", {"page": "99"})
    assert response.status_code == 404
    assert response.json() == {"detail": "Không có trang này."}


def test_an_address_no_route_matches_answers_like_the_api(officer_a_client, citizen):
    for url in ("/api/v1/tips/1.5/", "/api/v1/cases/a/b/", "/api/v1/nothing-here/"):
        for client in (officer_a_client, citizen):
            response = client.get(url)
            assert response.status_code == 404, url
            assert response["Content-Type"] == "application/json", url
            assert response.json() == {"detail": NOT_FOUND}


# --- The schema tells the truth ---------------------------------------------------------------


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def _parameter(operation: dict[str, Any], name: str) -> dict[str, Any]:
    [parameter] = [p for p in operation["parameters"] if p["name"] == name]
    return parameter["schema"]


def test_nullable_output_is_nullable(schema):
    components = schema["components"]["schemas"]
    assert components["Case"]["properties"]["officer_in_charge"]["nullable"] is True
    assert components["Tip"]["properties"]["assignee"]["nullable"] is True
    assert components["Tip"]["properties"]["neighbourhood_name"]["nullable"] is True
    assert components["Province"]["properties"]["merged_into"]["nullable"] is True
    assert "nullable" not in components["Case"]["properties"]["ward"]  # never null


def test_a_list_of_rows_that_must_not_be_empty_says_so(schema):
    categories = schema["components"]["schemas"]["CaseCreateRequest"]["properties"]["categories"]
    assert categories["minItems"] == 1


def test_every_operation_documents_its_refusals_in_the_handlers_shape(schema):
    components = schema["components"]["schemas"]
    assert components["Error"]["required"] == ["detail"]
    assert components["ValidationError"]["type"] == "object"
    tips = schema["paths"]["/api/v1/tips/"]
    assert set(tips["get"]["responses"]) >= {"200", "400", "401", "403", "404"}
    assert set(tips["post"]["responses"]) >= {"400", "401", "403", "415"}
    assert tips["get"]["responses"]["401"]["headers"]["WWW-Authenticate"]["required"] is True
    detail = schema["paths"]["/api/v1/memberships/{id}/"]
    assert set(detail["delete"]["responses"]) >= {"204", "401", "403", "404", "409"}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert {"401", "403"} <= set(operation["responses"]), (method, path)


def test_filter_parameters_have_their_real_types(schema):
    tips = schema["paths"]["/api/v1/tips/"]["get"]
    assert _parameter(tips, "case") == {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}
    assert _parameter(tips, "overdue")["type"] == "boolean"
    assert _parameter(tips, "ward")["minLength"] == 1
    assert _parameter(tips, "received_after")["format"] == "date"
    assert _parameter(tips, "page_size") == {"type": "integer", "minimum": 1, "maximum": 500}
    ordering = _parameter(tips, "ordering")["pattern"]
    assert "received_at" in ordering
    assert "\x00" not in ordering
    assert _parameter(schema["paths"]["/api/v1/messages/"]["get"], "tip")["type"] == "integer"
    reports = schema["paths"]["/api/v1/reports/"]["get"]
    assert _parameter(reports, "year") == {"type": "integer", "minimum": 1900, "maximum": 2999}


def test_a_year_filter_refuses_what_is_not_a_year(officer_a_client):
    for year in ("13534074", "99", "2021.5"):
        response = officer_a_client.get("/api/v1/reports/", {"year": year})
        assert response.status_code == 400, year
        assert list(response.json()) == ["year"]
    assert officer_a_client.get("/api/v1/reports/", {"year": "2021"}).status_code == 200


class _In(platform_serializers.Serializer):
    name = drf_serializers.CharField()


class _Out(platform_serializers.Serializer):
    id = drf_serializers.IntegerField()


class _ThingViewSet(ServiceActionMixin, viewsets.GenericViewSet):
    serializer_class = _Out
    input_serializers = {"create": _In}

    def create(self, request):  # pragma: no cover - only its schema is read
        raise NotImplementedError


def test_a_service_action_is_documented_with_its_input_and_its_output():
    from drf_spectacular.generators import SchemaGenerator

    router = SimpleRouter()
    router.register("things", _ThingViewSet, basename="thing")
    document = SchemaGenerator(patterns=router.urls).get_schema(request=None, public=True)
    create = document["paths"]["/things/"]["post"]
    body = create["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/_InRequest"}
    answer = create["responses"]["201"]["content"]["application/json"]["schema"]
    assert answer == {"$ref": "#/components/schemas/_Out"}
