from django.db import models


class BareTip(models.Model):
    """One row per submission; `code` is unique (indexed) for the bare look-up."""

    code = models.CharField(max_length=20, unique=True)
    pin = models.CharField(max_length=6)
    category = models.PositiveSmallIntegerField()
    description = models.TextField()
    status = models.CharField(max_length=16, default="new")
    received_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.code
