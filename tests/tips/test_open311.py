"""Open311 GeoReport v2 at /open311/v2/: discovery, services, submitting and following requests,
tokens; JSON and XML; errors in the spec's format; a client sees only what it submitted.

Tested with Django's test client and, end to end, with `requests` against the live server.
"""

from __future__ import annotations

import datetime
import io
import xml.etree.ElementTree as ET
from typing import Any

import pytest
import requests
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from django_scopes import scopes_disabled

from tests import factories as base_factories
from tests.tips import factories
from tips import open311, services
from tips.models import OffenceCategory, Open311Client, Tip
from wardsec.models import AuditEntry

BASE = "/open311/v2"
# What a client may read about a request: its public status, nothing about the tipster or
# the officers' work.
REQUEST_FIELDS = {
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "agency_responsible",
    "requested_datetime",
    "updated_datetime",
    "address",
    "lat",
    "long",
}


# --- Helpers and fixtures ---------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _catalogue(db):
    factories.ensure_catalogue()


def xml_root(content: bytes) -> ET.Element:
    assert content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    # Our own server's answer, in a test: not untrusted input.
    return ET.fromstring(content)  # noqa: S314


def parse_xml(response) -> ET.Element:
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    return xml_root(response.content)


def spec_errors(response, status: int) -> list[str]:
    """The descriptions of a spec-format error answer with HTTP `status`."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    errors = response.json()
    assert isinstance(errors, list) and errors
    assert all(set(error) == {"code", "description"} for error in errors)
    assert all(error["code"] == status for error in errors)
    return [error["description"] for error in errors]


def tip_count() -> int:
    with scopes_disabled():
        return Tip.objects.count()


@pytest.fixture
def api_client(province, ward_a, ward_b):
    """(client, key): a provincial app of `province` (wards A and B)."""
    return factories.make_open311_client(province)


@pytest.fixture
def key(api_client) -> str:
    return api_client[1]


@pytest.fixture
def neighbour_key(province) -> str:
    """Another client of the same province."""
    return factories.make_open311_client(province, name="Tổng đài 1022")[1]


@pytest.fixture
def far_key(other_province, ward_c) -> str:
    """A client of the other province (ward C)."""
    return factories.make_open311_client(other_province, name="Ứng dụng tỉnh B")[1]


def request_data(key: str, **overrides: Any) -> dict[str, Any]:
    return {
        "api_key": key,
        "jurisdiction_id": "WA",
        "service_code": "theft",
        "lat": "10.776889",
        "long": "106.700806",
        "address_string": "Hẻm 12 Lê Lợi",
        "description": "Có người lạ bẻ khóa xe máy trong hẻm 12 lúc 21 giờ.",
    } | overrides


def submit(client: Client, key: str, fmt: str = "json", **overrides: Any):
    return client.post(f"{BASE}/requests.{fmt}", request_data(key, **overrides))


def submitted(client: Client, key: str, **overrides: Any) -> str:
    response = submit(client, key, **overrides)
    assert response.status_code == 201, response.content
    return response.json()[0]["service_request_id"]


def tip_by_code(code: str) -> Tip:
    with scopes_disabled():
        return Tip.objects.select_related("ward", "category", "open311_client").get(reference=code)


pytestmark = pytest.mark.django_db


# --- Discovery and services -------------------------------------------------------------------


class TestDiscoveryAndServices:
    def test_discovery_json(self, client):
        response = client.get(f"{BASE}/discovery.json")
        assert response.status_code == 200
        data = response.json()
        assert {"changeset", "contact", "key_service", "endpoints"} <= set(data)
        endpoint = data["endpoints"][0]
        assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
        assert endpoint["url"] == "http://testserver/open311/v2/"
        assert set(endpoint["formats"]) == {"text/xml", "application/json"}

    def test_discovery_xml(self, client):
        root = parse_xml(client.get(f"{BASE}/discovery.xml"))
        assert root.tag == "discovery"
        formats = [f.text for f in root.findall("./endpoints/endpoint/formats/format")]
        assert set(formats) == {"text/xml", "application/json"}

    def test_services_json(self, client):
        response = client.get(f"{BASE}/services.json")
        assert response.status_code == 200
        services_by_code = {s["service_code"]: s for s in response.json()}
        theft = services_by_code["theft"]
        assert theft["service_name"] == "Trộm cắp tài sản"
        assert theft["metadata"] is False and theft["type"] == "realtime"
        assert "173" in theft["keywords"] and theft["group"]
        OffenceCategory.objects.filter(code="gambling").update(is_active=False)
        codes = {s["service_code"] for s in client.get(f"{BASE}/services.json").json()}
        assert "theft" in codes and "gambling" not in codes

    def test_services_xml(self, client):
        root = parse_xml(client.get(f"{BASE}/services.xml"))
        assert root.tag == "services"
        theft = next(s for s in root.findall("service") if s.findtext("service_code") == "theft")
        assert theft.findtext("service_name") == "Trộm cắp tài sản"
        assert theft.findtext("metadata") == "false"
        assert theft.findtext("type") == "realtime"

    def test_services_in_english(self, client):
        response = client.get(f"{BASE}/services.json", HTTP_ACCEPT_LANGUAGE="en")
        names = {s["service_code"]: s["service_name"] for s in response.json()}
        assert names["theft"] == "Theft"

    def test_service_definition(self, client):
        response = client.get(f"{BASE}/services/theft.json")
        assert response.json() == {"service_code": "theft", "attributes": []}
        root = parse_xml(client.get(f"{BASE}/services/theft.xml"))
        assert root.tag == "service_definition"
        assert root.findtext("service_code") == "theft"
        assert root.find("attributes") is not None and len(root.find("attributes")) == 0

    def test_unknown_service(self, client):
        (description,) = spec_errors(client.get(f"{BASE}/services/no-such.json"), 404)
        assert "no-such" in description
        root = parse_xml(client.get(f"{BASE}/services/no-such.xml"))
        assert root.tag == "errors"
        assert root.findtext("./error/code") == "404"
        assert "service_code" in root.findtext("./error/description")

    def test_unknown_format_method_and_path(self, client):
        spec_errors(client.get(f"{BASE}/services.csv"), 404)
        spec_errors(client.get(f"{BASE}/nothing-here"), 404)
        response = client.put(f"{BASE}/services.json")
        spec_errors(response, 405)
        assert "GET" in response["Allow"]
        spec_errors(client.delete(f"{BASE}/requests.json"), 405)


# --- Submitting ---------------------------------------------------------------------------------


class TestSubmit:
    def test_post_creates_an_anonymous_tip(self, client, api_client, ward_a):
        open311_client, key = api_client
        response = submit(client, key, media_url="https://example.vn/anh/1.jpg")
        assert response.status_code == 201, response.content
        (row,) = response.json()
        assert set(row) == {"service_request_id", "token", "service_notice", "account_id"}
        assert row["account_id"] is None and "Phường A" in row["service_notice"]
        tip = tip_by_code(row["service_request_id"])
        assert tip.ward == ward_a and tip.category.code == "theft"
        assert tip.channel == "open311" and tip.open311_client == open311_client
        assert tip.is_anonymous and not tip.has_contact() and tip.pin_hash == ""
        assert str(tip.latitude) == "10.776889" and str(tip.longitude) == "106.700806"
        assert tip.location_text == "Hẻm 12 Lê Lợi"
        assert "https://example.vn/anh/1.jpg" in tip.description  # kept as text, never fetched
        assert str(tip.idempotency_key) == row["token"]
        with scopes_disabled():
            entry = AuditEntry.objects.get(event="tip.submit", object_id=str(tip.pk))
        assert entry.actor is None

    def test_post_with_contact_and_address_only(self, client, key):
        code = submitted(
            client,
            key,
            lat="",
            long="",
            address_string="",
            address_id="Tổ 5, khu phố 2",
            first_name="Hoa",
            last_name="Ngô Thị",
            phone="0909 123 456",
            email="hoa@example.vn",
        )
        tip = tip_by_code(code)
        assert not tip.is_anonymous
        assert tip.contact_name == "Hoa Ngô Thị" and tip.contact_phone == "0909 123 456"
        assert tip.location_text == "Tổ 5, khu phố 2" and tip.latitude is None

    def test_post_answers_in_xml(self, client, key):
        root = parse_xml(submit(client, key, fmt="xml"))
        assert root.tag == "service_requests"
        code = root.findtext("./request/service_request_id")
        assert tip_by_code(code).channel == "open311"
        assert root.find("./request/account_id").text is None

    @pytest.mark.parametrize(
        ("overrides", "status", "fragment"),
        [
            ({"jurisdiction_id": ""}, 400, "jurisdiction_id"),
            ({"jurisdiction_id": "ZZ"}, 404, "ZZ"),
            ({"jurisdiction_id": "WC"}, 404, "WC"),  # a ward of another province
            ({"service_code": ""}, 400, "service_code"),
            ({"service_code": "no-such"}, 404, "no-such"),
            ({"lat": "mười"}, 400, "lat"),
            ({"lat": "nan"}, 400, "lat"),
            ({"lat": "91"}, 400, "lat"),
            ({"long": ""}, 400, "cả vĩ độ và kinh độ"),
            ({"lat": "", "long": "", "address_string": ""}, 400, "address_string"),
            ({"description": ""}, 400, "description"),
            ({"description": "x" * 5001}, 400, "description"),
            ({"description": "bad\x00byte"}, 400, "NUL"),
            ({"email": "không phải thư"}, 400, "email"),
            ({"phone": "gọi tôi"}, 400, "phone"),
            ({"media_url": "javascript:alert(1)"}, 400, "media_url"),
            ({"media_url": "ftp://example.vn/a.jpg"}, 400, "media_url"),
        ],
    )
    def test_bad_input_is_a_spec_error_and_stores_nothing(
        self, client, key, ward_c, overrides, status, fragment
    ):
        descriptions = spec_errors(submit(client, key, **overrides), status)
        assert fragment in " ".join(descriptions)
        assert tip_count() == 0

    def test_ward_not_taking_public_tips(self, client, key, ward_a):
        ward_a.accepts_public_tips = False
        ward_a.save()
        spec_errors(submit(client, key), 404)
        assert tip_count() == 0

    def test_wrong_content_type(self, client, key):
        response = client.post(
            f"{BASE}/requests.json", request_data(key), content_type="application/json"
        )
        assert "x-www-form-urlencoded" in spec_errors(response, 400)[0]
        response = client.post(
            f"{BASE}/requests.json",
            b"--broken\r\n",
            content_type="multipart/form-data; boundary=",
        )
        spec_errors(response, 400)
        assert tip_count() == 0

    def test_bad_keys_are_forbidden(self, client, api_client, ward_a):
        open311_client, key = api_client
        for bad in ("", "wrong-key", key + "x", "k" * 5000):
            spec_errors(submit(client, bad), 403)
        Open311Client.objects.filter(pk=open311_client.pk).update(is_active=False)
        spec_errors(submit(client, key), 403)
        root = parse_xml(submit(client, "wrong-key", fmt="xml"))
        assert root.tag == "errors" and root.findtext("./error/code") == "403"
        assert tip_count() == 0

    def test_rate_limit_answers_429(self, client, key, monkeypatch):
        monkeypatch.setattr(open311, "POST_RATE", "2/m")
        codes = [submit(client, key).status_code for _ in range(3)]
        assert codes == [201, 201, 429]
        assert "quá nhiều" in spec_errors(submit(client, key), 429)[0]
        assert tip_count() == 2


# --- Following requests -------------------------------------------------------------------------


class TestFollow:
    def test_a_request_shows_its_public_status_only(self, client, key, officer_a):
        code = submitted(client, key, first_name="Hoa", phone="0909 123 456")
        response = client.get(f"{BASE}/requests/{code}.json", {"api_key": key})
        assert response.status_code == 200
        (row,) = response.json()
        assert set(row) == REQUEST_FIELDS
        assert row["status"] == "open" and row["service_code"] == "theft"
        assert row["agency_responsible"] == "Công an Phường A"
        assert row["lat"] == 10.776889 and row["address"] == "Hẻm 12 Lê Lợi"
        assert row["requested_datetime"].endswith("+07:00")
        text = response.content.decode()
        assert "0909" not in text and "Hoa" not in text and "bẻ khóa" not in text

    def test_status_follows_the_officers_work_but_not_their_notes(self, client, key, officer_a):
        code = submitted(client, key)
        tip = tip_by_code(code)
        with scopes_disabled():
            services.add_internal_note(tip=tip, actor=officer_a, body="Nghi vấn Nguyễn Văn X")
            services.reply_to_tipster(tip=tip, actor=officer_a, body="Đã cử tổ tuần tra")
            services.close_tip(tip=tip, actor=officer_a, outcome="resolved")
        response = client.get(f"{BASE}/requests/{code}.xml", {"api_key": key})
        request = parse_xml(response).find("request")
        assert request.findtext("status") == "closed"
        assert request.findtext("status_notes") == tip.public_status_text
        text = response.content.decode()
        assert "Nguyễn Văn X" not in text and "tuần tra" not in text

    def test_clients_see_only_their_own_requests(self, client, key, neighbour_key, far_key, ward_a):
        mine = submitted(client, key)
        theirs = submitted(client, neighbour_key)
        web_tip = factories.make_tip(ward_a)  # submitted by a citizen on the web form
        listed = {
            r["service_request_id"]
            for r in client.get(f"{BASE}/requests.json", {"api_key": key}).json()
        }
        assert listed == {mine}
        for other_key in (neighbour_key, far_key):
            spec_errors(client.get(f"{BASE}/requests/{mine}.json", {"api_key": other_key}), 404)
        spec_errors(client.get(f"{BASE}/requests/{theirs}.json", {"api_key": key}), 404)
        spec_errors(client.get(f"{BASE}/requests/{web_tip.reference}.json", {"api_key": key}), 404)
        response = client.get(f"{BASE}/requests.json", {"api_key": far_key})
        assert response.json() == []

    def test_reading_needs_a_key(self, client, key):
        code = submitted(client, key)
        for params in ({}, {"api_key": "wrong"}):
            spec_errors(client.get(f"{BASE}/requests.json", params), 403)
            spec_errors(client.get(f"{BASE}/requests/{code}.json", params), 403)

    def test_filters(self, client, key, officer_a):
        theft = submitted(client, key)
        gambling = submitted(client, key, service_code="gambling")
        with scopes_disabled():
            services.close_tip(tip=tip_by_code(gambling), actor=officer_a, outcome="resolved")
            Tip.objects.filter(reference=theft).update(
                received_at=timezone.now() - datetime.timedelta(days=200)
            )

        def listed(**params: str) -> set[str]:
            response = client.get(f"{BASE}/requests.json", {"api_key": key, **params})
            assert response.status_code == 200, response.content
            return {r["service_request_id"] for r in response.json()}

        assert listed() == {gambling}  # the last 90 days by default
        assert listed(start_date="2000-01-01T00:00:00Z") == {theft, gambling}
        long_ago = (timezone.now() - datetime.timedelta(days=100)).isoformat()
        assert listed(end_date=long_ago) == {theft}
        assert listed(service_request_id=f"{theft},{gambling}") == {theft, gambling}
        assert listed(start_date="2000-01-01", service_code="theft") == {theft}
        assert listed(start_date="2000-01-01", status="closed") == {gambling}
        assert listed(start_date="2000-01-01", status="open") == {theft}
        assert listed(jurisdiction_id="WB") == set()

    @pytest.mark.parametrize(
        "params",
        [
            {"start_date": "hôm qua"},
            {"end_date": "2024-13-45T00:00:00Z"},
            {"start_date": "2024-02-01", "end_date": "2024-01-01"},
            {"status": "pending"},
        ],
    )
    def test_bad_filters_are_spec_errors(self, client, key, params):
        spec_errors(client.get(f"{BASE}/requests.json", {"api_key": key, **params}), 400)

    def test_odd_ids_are_not_found(self, client, key):
        for odd in ("nope", "0000", "%00", "a" * 300):
            response = client.get(f"{BASE}/requests/{odd}.json", {"api_key": key})
            assert response.status_code == 404


class TestTokens:
    def test_token_gives_the_request_id(self, client, key, neighbour_key):
        row = submit(client, key).json()[0]
        response = client.get(f"{BASE}/tokens/{row['token']}.json", {"api_key": key})
        assert response.json() == [
            {"service_request_id": row["service_request_id"], "token": row["token"]}
        ]
        root = parse_xml(client.get(f"{BASE}/tokens/{row['token']}.xml", {"api_key": key}))
        assert root.findtext("./request/service_request_id") == row["service_request_id"]
        # Another client, a wrong key or a malformed token learn nothing.
        spec_errors(
            client.get(f"{BASE}/tokens/{row['token']}.json", {"api_key": neighbour_key}), 404
        )
        spec_errors(client.get(f"{BASE}/tokens/{row['token']}.json", {"api_key": "x"}), 403)
        spec_errors(client.get(f"{BASE}/tokens/not-a-uuid.json", {"api_key": key}), 404)


# --- Issuing keys -----------------------------------------------------------------------------


class TestIssueKeyCommand:
    def test_prints_a_working_key_once(self, province):
        out, err = io.StringIO(), io.StringIO()
        call_command(
            "issue_open311_key",
            "--name",
            "Tổng đài 1022",
            "--province",
            province.code,
            stdout=out,
            stderr=err,
        )
        key = out.getvalue().strip()
        client = services.find_open311_client(key)
        assert client is not None and client.province == province
        assert client.key_hash != key and key not in client.key_prefix + client.key_hash
        assert "một lần" in err.getvalue()
        with scopes_disabled():
            assert AuditEntry.objects.filter(event="open311.client.issue").count() == 1

    def test_unknown_province(self, db):
        with pytest.raises(CommandError, match="Không có tỉnh"):
            call_command("issue_open311_key", "--name", "X", "--province", "NOPE")
        assert not Open311Client.objects.exists()


# --- End to end, over real HTTP ---------------------------------------------------------------


@pytest.fixture
def live_key(live_server):
    """A client of a province with a ward, made in the live server's database."""
    province = base_factories.make_province(name="Tỉnh Live")
    base_factories.make_ward(province=province, code="LW", name="Phường Live")
    factories.category("theft")
    return factories.make_open311_client(province)[1]


