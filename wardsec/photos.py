"""Checking and re-encoding uploaded photos, for any app (a tip's, a dispute's, a patrol's).

Only JPEG, PNG and WebP are accepted, recognised by their content (never the file name or the
browser's claimed type), so an HTML or SVG file renamed .jpg is refused. Oversized files and
decompression bombs are refused with a clear message. Accepted photos are decoded and encoded
again without their metadata: no EXIF, no GPS position, no camera serial, no comments.

`PhotosField` is the form field that does all this for an upload input; a service stores the
`CleanPhoto` values it returns with `wardsec.attachments.store`. Limits (settings):
WARDSEC_MAX_PHOTO_MB per file, WARDSEC_MAX_PHOTO_PIXELS per image, WARDSEC_MAX_PHOTOS per form.
"""

from __future__ import annotations

import io
import uuid
import warnings
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}


@dataclass(frozen=True)
class CleanPhoto:
    """A photo ready to store: re-encoded bytes and a server-generated name."""

    content: bytes
    stored_name: str
    content_type: str
    width: int
    height: int


def _refuse(message: str, name: str) -> ValidationError:
    return ValidationError(message % {"name": name}, code="invalid_photo")


def _open(upload: UploadedFile, name: str) -> Image.Image:
    max_pixels = settings.WARDSEC_MAX_PHOTO_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload, formats=list(FORMATS))
            width, height = image.size
            if width * height > max_pixels:
                raise _refuse(_("Ảnh %(name)s có kích thước quá lớn."), name)
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _refuse(_("Ảnh %(name)s có kích thước quá lớn."), name) from exc
    except UnidentifiedImageError as exc:
        raise _refuse(_("Tệp %(name)s không phải ảnh JPEG, PNG hoặc WebP."), name) from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise _refuse(_("Ảnh %(name)s bị hỏng hoặc không đọc được."), name) from exc
    return image


def clean_photo(upload: UploadedFile) -> CleanPhoto:
    """Check one uploaded photo and return it re-encoded without metadata.

    Raises ValidationError (Vietnamese message naming the file) when it is refused.
    """
    name = (upload.name or _("ảnh"))[:80]
    limit_mb = settings.WARDSEC_MAX_PHOTO_MB
    if upload.size is not None and upload.size > limit_mb * 1024 * 1024:
        raise ValidationError(
            _("Ảnh %(name)s lớn hơn %(limit)d MB.") % {"name": name, "limit": limit_mb},
            code="photo_too_large",
        )
    upload.seek(0)
    image = _open(upload, name)
    source_format = image.format or "JPEG"
    extension, content_type = FORMATS[source_format]
    image = ImageOps.exif_transpose(image)  # keep the picture upright, then drop the EXIF
    image.info = {}
    if source_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        image = image.convert("RGBA")
    buffer = io.BytesIO()
    options = {"quality": 85} if source_format in ("JPEG", "WEBP") else {"optimize": True}
    image.save(buffer, format=source_format, **options)
    return CleanPhoto(
        content=buffer.getvalue(),
        stored_name=f"{uuid.uuid4().hex}.{extension}",
        content_type=content_type,
        width=image.width,
        height=image.height,
    )


def clean_photos(uploads: list[UploadedFile]) -> list[CleanPhoto]:
    """Check a batch of photos (count and each file); all or nothing."""
    limit = settings.WARDSEC_MAX_PHOTOS
    if len(uploads) > limit:
        raise ValidationError(
            _("Chỉ được gửi tối đa %(limit)d ảnh mỗi lần.") % {"limit": limit}, code="too_many"
        )
    return [clean_photo(upload) for upload in uploads]


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos in one input; checked and re-encoded in `clean` (a list of CleanPhoto)."""

    widget = MultiplePhotoInput(attrs={"accept": "image/jpeg,image/png,image/webp"})

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[CleanPhoto]:
        uploads = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        for upload in uploads:
            super().clean(upload, initial)
        return clean_photos(uploads)
