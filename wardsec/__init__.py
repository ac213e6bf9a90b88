"""WardSec: the operations system of a ward police station and the province above it."""

from wardsec.celery import app as celery_app

__all__ = ["celery_app"]
