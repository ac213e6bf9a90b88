from django.db import models

from wardsec.attachments import Attachment
from wardsec.models import WardOwnedModel
from wardsec.scoping import scoped_manager


class Widget(models.Model):
    ward = models.ForeignKey("wards.Ward", on_delete=models.PROTECT, related_name="+")
    neighbourhood = models.ForeignKey(
        "wards.Neighbourhood", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    owner = models.ForeignKey(
        "auth.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=100)

    objects = scoped_manager(ward="ward")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class WidgetPart(models.Model):
    """Reaches its ward through its parent."""

    widget = models.ForeignKey(Widget, on_delete=models.CASCADE, related_name="parts")
    label = models.CharField(max_length=50)

    objects = scoped_manager(ward="widget__ward")

    class Meta:
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label


class Gadget(WardOwnedModel):
    """Built on the platform's ward-owned base: inherits the ward, timestamps and the scoped
    manager (the meta-test of scoping covers it like every ward-owned model)."""

    name = models.CharField(max_length=100)
    state = models.CharField(max_length=20, default="new")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class GadgetPhoto(Attachment):
    """A photo on a gadget, built on the platform's attachment base: what any app's photos
    look like (stored, checked and served by `wardsec.attachments`)."""

    upload_folder = "gadget-photos"

    gadget = models.ForeignKey(Gadget, on_delete=models.PROTECT, related_name="photos")

    objects = scoped_manager(ward="gadget__ward")

    class Meta:
        ordering = ["created_at", "id"]
