"""Photos and attachments, the platform's parts: only real JPEG/PNG/WebP, re-encoded without
metadata, refused clearly (wardsec.photos); stored under server names on any app's model built
on `Attachment`, removed when the transaction fails, and served to someone holding the model's
permission in their scope only (wardsec.attachments). The throwaway `GadgetPhoto` of
tests/scopedapp stands for any app's photos: nothing here is about tips."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404
from django.test import RequestFactory
from django_scopes import scopes_disabled
from PIL import Image

from tests import factories
from tests.scopedapp.models import Gadget, GadgetPhoto
from tests.wardsec import images
from wardsec import attachments, photos
from wardsec.scoping import ward_scope


def reopen(clean: photos.CleanPhoto) -> Image.Image:
    return Image.open(io.BytesIO(clean.content))


def test_exif_and_gps_are_gone():
    upload = images.jpeg_with_gps()
    assert Image.open(upload).getexif()  # the source has EXIF
    upload.seek(0)
    clean = photos.clean_photo(upload)
    again = reopen(clean)
    assert not again.getexif() and "exif" not in again.info
    assert clean.content_type == "image/jpeg" and clean.stored_name.endswith(".jpg")
    assert "IMG_20210720" not in clean.stored_name and (clean.width, clean.height) == (64, 48)


@pytest.mark.parametrize(
    ("fmt", "mode", "content_type"),
    [
        ("PNG", "RGBA", "image/png"),
        ("WEBP", "RGB", "image/webp"),
        ("JPEG", "L", "image/jpeg"),
    ],
)
def test_accepted_formats(fmt, mode, content_type):
    clean = photos.clean_photo(images.image_file(fmt, f"x.{fmt.lower()}", mode=mode))
    assert clean.content_type == content_type
    assert reopen(clean).format == fmt


@pytest.mark.parametrize(
    ("upload", "words"),
    [
        (images.disguised_html(), "không phải ảnh"),
        (images.svg(), "không phải ảnh"),
        (images.image_file("GIF", "x.gif"), "không phải ảnh"),
        (images.bomb(), "quá lớn"),
        (images.truncated_jpeg(), "bị hỏng"),
    ],
)
def test_refused_with_a_clear_message(upload, words):
    with pytest.raises(ValidationError) as exc:
        photos.clean_photo(upload)
    assert words in exc.value.messages[0]
    assert upload.name in exc.value.messages[0]


def test_size_limit(settings):
    settings.WARDSEC_MAX_PHOTO_MB = 1
    with pytest.raises(ValidationError) as exc:
        photos.clean_photo(images.oversized(1.5))
    assert "lớn hơn 1 MB" in exc.value.messages[0]


def test_pixel_limit(settings):
    settings.WARDSEC_MAX_PHOTO_PIXELS = 1000
    with pytest.raises(ValidationError):
        photos.clean_photo(images.image_file("PNG", "x.png", size=(100, 100)))


def test_count_limit(settings):
    settings.WARDSEC_MAX_PHOTOS = 2
    with pytest.raises(ValidationError) as exc:
        photos.clean_photos([images.image_file("PNG", f"{i}.png") for i in range(3)])
    assert "tối đa 2 ảnh" in exc.value.messages[0]


# --- Attachments (any app's model built on the platform's base) ------------------------------


def gadget_photo(ward, written: list[str] | None = None) -> GadgetPhoto:
    with scopes_disabled():
        gadget = Gadget.objects.create(ward=ward, name=f"Gadget {ward.code}")
        return attachments.store(
            GadgetPhoto(gadget=gadget),
            photos.clean_photo(images.image_file("PNG", "IMG_0001.png")),
            written=[] if written is None else written,
        )


def viewer(ward, *, permitted: bool = True):
    user = factories.make_officer(ward)
    user.groups.clear()
    if permitted:
        user.user_permissions.add(Permission.objects.get(codename="view_gadgetphoto"))
    return type(user).objects.get(pk=user.pk)  # permissions are cached on the instance


def serve(user, ward, pk: int, **kwargs):
    request = RequestFactory().get("/")
    request.user = user
    with ward_scope(ward):
        return attachments.serve(request, GadgetPhoto, pk, **kwargs)


@pytest.mark.django_db
class TestAttachments:
    def test_stored_under_the_server_name_in_the_models_folder(self, ward_a):
        written: list[str] = []
        photo = gadget_photo(ward_a, written)
        assert photo.stored_name.endswith(".png") and "IMG_0001" not in photo.stored_name
        assert photo.file.name == f"gadget-photos/{photo.stored_name[:2]}/{photo.stored_name}"
        assert written == [photo.file.name] and default_storage.exists(photo.file.name)
        assert (photo.content_type, photo.width, photo.height) == ("image/png", 32, 32)
        assert photo.size_bytes == photo.file.size

    def test_files_of_a_failed_transaction_can_be_removed(self, ward_a):
        written: list[str] = []
        with pytest.raises(RuntimeError), transaction.atomic():
            gadget_photo(ward_a, written)
            raise RuntimeError
        assert written and default_storage.exists(written[0])  # the row is gone, the file not
        attachments.remove_files(written)
        assert not default_storage.exists(written[0])
        with scopes_disabled():
            assert not GadgetPhoto.objects.exists()

    def test_served_with_the_models_permission_in_scope(self, ward_a):
        photo = gadget_photo(ward_a)
        response = serve(viewer(ward_a), ward_a, photo.pk)
        assert b"".join(response.streaming_content) == photo.file.open("rb").read()
        assert response["Content-Type"] == "image/png"
        assert response["Content-Disposition"] == f'inline; filename="{photo.stored_name}"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cache-Control"] == "private, no-store"

    def test_without_the_permission_it_is_refused(self, ward_a):
        photo = gadget_photo(ward_a)
        with pytest.raises(PermissionDenied):
            serve(viewer(ward_a, permitted=False), ward_a, photo.pk)

    def test_another_permission_can_be_required(self, ward_a):
        photo = gadget_photo(ward_a)
        with pytest.raises(PermissionDenied):
            serve(viewer(ward_a), ward_a, photo.pk, permission="scopedapp.change_gadget")

    def test_outside_the_scope_it_is_not_found(self, ward_a, ward_b):
        photo = gadget_photo(ward_a)
        assert serve(viewer(ward_a), ward_a, photo.pk).status_code == 200  # can pass
        with pytest.raises(Http404):
            serve(viewer(ward_b), ward_b, photo.pk)

    def test_a_missing_file_is_not_found(self, ward_a):
        photo = gadget_photo(ward_a)
        default_storage.delete(photo.file.name)
        with pytest.raises(Http404):
            serve(viewer(ward_a), ward_a, photo.pk)


def test_a_truncated_photo_is_refused_after_a_pdf_was_built():
    """WeasyPrint turns Pillow's process-wide LOAD_TRUNCATED_IMAGES on when imported; the
    platform's PDF module puts it back, so a worker that built a PDF still refuses a truncated
    upload."""
    from PIL import ImageFile

    from wardsec.pdf import html_to_pdf

    assert html_to_pdf("<p>Báo cáo</p>").startswith(b"%PDF")
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    with pytest.raises(ValidationError, match="bị hỏng"):
        photos.clean_photo(images.truncated_jpeg())
