"""The citizen's pages: tip form, receipt, look-up, adding information — and what is never
stored."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.core import signing
from django.urls import reverse
from django_scopes import scopes_disabled

from tests import factories
from tests.wardsec import images
from tips import codes
from tips import forms as tip_forms
from tips.models import Tip, TipAttachment, TipMessage
from wardsec.models import AuditEntry

pytestmark = pytest.mark.django_db

CLIENT_IP = "203.0.113.77"
USER_AGENT = "TestPhone/1.0 (UniqueAgent-7f3a)"


@pytest.fixture(autouse=True)
def _fast_form(settings):
    settings.WARDSEC_TIP_MIN_SECONDS = 0


def form_data(ward, category, **overrides):
    data = {
        "ward": ward.pk,
        "category": category.pk,
        "description": "Có nhóm người tụ tập đánh bạc ở cuối hẻm 5.",
        "leave_contact": "0",
        "form_token": tip_forms.new_form_token(),
    }
    data.update(overrides)
    return data


def post_tip(client, data, **extra):
    return client.post(
        reverse("tips:submit"), data, REMOTE_ADDR=CLIENT_IP, HTTP_USER_AGENT=USER_AGENT, **extra
    )


def receipt_codes(response) -> tuple[str, str | None]:
    html = response.content.decode()
    code = re.search(r'data-testid="tracking-code">([^<]+)<', html).group(1)
    pin = re.search(r'data-testid="pin">([^<]+)<', html)
    return code, pin.group(1) if pin else None


def all_stored_text() -> str:
    """Every text value of every row of every table, for 'is it stored anywhere?' checks."""
    chunks = []
    with scopes_disabled():
        for model in apps.get_models():
            manager = model._base_manager
            for row in manager.all().values():
                chunks.extend(str(value) for value in row.values())
    return "\n".join(chunks)


class TestForm:
    def test_home_links_the_form_with_the_ward(self, client, ward_a):
        html = client.get(reverse("home")).content.decode()
        assert ward_a.name in html and f"/bao-tin/?ward={ward_a.code}" in html

    def test_form_page_preselects_the_ward_and_names_privacy(self, client, ward_a, ward_b):
        factories.make_neighbourhood(ward_a, name="Khu phố Một")
        factories.make_neighbourhood(ward_b, name="Khu phố Hai")
        response = client.get(reverse("tips:submit") + f"?ward={ward_a.code}")
        html = response.content.decode()
        assert response.status_code == 200
        assert f'value="{ward_a.pk}" selected' in html
        # Every ward's neighbourhoods of the province, grouped under the ward's name (without
        # JavaScript the citizen finds the chosen ward's group; tip-form.js keeps only it).
        group = r'<optgroup label="{}" data-ward="{}">[^/]*{}'
        assert re.search(group.format("Phường A", ward_a.pk, "Khu phố Một"), html)
        assert re.search(group.format("Phường B", ward_b.pk, "Khu phố Hai"), html)
        assert "không lưu địa chỉ IP" in html
        assert re.search(r'<input[^>]*value="0"[^>]*id="id_leave_contact_0"[^>]*checked', html)

    def test_anonymous_tip_with_photo(self, client, ward_a, theft, settings):
        response = post_tip(client, form_data(ward_a, theft, photos=[images.jpeg_with_gps()]))
        assert response.status_code == 200
        code, pin = receipt_codes(response)
        assert pin and len(pin) == 6
        assert "no-store" in response["Cache-Control"]
        with scopes_disabled():
            tip = Tip.objects.get()
            attachment = TipAttachment.objects.get()
        assert tip.channel == "web" and tip.is_anonymous and tip.entered_by is None
        assert codes.code_digest(code.replace("-", "")) == tip.code_digest
        # The code and the PIN the citizen holds are stored nowhere, in no table.
        assert code.replace("-", "") not in all_stored_text() and code not in all_stored_text()
        assert pin not in all_stored_text().replace(tip.pin_hash, "")
        with open(attachment.file.path, "rb") as handle:
            from PIL import Image

            stored = Image.open(handle)
            assert not stored.getexif() and "exif" not in stored.info
        assert "IMG_20210720" not in attachment.file.name
        stored_text = all_stored_text()
        assert CLIENT_IP not in stored_text and USER_AGENT not in stored_text
        assert "UniqueAgent" not in stored_text

    def test_double_post_creates_one_tip_and_shows_the_pin_again(self, client, ward_a, theft):
        data = form_data(ward_a, theft)
        first = post_tip(client, data)
        second = post_tip(client, data)
        assert receipt_codes(first) == receipt_codes(second)
        with scopes_disabled():
            assert Tip.objects.count() == 1

    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            ({"description": ""}, "Hãy viết điều bạn thấy: ai, làm gì, ở đâu."),
            ({"category": ""}, "Hãy chọn loại vụ việc."),
            ({"latitude": "10.5"}, "cả vĩ độ và kinh độ"),
            ({"latitude": "95", "longitude": "106"}, "90"),
            ({"leave_contact": "1"}, "ít nhất một cách liên hệ"),
            ({"contact_phone": "0909123456"}, "đang chọn gửi ẩn danh"),
            ({"leave_contact": "1", "contact_phone": "abc"}, "chỉ gồm chữ số"),
            ({"occurred_on": "2999-01-01"}, "tương lai"),
            ({"website": "http://spam.example"}, "Không gửi được"),
            ({"form_token": "forged"}, "Biểu mẫu đã quá hạn"),
        ],
    )
    def test_bad_input_is_explained_and_nothing_is_stored(
        self, client, ward_a, theft, overrides, message
    ):
        response = post_tip(client, {**form_data(ward_a, theft), **overrides})
        assert response.status_code == 400
        assert re.search(message, response.content.decode())
        with scopes_disabled():
            assert not Tip.objects.exists()
        assert not AuditEntry.objects.with_scopes_disabled().exists()

    @pytest.mark.parametrize(
        ("upload", "message"),
        [
            (images.disguised_html, "không phải ảnh JPEG, PNG hoặc WebP"),
            (images.svg, "không phải ảnh JPEG, PNG hoặc WebP"),
            (images.bomb, "kích thước quá lớn"),
        ],
    )
    def test_bad_photo_keeps_the_text_and_stores_nothing(
        self, client, ward_a, theft, upload, message
    ):
        data = form_data(ward_a, theft, photos=[images.jpeg_with_gps(), upload()])
        response = post_tip(client, data)
        html = response.content.decode()
        assert response.status_code == 400 and message in html
        assert "Có nhóm người tụ tập đánh bạc" in html  # the text is kept for the retry
        with scopes_disabled():
            assert not Tip.objects.exists() and not TipAttachment.objects.exists()

    def test_too_fast_is_refused(self, client, ward_a, theft, settings):
        settings.WARDSEC_TIP_MIN_SECONDS = 30
        response = post_tip(client, form_data(ward_a, theft))
        assert response.status_code == 400 and "nhanh quá" in response.content.decode()

    def test_neighbourhood_of_another_ward(self, client, ward_a, ward_b, theft):
        elsewhere = factories.make_neighbourhood(ward_b)
        response = post_tip(client, form_data(ward_a, theft, neighbourhood=elsewhere.pk))
        assert response.status_code == 400
        assert "không thuộc phường/xã đã chọn" in response.content.decode()

    def test_rate_limit_per_client_without_storing_the_address(
        self, client, ward_a, theft, settings
    ):
        settings.WARDSEC_TIP_RATE = "2/h"
        for _ in range(2):
            assert post_tip(client, form_data(ward_a, theft)).status_code == 200
        blocked = post_tip(client, form_data(ward_a, theft))
        assert blocked.status_code == 429
        assert "đã có nhiều tin báo trong một giờ qua" in blocked.content.decode()
        # A different client is not blocked.
        other = client.post(
            reverse("tips:submit"), form_data(ward_a, theft), REMOTE_ADDR="198.51.100.9"
        )
        assert other.status_code == 200

    def test_ward_that_does_not_take_tips_is_not_offered(self, client, ward_a, ward_b, theft):
        ward_b.accepts_public_tips = False
        ward_b.save()
        html = client.get(reverse("tips:submit")).content.decode()
        assert ward_a.name in html and ward_b.name not in html
        response = post_tip(client, form_data(ward_b, theft))
        assert response.status_code == 400

    def test_english_page(self, client, ward_a):
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
        html = client.get(reverse("tips:submit")).content.decode()
        assert 'lang="en"' in html


class TestLookup:
    def submit(self, client, ward, category):
        return receipt_codes(post_tip(client, form_data(ward, category)))

    def test_status_and_public_replies_only(self, client, ward_a, theft, officer_a):
        from tips import services

        code, pin = self.submit(client, ward_a, theft)
        with scopes_disabled():
            tip = Tip.objects.get()
            services.reply_to_tipster(tip=tip, actor=officer_a, body="Đã cử tổ tuần tra.")
            services.add_internal_note(tip=tip, actor=officer_a, body="BÍ MẬT nội bộ")
        response = client.post(reverse("tips:lookup"), {"code": code.lower(), "pin": pin})
        html = response.content.decode()
        assert response.status_code == 200 and response["Referrer-Policy"] == "no-referrer"
        assert "Đã cử tổ tuần tra." in html and "BÍ MẬT" not in html
        assert "Mới tiếp nhận" in html
        assert officer_a.username not in html

    def test_wrong_code_and_wrong_pin_read_the_same(self, client, ward_a, theft):
        code, pin = self.submit(client, ward_a, theft)
        wrong_pin = "000000" if pin != "000000" else "111111"
        a = client.post(reverse("tips:lookup"), {"code": code, "pin": wrong_pin})
        b = client.post(reverse("tips:lookup"), {"code": "AAAAA-BBBBB-CCCCC", "pin": pin})
        strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|value="[^"]*"')
        assert a.status_code == b.status_code == 400
        assert strip.sub("", a.content.decode()) == strip.sub("", b.content.decode())

    def test_lockout_is_per_code_not_per_address(self, client, ward_a, theft, settings):
        settings.WARDSEC_PIN_MAX_FAILURES = 3
        code, pin = self.submit(client, ward_a, theft)
        wrong = "000000" if pin != "000000" else "111111"
        for n in range(3):
            client.post(
                reverse("tips:lookup"),
                {"code": code, "pin": wrong},
                HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
                REMOTE_ADDR=f"192.0.2.{n}",
            )
        response = client.post(
            reverse("tips:lookup"),
            {"code": code, "pin": pin},
            HTTP_X_FORWARDED_FOR="10.9.9.9",
            REMOTE_ADDR="192.0.2.200",
        )
        assert response.status_code == 400
        assert "tạm khóa" in response.content.decode()

    def test_add_information_and_photo(self, client, ward_a, theft):
        code, pin = self.submit(client, ward_a, theft)
        response = client.post(
            reverse("tips:add_information"),
            {
                "code": code,
                "pin": pin,
                "body": "Xe biển số 62B1-123.45",
                "photos": [images.image_file("PNG", "bienso.png")],
            },
        )
        assert response.status_code == 200
        assert "Đã gửi thông tin bổ sung" in response.content.decode()
        with scopes_disabled():
            message = TipMessage.objects.get()
            assert message.author is None and message.attachments.count() == 1

    def test_add_information_with_wrong_pin_stores_nothing(self, client, ward_a, theft):
        code, pin = self.submit(client, ward_a, theft)
        wrong = "000000" if pin != "000000" else "111111"
        response = client.post(
            reverse("tips:add_information"), {"code": code, "pin": wrong, "body": "Thêm"}
        )
        assert response.status_code == 400
        with scopes_disabled():
            assert not TipMessage.objects.exists()

    def test_photos_are_decoded_only_after_code_and_pin_are_right(
        self, client, ward_a, theft, monkeypatch
    ):
        """Decoding is the costly part (a 40 MP WebP: seconds and hundreds of MB): nobody
        without the code and the PIN makes the server do it."""
        from wardsec import photos

        decoded: list[int] = []
        real_clean = photos.clean_photos

        def spy(uploads):
            decoded.append(len(uploads))
            return real_clean(uploads)

        monkeypatch.setattr(photos, "clean_photos", spy)
        code, pin = self.submit(client, ward_a, theft)
        decoded.clear()  # the tip form's own (empty) photo field
        wrong = "000000" if pin != "000000" else "111111"
        for typed_code, typed_pin in ((code, wrong), ("AAAAA-BBBBB-CCCCC", pin)):
            response = client.post(
                reverse("tips:add_information"),
                {
                    "code": typed_code,
                    "pin": typed_pin,
                    "body": "Thêm ảnh",
                    "photos": [images.image_file("PNG", "anh.png")],
                },
            )
            assert response.status_code == 400
        assert decoded == []
        response = client.post(
            reverse("tips:add_information"),
            {
                "code": code,
                "pin": pin,
                "body": "Thêm ảnh",
                "photos": [images.image_file("PNG", "anh.png")],
            },
        )
        assert response.status_code == 200 and decoded == [1]

    def test_add_information_with_bad_photo_stores_nothing(self, client, ward_a, theft):
        code, pin = self.submit(client, ward_a, theft)
        response = client.post(
            reverse("tips:add_information"),
            {
                "code": code,
                "pin": pin,
                "body": "Thêm ảnh",
                "photos": [images.svg()],
            },
        )
        assert response.status_code == 400
        assert "không phải ảnh" in response.content.decode()
        with scopes_disabled():
            assert not TipMessage.objects.exists() and not TipAttachment.objects.exists()

    def test_malformed_input(self, client, db):
        response = client.post(reverse("tips:lookup"), {"code": "x" * 500, "pin": "12"})
        assert response.status_code == 400
        assert "6 chữ số" in response.content.decode()


def test_form_token_is_signed(client, ward_a, theft):
    token = signing.dumps({"t": 0, "k": "not-a-uuid"}, salt="other")
    response = post_tip(client, form_data(ward_a, theft, form_token=token))
    assert response.status_code == 400


def test_retry_shows_the_pin_without_keeping_it_anywhere_in_clear(client, ward_a, theft):
    from django.core.cache import cache

    from tips import receipts

    data = form_data(ward_a, theft)
    code, pin = receipt_codes(post_tip(client, data))
    token = signing.loads(data["form_token"], salt=tip_forms.TOKEN_SALT)
    secret = token["k"]
    with scopes_disabled():
        tip = Tip.objects.get()
    # The database holds a one-way digest of the form's secret, not the secret.
    assert tip.idempotency_key == receipts.idempotency_key(secret)
    assert secret not in str(tip.idempotency_key).replace("-", "")
    # The cache holds the code and PIN masked, under a key that is not the secret either.
    stored = cache.get(receipts._cache_key(secret))
    assert stored and pin not in stored and bytes.fromhex(stored).decode("latin-1") != pin
    assert receipts.recall_receipt(secret) == (code.replace("-", ""), pin)
    assert pin not in all_stored_text().replace(tip.pin_hash, "")
    assert code.replace("-", "") not in all_stored_text()


def test_lookups_are_rate_limited_per_client(client, db):
    from tips.views import LOOKUP_RATE

    allowed = int(LOOKUP_RATE.split("/")[0])
    for n in range(allowed):
        # Different codes each time: the per-code lock is not what stops this client.
        code = f"{n:05d}".translate(str.maketrans("01", "AB")) + "-BBBBB-CCCCC"
        response = client.post(reverse("tips:lookup"), {"code": code, "pin": "123456"})
        assert response.status_code == 400
    blocked = client.post(reverse("tips:lookup"), {"code": "ZZZZZ-BBBBB-CCCCC", "pin": "123456"})
    assert blocked.status_code == 429
    other = client.post(
        reverse("tips:lookup"),
        {"code": "ZZZZZ-BBBBB-CCCCC", "pin": "123456"},
        REMOTE_ADDR="198.51.100.20",
    )
    assert other.status_code == 400
