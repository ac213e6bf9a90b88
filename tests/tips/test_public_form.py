"""The citizen's tip form (issue 8): messages that name the field, a refused or rate-limited
post that keeps what was typed, the limits' policy, neighbourhoods grouped by ward, plain
categories, help texts wired to screen readers, JavaScript-only controls hidden, quick exit."""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import signing
from django.urls import reverse
from django_scopes import scopes_disabled

from tests import factories
from tests.wardsec import images
from tips import forms as tip_forms
from tips import views as tip_views
from tips.models import OffenceCategory, Tip

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.80"
PUBLIC_CSS = Path(django_settings.BASE_DIR) / "static" / "css" / "public.css"
# Wording the issue found wrong, on any public page.
BAD_WORDING = [
    "bạn có thể không cần để lại tên",
    "không lưu được bản đọc được",
    "bấm Gửi lại",
    "mỗi thiết bị",
    "Trường này là bắt buộc",
    "This field is required",
]


@pytest.fixture(autouse=True)
def _fast_form(settings):
    settings.WARDSEC_TIP_MIN_SECONDS = 0


def typed(ward, category, neighbourhood=None, **overrides) -> dict:
    """A form filled in everywhere a citizen can type."""
    data = {
        "ward": ward.pk,
        "neighbourhood": neighbourhood.pk if neighbourhood else "",
        "category": category.pk,
        "description": "Nguyễn Văn A và hai người lạ bẻ khóa xe máy số 59-X1 234.56 ở hẻm 12.",
        "occurred_on": "2026-11-20",
        "occurred_time": "21:30",
        "occurred_note": "khoảng 21 giờ tối thứ Bảy",
        "location_text": "Hẻm 12 Nguyễn Trãi, gần tiệm tạp hóa",
        "latitude": "10.776900",
        "longitude": "106.700900",
        "leave_contact": "1",
        "contact_name": "Trần Thị Bình",
        "contact_phone": "0909123456",
        "contact_email": "binh@example.com",
        "form_token": tip_forms.new_form_token(),
    }
    data.update(overrides)
    return data


def post(client, data, address=ADDRESS, **extra):
    return client.post(reverse("tips:submit"), data, REMOTE_ADDR=address, **extra)


def page_text(response) -> str:
    return html_lib.unescape(response.content.decode())


def assert_everything_kept(response, data, neighbourhood) -> None:
    """Every typed value is back in the page, in its field."""
    page = response.content.decode()
    for name in (
        "occurred_on",
        "occurred_time",
        "occurred_note",
        "location_text",
        "latitude",
        "longitude",
        "contact_name",
        "contact_phone",
        "contact_email",
    ):
        pattern = rf'<input[^>]*name="{name}"[^>]*value="{re.escape(html_lib.escape(data[name]))}"'
        assert re.search(pattern, page), f"{name} lost"
    text = page_text(response)
    assert re.search(rf">\s*{re.escape(data['description'])}</textarea>", text)
    assert f'<option value="{data["ward"]}" selected>' in page
    assert f'<option value="{neighbourhood.pk}" selected>' in page
    assert re.search(r'<input[^>]*value="1"[^>]*id="id_leave_contact_1"[^>]*checked', page)
    # The photos cannot come back (browsers do not allow it): the page says so.
    assert "hãy chọn lại ảnh" in text


class TestMessages:
    def test_an_empty_form_names_each_missing_field_and_what_to_do(self, client, ward_a):
        response = post(client, {"form_token": tip_forms.new_form_token(), "leave_contact": "0"})
        assert response.status_code == 400
        text = page_text(response)
        for message in (
            "Hãy chọn phường/xã nơi xảy ra vụ việc.",
            "Hãy chọn loại vụ việc. Nếu không biết chọn loại nào, chọn “Việc khác”.",
            "Hãy viết điều bạn thấy: ai, làm gì, ở đâu.",
        ):
            assert message in text
        for wrong in BAD_WORDING:
            assert wrong not in text
        # The summary links each message to its field, and comes first: without JavaScript
        # (nothing moves the focus) it is what the page opens on.
        page = response.content.decode()
        assert 'href="#id_description"' in page
        assert page.index('id="form-errors"') < page.index('class="card notice"')

    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            ({"occurred_time": "25:99"}, "Giờ xảy ra chưa đúng. Hãy nhập giờ và phút"),
            ({"occurred_on": "hôm qua"}, "Ngày xảy ra chưa đúng."),
            ({"latitude": "abc"}, "Tọa độ chưa đúng."),
            ({"contact_email": "binh@"}, "Thư điện tử chưa đúng dạng"),
            ({"description": "x" * 5001}, "Mục “Điều bạn thấy” dài quá: tối đa 5000 ký tự"),
            ({"leave_contact": "7"}, "Mục “Thông tin người báo”: lựa chọn này không có"),
        ],
    )
    def test_a_wrong_value_is_named(self, client, ward_a, theft, overrides, message):
        response = post(client, typed(ward_a, theft, **overrides))
        assert response.status_code == 400
        assert message in page_text(response)

    def test_an_expired_form_comes_back_with_a_fresh_token(self, client, ward_a, theft):
        data = typed(ward_a, theft, form_token="forged")
        response = post(client, data)
        assert response.status_code == 400
        text = page_text(response)
        assert "bấm “Gửi tin báo” một lần nữa" in text
        token = re.search(r'name="form_token" value="([^"]+)"', text).group(1)
        assert token != "forged"
        signing.loads(token, salt=tip_forms.TOKEN_SALT, max_age=60)  # valid: sending works
        assert post(client, {**data, "form_token": token}).status_code == 200


