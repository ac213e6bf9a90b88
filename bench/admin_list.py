"""Time the officers' tip queue (admin changelist) and the API tip list for a ward with many
tips: page 1, a status filter and a text search, in-process (Django test client), PostgreSQL.

    .venv/bin/python bench/admin_list.py     # after bench/generate.py
"""

from __future__ import annotations

import statistics
import time

import _setup  # noqa: F401
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment
from django_scopes import scopes_disabled

from tips.models import Tip
from wards import services
from wards.choices import Role
from wards.models import Ward

RUNS = 9
PAGES = {
    "admin queue, page 1": "/admin/tips/tip/",
    "admin queue, status=new": "/admin/tips/tip/?status__exact=new",
    "admin queue, search": "/admin/tips/tip/?q=xe+m%C3%A1y",
    "API tip list, page 1": "/api/v1/tips/",
    "API tip list, channel filter": "/api/v1/tips/?channel=hotline",
}


def officer(ward: Ward):
    from django.contrib.auth import get_user_model

    user, created = get_user_model().objects.get_or_create(username=f"bench-{ward.code}")
    if created:
        services.grant_membership(user=user, role=Role.OFFICER, ward=ward, actor=None)
    return user


def main() -> None:
    setup_test_environment()
    with scopes_disabled():
        ward = Ward.objects.get(code="B0-0")
        in_ward = Tip.objects.filter(ward=ward).count()
        total = Tip.objects.count()
        user = officer(ward)
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    print(f"ward B0-0: {in_ward} tips of {total} in the table")
    for label, url in PAGES.items():
        durations = []
        for _ in range(RUNS):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url, HTTP_HOST="127.0.0.1")
                durations.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
        print(
            f"{label:<30} {statistics.median(durations) * 1000:7.1f} ms median of {RUNS}, "
            f"{len(queries)} queries"
        )


if __name__ == "__main__":
    main()
