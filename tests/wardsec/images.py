"""Image files for upload tests, made with Pillow."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

GPS_IFD = 0x8825


def jpeg_with_gps(name: str = "IMG_20210720_photo.jpg", size=(64, 48)) -> SimpleUploadedFile:
    """A JPEG carrying EXIF camera data and a GPS position, as a phone camera writes it."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Model X"  # Model
    exif[0x0112] = 1  # Orientation
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (10.0, 45.0, 30.0), 3: "E", 4: (106.0, 2.0, 10.0)})
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def image_file(fmt: str, name: str, size=(32, 32), mode="RGB") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def bomb(name: str = "bomb.png") -> SimpleUploadedFile:
    """A small PNG that decodes to 400 million pixels."""
    buffer = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def disguised_html(name: str = "anh.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"<html><script>alert(1)</script></html>", content_type="image/jpeg"
    )


def svg(name: str = "anh.svg") -> SimpleUploadedFile:
    body = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    return SimpleUploadedFile(name, body, content_type="image/svg+xml")


def truncated_jpeg(name: str = "hong.jpg") -> SimpleUploadedFile:
    whole = jpeg_with_gps(size=(400, 300)).read()
    return SimpleUploadedFile(name, whole[: len(whole) // 3], content_type="image/jpeg")


def oversized(megabytes: float, name: str = "to.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"\xff\xd8\xff" + b"0" * int(megabytes * 1024 * 1024), content_type="image/jpeg"
    )
