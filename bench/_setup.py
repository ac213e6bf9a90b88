"""Django set-up for the benchmark scripts: PostgreSQL from DATABASE_URL (default: the local
`wardsec_bench` database), production-like settings otherwise."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wardsec_bench")
os.environ.setdefault("DEBUG", "1")  # no HTTPS redirect for the local client
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wardsec.settings")

import django  # noqa: E402

django.setup()
