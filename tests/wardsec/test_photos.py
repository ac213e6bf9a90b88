"""Uploaded photos: only real JPEG/PNG/WebP, re-encoded without metadata, refused clearly."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from tests.wardsec import images
from wardsec import photos


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