class TestKeepsWhatWasTyped:
    def test_a_refused_post_keeps_every_field(self, client, ward_a, theft):
        hood = factories.make_neighbourhood(ward_a, name="Khu phố 4")
        data = {**typed(ward_a, theft, hood), "category": ""}
        response = post(client, {**data, "photos": [images.jpeg_with_gps()]})
        assert response.status_code == 400
        assert_everything_kept(response, data, hood)

    def test_a_rate_limited_post_keeps_every_field_and_says_why(
        self, client, ward_a, theft, settings
    ):
        settings.WARDSEC_TIP_RATE = "1/h"
        hood = factories.make_neighbourhood(ward_a, name="Khu phố 4")
        assert post(client, typed(ward_a, theft)).status_code == 200
        data = typed(ward_a, theft, hood)
        response = post(client, {**data, "photos": [images.jpeg_with_gps()]})
        assert response.status_code == 429
        assert_everything_kept(response, data, hood)
        text = page_text(response)
        assert "từ địa chỉ mạng này đã có nhiều tin báo trong một giờ qua" in text
        assert "mỗi thiết bị" not in text
        with scopes_disabled():
            assert Tip.objects.count() == 1


class TestLimits:
    def test_refused_posts_do_not_count_toward_the_tips_budget(
        self, client, ward_a, theft, settings
    ):
        settings.WARDSEC_TIP_RATE = "2/h"
        for _ in range(6):  # a citizen correcting their report, again and again
            assert post(client, typed(ward_a, theft, description="")).status_code == 400
        assert post(client, typed(ward_a, theft)).status_code == 200
        assert post(client, typed(ward_a, theft)).status_code == 200
        assert post(client, typed(ward_a, theft)).status_code == 429
        # Another address (another carrier's gateway) has its own budget.
        assert post(client, typed(ward_a, theft), address="198.51.100.30").status_code == 200
        with scopes_disabled():
            assert Tip.objects.count() == 3

    def test_every_post_counts_toward_the_flood_ceiling(self, client, ward_a, theft, settings):
        settings.WARDSEC_TIP_POST_CEILING = "3/h"
        for _ in range(3):
            assert post(client, typed(ward_a, theft, description="")).status_code == 400
        flooded = post(client, typed(ward_a, theft))
        assert flooded.status_code == 429
        assert "Nguyễn Văn A và hai người lạ" in page_text(flooded)
        with scopes_disabled():
            assert not Tip.objects.exists()

    def test_the_default_budget_fits_people_behind_one_carrier_address(self):
        amount = int(django_settings.WARDSEC_TIP_RATE.split("/")[0])
        assert amount >= 30, django_settings.WARDSEC_TIP_RATE
        ceiling = int(django_settings.WARDSEC_TIP_POST_CEILING.split("/")[0])
        assert ceiling > amount


