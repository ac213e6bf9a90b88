"""The public pages against bare Django, side by side in one run: the same gunicorn server
(production settings, PostgreSQL, Redis), the same wrk client with keep-alive, the same time.

    .venv/bin/python bench/http_bench.py [--seconds 20] [--clients 32] [--lookup-clients 8]

1. submission: GET /bao-tin/?ward=B0-0, then POST it with its CSRF cookie and form token
   (bench/wrk/submit.lua), against GET + POST of a bare Django form that inserts one row
   (bench/bare/: the same server, settings and middleware);
2. look-up: POST /tra-cuu/ with a stored code and PIN (bench/wrk/lookup.lua), against a bare
   view that reads one row by a unique index and compares the PIN;
3. the form's GET with the 50 wards of one province, then with 3,300 wards in 34 provinces.

Needs wrk (`apt-get install wrk`), PostgreSQL and Redis on 127.0.0.1. The database
(`wardsec_bench` unless DATABASE_URL says otherwise) is created and migrated if needed; Redis db 5
unless REDIS_URL. The server listens on 127.0.0.1:8701 (`--port`; `--workers`/`--threads` size it,
both sides alike; `--skip-gets` measures only the side-by-side pages). Results: a table on stdout
and bench/out/http_bench_<port>_<workers>x<threads>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
OUT = BENCH / "out"
PORT = 8701
URL = f"http://127.0.0.1:{PORT}"
WORKERS, THREADS = 2, 4
FORM = "/bao-tin/?ward=B0-0"


def server_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DEBUG", None)
    env.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wardsec_bench")
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/5")
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench_settings",
            "PYTHONPATH": f"{BENCH}:{ROOT}",
            # Each look-up comes from another address (X-Forwarded-For from "the proxy"), so
            # the per-client limit runs but never refuses.
            "WARDSEC_NUM_PROXIES": "1",
            "STATIC_ROOT": str(OUT / "static"),
            "MEDIA_ROOT": str(OUT / "media"),
        }
    )
    return env


def setup_django() -> None:
    os.environ.update(server_env())
    sys.path[:0] = [str(BENCH), str(ROOT)]
    import django

    django.setup()


def create_database() -> None:
    import psycopg2
    from django.conf import settings

    name = settings.DATABASES["default"]["NAME"]
    params = {
        k.lower(): v
        for k, v in settings.DATABASES["default"].items()
        if k in ("HOST", "PORT", "USER", "PASSWORD") and v
    }
    connection = psycopg2.connect(dbname="postgres", **params)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    from django.core.management import call_command

    call_command("migrate", run_syncdb=True, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


def set_wards(total: int) -> None:
    """Province B0 with wards B0-0…B0-49 (5 neighbourhoods each); past 50, provinces N1…N33
    share the rest, as the country's ~3,300 communes are shared by 34 provinces."""
    from django_scopes import scopes_disabled

    from wards.models import Neighbourhood, Province, Ward

    plan = {"B0": [f"B0-{w}" for w in range(50)]}
    extra = max(0, total - 50)
    for p in range(1, 34 if extra else 1):
        plan[f"N{p}"] = [f"N{p}-{w}" for w in range(p - 1, extra, 33)]
    with scopes_disabled():
        Neighbourhood.objects.filter(ward__province__code__startswith="N").delete()
        Ward.objects.filter(province__code__startswith="N").delete()
        Province.objects.filter(code__startswith="N").delete()
        for code, ward_codes in plan.items():
            province, _ = Province.objects.get_or_create(
                code=code, defaults={"name": f"Tỉnh {code}"}
            )
            have = set(Ward.objects.filter(code__in=ward_codes).values_list("code", flat=True))
            new = Ward.objects.bulk_create(
                Ward(code=c, name=f"Phường {c}", province=province)
                for c in ward_codes
                if c not in have
            )
            Neighbourhood.objects.bulk_create(
                Neighbourhood(ward=ward, name=f"Khu phố {n + 1}") for ward in new for n in range(5)
            )
        assert Ward.objects.accepting_tips().count() >= total