@pytest.mark.django_db(transaction=True)
class TestOverHTTP:
    def test_discovery_and_services(self, live_server):
        url = f"{live_server.url}{BASE}"
        response = requests.get(f"{url}/discovery.xml", timeout=10)
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "text/xml; charset=utf-8"
        assert xml_root(response.content).tag == "discovery"
        response = requests.get(f"{url}/services.json", timeout=10)
        assert "theft" in {s["service_code"] for s in response.json()}
        services_xml = xml_root(requests.get(f"{url}/services.xml", timeout=10).content)
        assert services_xml.find("./service/service_code") is not None

    def test_submit_follow_and_refuse(self, live_server, live_key):
        url = f"{live_server.url}{BASE}"
        data = request_data(live_key, jurisdiction_id="LW")
        response = requests.post(f"{url}/requests.json", data=data, timeout=10)
        assert response.status_code == 201, response.text
        row = response.json()[0]
        tip = tip_by_code(row["service_request_id"])
        assert tip.ward.code == "LW" and tip.channel == "open311" and tip.is_anonymous

        params = {"api_key": live_key}
        response = requests.get(
            f"{url}/requests/{row['service_request_id']}.xml", params=params, timeout=10
        )
        request = xml_root(response.content).find("request")
        assert {child.tag for child in request} == REQUEST_FIELDS
        assert request.findtext("status") == "open"
        assert request.findtext("description") is None

        response = requests.get(f"{url}/tokens/{row['token']}.json", params=params, timeout=10)
        assert response.json()[0]["service_request_id"] == row["service_request_id"]

        response = requests.get(f"{url}/requests.json", params={"api_key": "wrong"}, timeout=10)
        assert response.status_code == 403
        assert response.json()[0]["code"] == 403

        bad = request_data(live_key, jurisdiction_id="LW", lat="north")
        response = requests.post(f"{url}/requests.xml", data=bad, timeout=10)
        assert response.status_code == 400
        error = xml_root(response.content)
        assert error.tag == "errors" and error.findtext("./error/code") == "400"
        response = requests.post(f"{url}/requests.json", json=data, timeout=10)
        assert response.status_code == 400
        assert tip_count() == 1


