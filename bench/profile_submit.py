"""Where one submission's time goes: the form's GET and its POST through Django's whole stack
(middleware, views, templates, PostgreSQL, Redis) in this process, under cProfile, with the
queries of each request counted.

    .venv/bin/python bench/profile_submit.py [--submissions 50] [--wards 50] [--top 25]

Uses the bench database and settings of bench/http_bench.py (run it once first, or pass
--wards to lay out the wards here).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import time

import http_bench


def submit_once(client, path: str) -> tuple[int, int, float, float]:
    """GET + POST; returns the queries of each and their times in ms."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as get_queries:
        started = time.perf_counter()
        page = client.get(path).content.decode()
        get_ms = (time.perf_counter() - started) * 1000
    data = {
        "ward": re.search(r'<option value="(\d+)" selected>', page).group(1),
        "category": re.search(
            r'name="category"[^>]*><option value=""[^>]*>[^<]*</option><option value="(\d+)"', page
        ).group(1),
        "form_token": re.search(r'name="form_token" value="([^"]+)"', page).group(1),
        "leave_contact": "0",
        "description": "Đo hiệu năng: có người lạ bẻ khóa xe máy trong hẻm 12.",
    }
    with CaptureQueriesContext(connection) as post_queries:
        started = time.perf_counter()
        response = client.post(path, data)
        post_ms = (time.perf_counter() - started) * 1000
    assert response.status_code == 200 and b"tracking-code" in response.content, (
        response.status_code
    )
    return len(get_queries), len(post_queries), get_ms, post_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--submissions", type=int, default=50)
    parser.add_argument("--wards", type=int, default=0, help="lay out this many wards first")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    http_bench.setup_django()
    from django.test import Client

    if args.wards:
        http_bench.set_wards(args.wards)
    client = Client()
    for _ in range(10):  # warm-up: caches, connections, templates
        submit_once(client, http_bench.FORM)
    profile = cProfile.Profile()
    counts = []
    profile.enable()
    for _ in range(args.submissions):
        counts.append(submit_once(client, http_bench.FORM))
    profile.disable()
    gets, posts = sorted(c[2] for c in counts), sorted(c[3] for c in counts)
    print(
        f"{args.submissions} submissions under cProfile: queries per GET {counts[-1][0]}, "
        f"per POST {counts[-1][1]}; median GET {gets[len(gets) // 2]:.1f} ms, "
        f"POST {posts[len(posts) // 2]:.1f} ms (profiled, so slower than served)"
    )
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats(order).print_stats(args.top)
        print(re.sub(r"/\S*/site-packages/", "", out.getvalue().replace(str(http_bench.ROOT), ".")))


if __name__ == "__main__":
    main()