def store_lookup_pairs(count: int = 200) -> tuple[Path, Path]:
    """`count` tips filed through the service, and as many bare rows; their codes and PINs."""
    from bare.models import BareTip
    from django_scopes import scopes_disabled

    from tips import services
    from tips.models import OffenceCategory
    from wards.models import Ward

    ours, bare = OUT / f"pairs_{PORT}.txt", OUT / f"bare_pairs_{PORT}.txt"
    with scopes_disabled():
        ward = Ward.objects.get(code="B0-0")
        category = OffenceCategory.objects.filter(is_active=True).first()
        lines = []
        for _ in range(count):
            draft = services.TipDraft(
                ward=ward, category=category, description="Tin để đo tra cứu.", channel="web"
            )
            receipt = services.submit_tip(draft=draft)
            lines.append(f"{receipt.code} {receipt.pin}")
    ours.write_text("\n".join(lines) + "\n")
    rows = BareTip.objects.bulk_create(
        BareTip(code=secrets.token_hex(8), pin=f"{secrets.randbelow(10**6):06d}", category=1)
        for _ in range(count)
    )
    bare.write_text("".join(f"{row.code} {row.pin}\n" for row in rows))
    return ours, bare


def start_server() -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603 (our own gunicorn)
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "wardsec.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(WORKERS),
            "--worker-class",
            "gthread",
            "--threads",
            str(THREADS),
            "--keep-alive",
            "5",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=server_env(),
    )
    for _ in range(100):
        try:
            if requests.get(URL + "/bare/form/", timeout=2).status_code == 200:
                return server
        except requests.RequestException:
            time.sleep(0.2)
    server.terminate()
    sys.exit("gunicorn did not start")


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(15)


