"""Year-by-year bar charts as PNG (Pillow), the same picture in the PDF and the DOCX."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from reports.render.document import Chart

FONTS = (
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)
WIDTH, HEIGHT, MARGIN = 900, 360, 50


@cache
def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    for path in FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default()


def png(chart: Chart) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    draw.text((MARGIN, 10), chart.title, fill="black", font=_font(22))
    top, bottom = 60, HEIGHT - MARGIN
    draw.line((MARGIN, bottom, WIDTH - MARGIN, bottom), fill="black", width=2)
    peak = max(chart.values) or 1
    slot = (WIDTH - 2 * MARGIN) / max(len(chart.values), 1)
    for i, (year, value) in enumerate(zip(chart.years, chart.values, strict=True)):
        left = MARGIN + i * slot + slot * 0.2
        height = (bottom - top) * value / peak
        draw.rectangle((left, bottom - height, left + slot * 0.6, bottom), fill="#1f4e79")
        draw.text((left, bottom + 8), year, fill="black", font=_font(18))
        draw.text((left, bottom - height - 24), str(value), fill="black", font=_font(18))
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    return output.getvalue()