# --- Odd input never makes a 500 -------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"service_code": "\x00"},
        {"jurisdiction_id": "\x00"},
        {"service_code": ",".join(["theft"] * 500)},
        {"service_request_id": ",".join(["X"] * 500)},
        {"service_request_id": "\x00"},
        {"start_date": "0001-01-01T00:00:00+01:00"},
        {"end_date": "9999-12-31T23:59:59-10:00"},
        {"start_date": "2024-01-01T25:00:00"},
        {"start_date": "2024-01-01T00:00:00+99:00"},
        {"status": "\x00"},
    ],
)
def test_odd_request_filters_are_never_a_server_error(client, key, params):
    response = client.get(f"{BASE}/requests.json", {"api_key": key, **params})
    assert response.status_code in {200, 400}
    if response.status_code == 400:
        spec_errors(response, 400)


@pytest.mark.parametrize(
    ("overrides", "status"),
    [
        ({"lat": "1e309"}, 400),
        ({"lat": "10,5"}, 400),
        ({"jurisdiction_id": "\x00"}, 400),
        ({"jurisdiction_id": "W" * 50}, 400),
        ({"service_code": "trộm"}, 404),
        ({"description": "   "}, 400),
        ({"api_key": "\x00"}, 403),
        ({"first_name": "x" * 500}, 400),
    ],
)
def test_odd_submissions_are_never_a_server_error(client, key, overrides, status):
    spec_errors(submit(client, key, **overrides), status)
    assert tip_count() == 0
