"""Throughput and latency of the public tip form under load, end to end: gunicorn (2 workers,
production settings, PostgreSQL, Redis as cache and broker) and a client on loopback that, per
submission, GETs the form (token, CSRF cookie) and POSTs it.

    .venv/bin/python bench/submit.py --submissions 200 --threads 8 [--photo]

Needs the bench database (bench/generate.py creates and migrates it) and Redis on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PORT = 8097
URL = f"http://127.0.0.1:{PORT}"


def start_server() -> subprocess.Popen:
    env = dict(os.environ)
    env.pop("DEBUG", None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench_settings",
            "PYTHONPATH": f"{ROOT / 'bench'}:{ROOT}",
            "DATABASE_URL": env.get(
                "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wardsec_bench"
            ),
            "REDIS_URL": env.get("REDIS_URL", "redis://127.0.0.1:6379/5"),
            "STATIC_ROOT": str(ROOT / "bench/out/static"),
            "MEDIA_ROOT": str(ROOT / "bench/out/media"),
        }
    )
    subprocess.run(  # noqa: S603 (our own manage.py)
        [str(ROOT / ".venv/bin/python"), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    server = subprocess.Popen(  # noqa: S603
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "wardsec.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            if requests.get(URL + "/", timeout=2).status_code == 200:
                return server
        except requests.RequestException:
            time.sleep(0.2)
    server.terminate()
    sys.exit("gunicorn did not start")


def photo_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.effect_noise((800, 600), 60).convert("RGB").save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


def one_submission(session: requests.Session, ward: str, photo: bytes | None) -> float:
    page = session.get(f"{URL}/bao-tin/?ward={ward}", timeout=30).text
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    ward_id = re.search(r'<option value="(\d+)" selected>', page).group(1)
    category = re.search(
        r'name="category"[^>]*>\s*<option value=""[^>]*>[^<]*</option>\s*'
        r'<option value="(\d+)"',
        page,
    ).group(1)
    data = {
        "ward": ward_id,
        "category": category,
        "leave_contact": "0",
        "description": "Đo hiệu năng: có người lạ bẻ khóa xe máy.",
        "form_token": token,
        "csrfmiddlewaretoken": session.cookies["csrftoken"],
    }
    files = {"photos": ("anh.jpg", photo, "image/jpeg")} if photo else None
    started = time.perf_counter()
    response = session.post(
        f"{URL}/bao-tin/?ward={ward}",
        data=data,
        files=files,
        headers={"Referer": URL + "/bao-tin/"},
        timeout=60,
    )
    elapsed = time.perf_counter() - started
    if response.status_code != 200 or "tracking-code" not in response.text:
        raise RuntimeError(f"submission failed: {response.status_code}")
    return elapsed


def run(total: int, threads: int, ward: str, photo: bytes | None) -> list[float]:
    latencies: list[float] = []
    errors: list[Exception] = []
    lock = threading.Lock()
    remaining = [total]

    def worker() -> None:
        session = requests.Session()
        while True:
            with lock:
                if remaining[0] == 0:
                    return
                remaining[0] -= 1
            try:
                latency = one_submission(session, ward, photo)
            except Exception as exc:
                errors.append(exc)
                return
            with lock:
                latencies.append(latency)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    if errors:
        raise errors[0]
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--ward", default="B0-0")
    parser.add_argument("--photo", action="store_true", help="attach an 800×600 JPEG")
    args = parser.parse_args()
    server = start_server()
    try:
        photo = photo_bytes() if args.photo else None
        run(4, 2, args.ward, photo)  # warm up
        started = time.perf_counter()
        latencies = sorted(run(args.submissions, args.threads, args.ward, photo))
        wall = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(10)
    pct = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa: E731
    print(
        f"{len(latencies)} submissions{' with a photo' if photo else ''} in {wall:.1f} s: "
        f"{len(latencies) / wall:.1f}/s (GET+POST each); POST latency p50 {pct(0.5):.0f} ms, "
        f"p95 {pct(0.95):.0f} ms, p99 {pct(0.99):.0f} ms, mean "
        f"{statistics.mean(latencies) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
