"""Synthetic data for the benchmarks: P provinces × W wards, each with T tips spread over
2016–2025, ~5 % of them in clarified cases with one or two subjects.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wardsec_bench \
        .venv/bin/python bench/generate.py --provinces 2 --wards 50 --tips 10000

Creates the database and migrates it if needed. Rows are written with bulk_create in batches
(not through the services: this measures reading, not writing).
"""

from __future__ import annotations

import argparse
import datetime
import random
import time

import _setup  # noqa: F401
from django.core.management import call_command
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat, ExtractYear, LPad
from django_scopes import scopes_disabled

from tips import codes
from tips.choices import CaseStatus, TipChannel, TipStatus
from tips.models import Case, OffenceCategory, Subject, Tip
from tips.querysets import queue_position
from wards.models import Neighbourhood, Province, Ward

BATCH = 5000
START = datetime.datetime(2016, 1, 1, tzinfo=datetime.UTC)
SPAN_SECONDS = int((datetime.datetime(2025, 12, 31, tzinfo=datetime.UTC) - START).total_seconds())


def make_units(provinces: int, wards: int) -> list[Ward]:
    made = []
    for p in range(provinces):
        province, _ = Province.objects.get_or_create(code=f"B{p}", defaults={"name": f"Bench {p}"})
        for w in range(wards):
            ward, _ = Ward.objects.get_or_create(
                code=f"B{p}-{w}", defaults={"name": f"Phường {w}", "province": province}
            )
            for n in range(5):
                Neighbourhood.objects.get_or_create(ward=ward, name=f"Khu phố {n + 1}")
            made.append(ward)
    return made


def _tip_secrets() -> dict[str, str]:
    """A fresh code's digest and the digest of PIN 123456 for it (the codes are not kept: the
    benchmarks read, they do not look up)."""
    code = codes.new_tracking_code()
    return {"code_digest": codes.code_digest(code), "pin_hash": codes.pin_digest(code, "123456")}


def _number_tips(ward: Ward) -> None:
    """Reference numbers as submit_tip gives them (TB-<year received>-<id>), in one UPDATE."""
    Tip.objects.filter(ward=ward, reference__isnull=True).update(
        reference=Concat(
            Value("TB-"),
            Cast(ExtractYear("received_at"), CharField()),
            Value("-"),
            LPad(Cast("id", CharField()), 6, Value("0")),
        )
    )


def make_tips(ward: Ward, count: int, rng: random.Random, categories) -> None:
    neighbourhoods = list(Neighbourhood.objects.filter(ward=ward))
    channels = list(TipChannel.values)
    statuses = [TipStatus.CLOSED] * 6 + [TipStatus.NEW, TipStatus.IN_PROGRESS, TipStatus.SPAM]
    rows = []
    for _ in range(count):
        status = rng.choice(statuses)
        received_at = START + datetime.timedelta(seconds=rng.randrange(SPAN_SECONDS))
        queue_rank, queue_time = queue_position(status, received_at)  # bulk_create skips save()
        rows.append(
            Tip(
                ward=ward,
                neighbourhood=rng.choice(neighbourhoods),
                category=rng.choice(categories),
                channel=rng.choice(channels),
                status=status,
                description="Nội dung tin báo tổng hợp cho đo hiệu năng.",
                **_tip_secrets(),
                received_at=received_at,
                queue_rank=queue_rank,
                queue_time=queue_time,
            )
        )
        if len(rows) == BATCH:
            Tip.objects.bulk_create(rows)
            rows = []
    Tip.objects.bulk_create(rows)
    _number_tips(ward)
    make_cases(ward, count // 20, rng, categories)


def make_cases(ward: Ward, count: int, rng: random.Random, categories) -> None:
    cases = []
    for n in range(count):
        opened = (START + datetime.timedelta(seconds=rng.randrange(SPAN_SECONDS))).date()
        cases.append(
            Case(
                ward=ward,
                number=f"VV-B-{n}",
                title="Vụ việc tổng hợp",
                status=CaseStatus.CLARIFIED,
                opened_on=opened,
                clarified_on=opened + datetime.timedelta(days=rng.randint(1, 60)),
            )
        )
    cases = Case.objects.bulk_create(cases, batch_size=BATCH)
    subjects = [
        Subject(case=case, full_name="Đối tượng", offence=rng.choice(categories))
        for case in cases
        for _ in range(rng.choice([1, 1, 2]))
    ]
    Subject.objects.bulk_create(subjects, batch_size=BATCH)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--provinces", type=int, default=2)
    parser.add_argument("--wards", type=int, default=50, help="wards per province")
    parser.add_argument("--tips", type=int, default=10000, help="tips per ward")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    rng = random.Random(args.seed)
    started = time.perf_counter()
    with scopes_disabled():
        categories = list(OffenceCategory.objects.all())
        wards = make_units(args.provinces, args.wards)
        for ward in wards:
            if Tip.objects.filter(ward=ward).exists():
                continue
            with transaction.atomic():
                make_tips(ward, args.tips, rng, categories)
        total = Tip.objects.count()
    elapsed = time.perf_counter() - started
    print(f"{len(wards)} wards, {total} tips in the database; generated in {elapsed:.0f} s")


if __name__ == "__main__":
    main()
