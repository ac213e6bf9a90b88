"""Files attached to a domain record (a tip's photos, a dispute's, a patrol's), for any app.

- `Attachment`: the abstract model. An app's model inherits it, adds the foreign key(s) to its
  record and a scoped manager, and names the folder its files go to (`upload_folder`).
- `store`: save a checked, re-encoded photo (`wardsec.photos.CleanPhoto`) on an attachment,
  under the server-generated name only (nothing of the uploader's file name is kept).
- `remove_files`: delete files written by a transaction that then failed.
- `serve`: the officer-only view of one attachment: the model's view permission (403 without
  it), the request's ward scope through the model's scoped manager (404 outside it), never
  cached, never sniffed, shown inline under its server name.

Attachments are never public media: the only way to read one is `serve`, behind the admin's
login.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.http import FileResponse, Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from wardsec.photos import CleanPhoto

__all__ = ["Attachment", "attachment_path", "remove_files", "serve", "store"]


def attachment_path(instance: Attachment, filename: str) -> str:
    """Server-generated names only, spread over 256 folders: `<upload_folder>/ab/ab….jpg`."""
    return f"{instance.upload_folder}/{instance.stored_name[:2]}/{instance.stored_name}"


class Attachment(models.Model):
    """A stored file (a photo, re-encoded on upload so that no EXIF or GPS metadata survives),
    kept under the name the server gave it, with its type, size and dimensions."""

    #: The storage folder of the app's files (set by each concrete model).
    upload_folder: ClassVar[str] = "attachments"

    stored_name = models.CharField(_("tên tệp lưu"), max_length=64, unique=True)
    file = models.FileField(_("tệp"), upload_to=attachment_path, max_length=200)
    content_type = models.CharField(_("định dạng"), max_length=32)
    size_bytes = models.PositiveIntegerField(_("dung lượng (byte)"))
    width = models.PositiveIntegerField(_("rộng (px)"))
    height = models.PositiveIntegerField(_("cao (px)"))
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.stored_name


def store(attachment: Attachment, photo: CleanPhoto, *, written: list[str]) -> Attachment:
    """Fill `attachment` (its record's keys already set) from `photo`, write the file under the
    photo's server name and save the row. The path is added to `written` as soon as the file
    exists, so that the caller removes it (`remove_files`) if its transaction fails."""
    attachment.stored_name = photo.stored_name
    attachment.content_type = photo.content_type
    attachment.size_bytes = len(photo.content)
    attachment.width = photo.width
    attachment.height = photo.height
    attachment.file.save(photo.stored_name, ContentFile(photo.content), save=False)
    written.append(cast("str", attachment.file.name))  # set by `save`
    attachment.save()
    return attachment


def remove_files(names: list[str]) -> None:
    """Delete the files of a failed transaction (its rows were rolled back)."""
    for name in names:
        default_storage.delete(name)


def serve(
    request: HttpRequest, model: type[Attachment], pk: int, *, permission: str | None = None
) -> FileResponse:
    """One attachment of `model`, to a user holding `permission` (default: the model's
    `view_` permission; 403 otherwise), found through the model's default manager, which is
    scoped to the request's wards (404 outside them, and for a missing file). Never cached."""
    opts = model._meta
    if not request.user.has_perm(permission or f"{opts.app_label}.view_{opts.model_name}"):
        raise PermissionDenied
    attachment = model._default_manager.filter(pk=pk).first()
    if attachment is None:
        raise Http404(_("Không tìm thấy ảnh."))
    try:
        handle = attachment.file.open("rb")
    except OSError as exc:
        raise Http404(_("Không tìm thấy tệp ảnh.")) from exc
    response = FileResponse(
        handle, content_type=attachment.content_type, filename=attachment.stored_name
    )
    response["Content-Disposition"] = f'inline; filename="{attachment.stored_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
