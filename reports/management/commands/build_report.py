"""Build a report at once, in this process (for scripts and cron): no report row, no Celery.

    manage.py build_report --ward DEMO-P3 --start 2016-01-01 --end 2021-12-31 --format pdf \\
        --output bao-cao.pdf
    manage.py build_report --province 72 --year 2021          # the JSON figures on stdout
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from django.core.exceptions import ObjectDoesNotExist
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_scopes import scopes_disabled

from reports import services
from reports.choices import ReportFormat, ReportLanguage
from wards.figures import province_report_scope, ward_report_scope


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"Ngày không hợp lệ: {text!r} (dạng 2021-12-31).") from exc


class Command(BaseCommand):
    help = "Lập báo cáo ngay (không qua Celery); không có --output thì in số liệu JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--ward", help="Mã phường/xã.")
        where.add_argument("--province", help="Mã tỉnh/thành phố.")
        parser.add_argument("--start", help="Từ ngày (2016-01-01).")
        parser.add_argument("--end", help="Đến ngày (2021-12-31).")
        parser.add_argument("--year", type=int, help="Cả một năm (thay cho --start/--end).")
        parser.add_argument("--format", choices=ReportFormat.values, default=ReportFormat.JSON)
        parser.add_argument("--lang", choices=ReportLanguage.values, default=ReportLanguage.VI)
        parser.add_argument("--output", help="Tệp để ghi; bỏ trống: in số liệu JSON.")

    def period(self, options: dict) -> tuple[datetime.date, datetime.date]:
        if options["year"]:
            return datetime.date(options["year"], 1, 1), datetime.date(options["year"], 12, 31)
        if not (options["start"] and options["end"]):
            raise CommandError("Cần --year, hoặc cả --start và --end.")
        start, end = _date(options["start"]), _date(options["end"])
        if end < start:
            raise CommandError("Ngày kết thúc không được trước ngày bắt đầu.")
        return start, end

    def handle(self, *args, **options):
        start, end = self.period(options)
        with scopes_disabled():
            try:
                scope = (
                    ward_report_scope(options["ward"])
                    if options["ward"]
                    else province_report_scope(options["province"])
                )
            except ObjectDoesNotExist as exc:
                raise CommandError("Không có phường/xã hoặc tỉnh với mã này.") from exc
            figures = services.scope_figures(scope, start, end)
        if not options["output"]:
            self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2))
            return
        content = services.render_file(figures, language=options["lang"], fmt=options["format"])
        Path(options["output"]).write_bytes(content)
        self.stderr.write(f"{options['output']}: {len(content)} bytes")
