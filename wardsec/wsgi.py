"""WSGI entry point (gunicorn wardsec.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wardsec.settings")

application = get_wsgi_application()
