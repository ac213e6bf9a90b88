"""One walk along a path through relations, for the admin's filters, the accent-less search and
the API's nullable output."""

from __future__ import annotations

from tests.scopedapp.models import WidgetPart
from tips.models import Subject
from wards.models import Ward
from wardsec.fieldpaths import field_at


def test_the_field_at_the_end_of_a_lookup():
    assert field_at(WidgetPart, "widget__ward__name") is Ward._meta.get_field("name")
    assert field_at(Subject, "case__ward").is_relation


def test_a_serializers_dotted_source():
    assert field_at(
        Subject, "case.number", sep="."
    ) is Subject.case.field.related_model._meta.get_field("number")


def test_a_lookup_or_a_typo_is_not_a_field():
    assert field_at(WidgetPart, "widget__name__icontains") is None
    assert field_at(WidgetPart, "widget__nmae") is None