class TestChoices:
    def test_neighbourhoods_are_grouped_by_ward_with_whole_names(self, client, province):
        first = factories.make_ward(province=province, name="Phường Kiến Tường", code="WKT")
        second = factories.make_ward(province=province, name="Phường Tuyên Thạnh", code="WTT")
        factories.make_neighbourhood(first, name="Khu phố 2")
        factories.make_neighbourhood(second, name="Khu phố 2")
        page = client.get(reverse("tips:submit") + f"?ward={first.code}").content.decode()
        groups = re.findall(r'<optgroup label="([^"]+)" data-ward="(\d+)">(.*?)</optgroup>', page)
        assert [(label, int(ward)) for label, ward, _options in groups] == [
            ("Phường Kiến Tường", first.pk),
            ("Phường Tuyên Thạnh", second.pk),
        ]
        assert all(">Khu phố 2</option>" in options for _l, _w, options in groups)
        assert "Khu phố 2 — " not in page

    def test_a_neighbourhood_of_another_ward_is_refused_by_name(self, client, province, theft):
        first = factories.make_ward(province=province, code="WN1")
        second = factories.make_ward(province=province, code="WN2")
        elsewhere = factories.make_neighbourhood(second)
        response = post(client, typed(first, theft, elsewhere))
        assert response.status_code == 400
        assert "không thuộc phường/xã đã chọn" in page_text(response)

    def test_categories_in_plain_words_with_examples(self, client, ward_a):
        text = page_text(client.get(reverse("tips:submit")))
        with scopes_disabled():
            snatching = OffenceCategory.objects.get(code="snatching")
        assert f'<option value="{snatching.pk}">Cướp giật</option>' in text
        assert ">Trộm cắp</option>" in text and ">Lừa đảo</option>" in text
        assert "Lạm dụng tín nhiệm" not in text and "Điều 173" not in text
        assert "Giật túi xách, dây chuyền, điện thoại rồi bỏ chạy" in text

    def test_categories_codes_and_catalogue_names_are_unchanged(self, db):
        with scopes_disabled():
            rows = dict(OffenceCategory.objects.values_list("code", "name"))
            theft = OffenceCategory.objects.get(code="theft")
        for code in (
            "robbery",
            "theft",
            "fraud",
            "abuse_of_trust",
            "intentional_injury",
            "prohibited_goods",
            "drug_possession",
            "drug_use",
            "gambling",
            "public_disorder",
            "smuggling",
            "traffic",
            "domestic_violence",
            "dispute",
            "other",
        ):
            assert code in rows
        assert rows["theft"] == "Trộm cắp tài sản" and theft.penal_code_article == "173"
        assert rows["snatching"] == "Cướp giật tài sản"
        assert str(theft) == "Trộm cắp tài sản (Điều 173)"  # what officers read
        assert theft.public_label("en") == "Theft" and theft.public_label("vi") == "Trộm cắp"
        examples = OffenceCategory.objects.filter(is_active=True).values_list("examples")
        assert all(example for (example,) in examples)


class TestPage:
    def test_help_texts_are_read_with_their_fields(self, client, ward_a):
        page = client.get(reverse("tips:submit")).content.decode()
        described = re.findall(r'aria-describedby="([^"]+)"', page)
        assert len(described) >= 5
        for ids in described:
            for one in ids.split():
                assert f'id="{one}"' in page, one

    def test_help_texts_of_a_refused_post_and_its_errors_are_wired_too(self, client, ward_a):
        response = post(client, {"form_token": tip_forms.new_form_token(), "leave_contact": "0"})
        page = response.content.decode()
        assert 'aria-describedby="id_description_helptext id_description_error"' in page
        for ids in re.findall(r'aria-describedby="([^"]+)"', page):
            for one in ids.split():
                assert f'id="{one}"' in page, one

    def test_controls_that_need_javascript_are_hidden_without_it(self, client, ward_a):
        page = client.get(reverse("tips:submit")).content.decode()
        assert re.search(r'<button type="button" class="button js-locate" hidden', page)
        css = PUBLIC_CSS.read_text()
        assert "[hidden] { display: none !important; }" in css

    def test_form_controls_use_the_page_font(self):
        css = PUBLIC_CSS.read_text()
        assert "input, select, textarea, button { font-family: inherit; }" in css
        assert "@font-face" not in css and "url(http" not in css  # nothing fetched at run time

    def test_quick_exit_is_a_plain_link_to_a_neutral_page(self, client, ward_a):
        for url in (reverse("tips:submit"), reverse("tips:lookup")):
            page = client.get(url).content.decode()
            link = re.search(r'class="button js-quick-exit" href="([^"]+)" rel="noreferrer"', page)
            assert link, url
            assert link.group(1) == html_lib.escape(tip_views.QUICK_EXIT_URL)

    def test_no_wrong_wording_on_public_pages(self, client, ward_a):
        for url in (reverse("home"), reverse("tips:submit"), reverse("tips:lookup")):
            text = page_text(client.get(url))
            for wrong in BAD_WORDING:
                assert wrong not in text, (url, wrong)
        assert "bạn <strong>không cần để lại tên</strong>" in page_text(client.get(reverse("home")))
