"""The API schema and its browsable docs, served offline and within the CSP."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_schema_is_served(client):
    response = client.get(reverse("schema"))
    assert response.status_code == 200
    assert b"/api/v1/tips/" in response.content and b"openapi:" in response.content


def test_docs_use_local_assets_and_no_inline_script(client):
    response = client.get(reverse("api-docs"))
    html = response.content.decode()
    assert response.status_code == 200
    sources = re.findall(r'<script src="([^"]+)"', html)
    assert sources and all(src.startswith("/") for src in sources)  # nothing from a CDN
    assert not re.search(r"<script>(?!\s*</script>)", html)  # CSP: script-src 'self'
    assert "script-src 'self'" in response["Content-Security-Policy"]
    init = client.get(sources[-1])
    assert init.status_code == 200 and b"SwaggerUIBundle" in init.content
    for asset in sources[:-1]:
        assert client.get(asset).status_code == 200