def wrk(script: str, clients: int, seconds: int, *args: str) -> dict[str, float]:
    """Run wrk (one thread per connection: the Lua scripts keep per-connection state)."""
    command = ["wrk", f"-t{clients}", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s"]
    command += ["-s", str(BENCH / "wrk" / script), URL, "--", *args]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    lines = "\n".join(line for line in output.splitlines() if line.startswith("BENCH "))
    result = {key: float(value) for key, value in re.findall(r"(\w+)=([\d.]+)", lines)}
    result["requests_per_s"] = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    result["non_2xx"] = float(non_2xx.group(1)) if non_2xx else 0.0
    result["socket_errors"] = socket_errors.group(1) if socket_errors else "none"  # type: ignore[assignment]
    return result


def submission(path: str, marker: str, clients: int, seconds: int) -> dict[str, float]:
    result = wrk("submit.lua", clients, seconds, path, marker)
    result["per_s"] = result["submissions"] / seconds
    return result


def lookup(path: str, marker: str, pairs: Path, clients: int, seconds: int) -> dict[str, float]:
    result = wrk("lookup.lua", clients, seconds, path, marker, str(pairs))
    result["per_s"] = result["lookups"] / seconds
    return result


def form_get(path: str, seconds: int, marker: str = 'name="form_token"') -> dict[str, float]:
    return wrk("get.lua", 4, seconds, path, marker)


def combine(runs: list[dict[str, float]], count: str, seconds: int) -> dict[str, float]:
    """Rounds of one measurement as one: throughput over all rounds, the median round's p50
    and the worst round's p99 (the machine is shared: a busy moment hits one round)."""
    return {
        "per_s": sum(r[count] for r in runs) / (seconds * len(runs)),
        "requests_per_s": sum(r["requests_per_s"] for r in runs) / len(runs),
        "p50_ms": statistics.median(r["p50_ms"] for r in runs),
        "p99_ms": max(r["p99_ms"] for r in runs),
        "errors": sum(r["errors"] for r in runs),
        "non_2xx": sum(r["non_2xx"] for r in runs),
        "rounds": len(runs),
    }


def side_by_side(args: argparse.Namespace, pairs: tuple[Path, Path]) -> dict[str, dict]:
    """The real pages and the bare ones in alternating rounds on one server."""
    ours_pairs, bare_pairs = pairs
    ours_mark, bare_mark = 'data-testid="tracking-code"', 'data-testid="bare-ok"'
    runs: dict[str, list] = {"submit": [], "submit_bare": [], "lookup": [], "lookup_bare": []}
    server = start_server()
    try:
        submission(FORM, ours_mark, args.clients, 3)  # warm-up
        submission("/bare/form/", bare_mark, args.clients, 3)
        for n in range(args.rounds):
            order = [("submit", FORM, ours_mark), ("submit_bare", "/bare/form/", bare_mark)]
            for key, path, mark in order if n % 2 == 0 else order[::-1]:
                runs[key].append(submission(path, mark, args.clients, args.seconds))
        lookup("/tra-cuu/", 'data-testid="status"', ours_pairs, args.lookup_clients, 3)
        for n in range(args.rounds):
            order = [
                ("lookup", "/tra-cuu/", 'data-testid="status"', ours_pairs),
                ("lookup_bare", "/bare/lookup/", bare_mark, bare_pairs),
            ]
            for key, path, mark, pairs_file in order if n % 2 == 0 else order[::-1]:
                result = lookup(path, mark, pairs_file, args.lookup_clients, args.seconds)
                runs[key].append(result)
    finally:
        stop_server(server)
    return {
        key: combine(value, "submissions" if key.startswith("submit") else "lookups", args.seconds)
        for key, value in runs.items()
    }


def form_gets(args: argparse.Namespace) -> dict[str, dict]:
    """The form's GET with 50 wards and with 3,300, in alternating rounds (a restart each)."""
    pages = {
        50: {"get": FORM, "get_home": "/bao-tin/"},
        3300: {
            "get": FORM,
            "get_province_of_99": "/bao-tin/?ward=N1-0",
            "get_province_step": "/bao-tin/",
        },
    }
    runs: dict[str, list] = {}
    for n in range(args.rounds):
        for wards in (50, 3300) if n % 2 == 0 else (3300, 50):
            set_wards(wards)
            server = start_server()
            try:
                form_get(FORM, 2)  # warm-up: the memos are filled once per worker
                for key, path in pages[wards].items():
                    mark = 'name="province"' if key == "get_province_step" else 'name="form_token"'
                    result = form_get(path, args.get_seconds, marker=mark)
                    runs.setdefault(f"{key}_{wards}", []).append(result)
            finally:
                stop_server(server)
    set_wards(50)
    return {key: combine(value, "requests_per_s", 1) for key, value in runs.items()}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--lookup-clients", type=int, default=8)
    parser.add_argument("--get-seconds", type=int, default=8)
    parser.add_argument("--port", type=int, default=PORT)
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument("--threads", type=int, default=THREADS)
    parser.add_argument("--skip-gets", action="store_true", help="only the side-by-side pages")
    args = parser.parse_args()
    configure(args.port, args.workers, args.threads)
    OUT.mkdir(parents=True, exist_ok=True)
    setup_django()
    create_database()
    set_wards(50)
    results = side_by_side(args, store_lookup_pairs())
    if not args.skip_gets:
        results |= form_gets(args)
    report(results, args)


def configure(port: int, workers: int, threads: int) -> None:
    """The server's port and size (both sides always share the one server)."""
    global PORT, URL, WORKERS, THREADS  # noqa: PLW0603 - set once, from the command line
    PORT, URL, WORKERS, THREADS = port, f"http://127.0.0.1:{port}", workers, threads


def report(results: dict[str, dict], args: argparse.Namespace) -> None:
    submit, bare = results["submit"], results["submit_bare"]
    look, look_bare = results["lookup"], results["lookup_bare"]
    summary = {
        "submit_ratio": submit["per_s"] / bare["per_s"],
        "lookup_ratio": look["per_s"] / look_bare["per_s"],
        "server": f"gunicorn {WORKERS} gthread workers × {THREADS} threads, keep-alive",
        "clients": {"submit": args.clients, "lookup": args.lookup_clients, "get": 4},
    }
    if "get_50" in results:
        summary["get_3300_vs_50"] = results["get_3300"]["p50_ms"] / results["get_50"]["p50_ms"]
    (OUT / f"http_bench_{PORT}_{WORKERS}x{THREADS}.json").write_text(
        json.dumps({"results": results, "summary": summary}, indent=2)
    )
    rows = [
        ("submission (GET+POST)", submit, bare, "submissions"),
        ("look-up (POST)", look, look_bare, "lookups"),
    ]
    print("| what | WardSec /s | p50 / p99 ms | errors | bare /s | p50 / p99 ms | ratio |")
    print("|---|---|---|---|---|---|---|")
    for name, ours, theirs, _count in rows:
        print(
            f"| {name} | {ours['per_s']:.0f} | {ours['p50_ms']:.1f} / {ours['p99_ms']:.1f} | "
            f"{ours['errors']:.0f} | {theirs['per_s']:.0f} | {theirs['p50_ms']:.1f} / "
            f"{theirs['p99_ms']:.1f} | {ours['per_s'] / theirs['per_s']:.2f} |"
        )
    for key in (
        ()
        if "get_50" not in results
        else (
            "get_50",
            "get_3300",
            "get_home_50",
            "get_province_of_99_3300",
            "get_province_step_3300",
        )
    ):
        r = results[key]
        print(
            f"| GET {key} | {r['requests_per_s']:.0f} req/s | {r['p50_ms']:.1f} / "
            f"{r['p99_ms']:.1f} | {r['errors']:.0f} | | | |"
        )
    if "get_3300_vs_50" in summary:
        print(f"GET with 3,300 wards / with 50 (p50): {summary['get_3300_vs_50']:.2f}")


if __name__ == "__main__":
    main()
