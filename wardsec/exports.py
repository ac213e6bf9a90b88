"""Export of an admin list — the filtered list as the officer sees it, or the selected rows — to
XLSX (openpyxl) and CSV.

Rules, whatever the format:

- **Formula injection is neutralised**: a text cell starting with `=`, `+`, `-`, `@`, a tab or
  a carriage return gets a leading apostrophe (`'=1+1`), so no spreadsheet program runs it.
  Tipsters write free text; a "description" of `=HYPERLINK(...)` must stay text.
- **Times are Vietnamese local time** (`TIME_ZONE`, Asia/Ho_Chi_Minh), written without offset.
- **Numbers stay numbers in XLSX** (counts, money, coordinates) so they can be summed; dates and
  times are real dates with a day-first display format. CSV writes ISO dates (unambiguous).
- **Sensitive fields the user may not read are left out** (`wardsec.sensitive.hidden_fields`),
  secrets always. Choices show their Vietnamese label, people their name in Vietnamese order.
- **Many-to-many fields are one cell**: the related rows' names joined by "; " (people by name),
  fetched with the list (one query per field, whatever the number of rows).
- The file starts with the header row of the fields' verbose names.

Use from an admin: `ExportMixin` adds `…/export.xlsx/` and `…/export.csv/` views that export the
changelist's filtered list (its query string: filters, search, ordering), and the actions
`export_xlsx` / `export_csv` for the selected rows. The admin provides `get_export_fields()`
and may provide `audit_export(request, objects)` (called after the rows are written).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from wardsec import names, sensitive

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r")
XLSX_DATE = "DD/MM/YYYY"
XLSX_DATETIME = "DD/MM/YYYY HH:MM"
MANY_SEPARATOR = "; "

Cell = str | int | float | Decimal | bool | datetime.date | datetime.datetime | None


def neutralise(text: str) -> str:
    """`text`, made inert for spreadsheets: an apostrophe before a leading = + - @ tab or CR."""
    return f"'{text}" if text.startswith(DANGEROUS_FIRST) else text


def cell_value(obj: models.Model, name: str) -> Cell:
    """The value of field `name` of `obj` for a spreadsheet: choices by label, related rows by
    name (people in Vietnamese order; many-to-many rows joined by "; "), aware times as local
    naive times, text neutralised."""
    display = getattr(obj, f"get_{name}_display", None)
    value = display() if callable(display) else getattr(obj, name)
    if value is None:
        return None
    if isinstance(value, models.Manager):  # many-to-many: the rows prefetched with the list
        joined = MANY_SEPARATOR.join(_label(row) for row in value.all())
        return neutralise(joined) if joined else None
    if isinstance(value, get_user_model()):
        return neutralise(names.display_name(value))
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, bool | int | float | Decimal | datetime.date):
        return value
    return neutralise(str(value))


def _label(row: models.Model) -> str:
    return names.display_name(row) if isinstance(row, get_user_model()) else str(row)


def export_fields(
    user: Any, model: type[models.Model], fields: Sequence[str]
) -> list[models.Field]:
    """The fields among `fields` that `user` may read, in order."""
    hidden = sensitive.hidden_fields(user, model)
    return [_field(model, name) for name in fields if name not in hidden]


def _field(model: type[models.Model], name: str) -> models.Field:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model._meta.label}.{name} is a reverse relation, not a column")
    return field


def _rows(queryset: Iterable[models.Model], fields: list[models.Field]) -> Iterable[list[Cell]]:
    for obj in queryset:
        yield [cell_value(obj, field.name) for field in fields]


def write_csv(headers: list[str], rows: Iterable[list[Cell]]) -> bytes:
    """CSV in UTF-8 with a byte-order mark (so spreadsheet programs read Vietnamese right)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([neutralise(h) for h in headers])
    for row in rows:
        writer.writerow(["" if v is None else neutralise(_csv_text(v)) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_text(value: Cell) -> str:
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(_("Có") if value else _("Không"))
    return str(value)


def write_xlsx(headers: list[str], rows: Iterable[list[Cell]], *, title: str = "") -> bytes:
    """One sheet, header row bold and frozen; numbers and dates typed (write-only: constant
    memory whatever the number of rows). Every string is written as text, never a formula."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=(title or "Sheet")[:31])
    sheet.freeze_panes = "A2"
    sheet.append([_xlsx_cell(sheet, h, bold=True) for h in headers])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_cell(sheet: Any, value: Cell, *, bold: bool = False) -> WriteOnlyCell:
    if isinstance(value, str):
        value = neutralise(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would read a leading "=" as a formula
    elif isinstance(value, datetime.datetime):
        cell.number_format = XLSX_DATETIME
    elif isinstance(value, datetime.date):
        cell.number_format = XLSX_DATE
    if bold:
        from openpyxl.styles import Font

        cell.font = Font(bold=True)
    return cell


def export_response(
    request: HttpRequest,
    queryset: models.QuerySet,
    *,
    fields: Sequence[str],
    fmt: str,
    filename: str,
) -> tuple[HttpResponse, list[models.Model]]:
    """The file of `queryset` in `fmt` ("xlsx" or "csv") as a download, and the rows written
    (for the audit log). Related rows are fetched with the list (no query per row): joined,
    or one query per many-to-many field."""
    model = queryset.model
    chosen = export_fields(request.user, model, fields)
    related = [f.name for f in chosen if f.many_to_one or f.one_to_one]
    many = [f.name for f in chosen if f.many_to_many]
    if related:
        queryset = queryset.select_related(*related)
    if many:
        queryset = queryset.prefetch_related(*many)
    objects = list(queryset)
    headers = [str(field.verbose_name) for field in chosen]
    if fmt == "xlsx":
        content = write_xlsx(headers, _rows(objects, chosen), title=str(model._meta.verbose_name))
    else:
        content = write_csv(headers, _rows(objects, chosen))
    response = HttpResponse(content, content_type=FORMATS[fmt])
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.{fmt}"'
    return response, objects


class ExportMixin:
    """Export views and actions for a ModelAdmin (see the module docstring)."""

    def get_export_fields(self) -> list[str]:
        model = self.model  # type: ignore[attr-defined]
        return [field.name for field in model._meta.concrete_fields]

    def audit_export(self, request: HttpRequest, objects: list[models.Model]) -> None:
        """Called with the rows that left; the platform's admin base records them."""

    def export_queryset(self, request: HttpRequest, queryset: models.QuerySet, fmt: str):
        response, objects = export_response(
            request,
            queryset,
            fields=self.get_export_fields(),
            fmt=fmt,
            filename=queryset.model._meta.model_name,
        )
        self.audit_export(request, objects)
        return response

    def export_view(self, request: HttpRequest, fmt: str) -> HttpResponse:
        """The changelist's filtered list (filters, search, ordering of the query string)."""
        if fmt not in FORMATS or not self.has_view_permission(request):  # type: ignore[attr-defined]
            raise PermissionDenied
        changelist = self.get_changelist_instance(request)  # type: ignore[attr-defined]
        return self.export_queryset(request, changelist.get_queryset(request), fmt)

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        """The list, with links that export it as filtered (the same query string)."""
        opts = self.model._meta  # type: ignore[attr-defined]
        query = request.GET.urlencode()
        links = [
            {
                "format": fmt,
                "label": label,
                "url": reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_export",
                    args=[fmt],
                    current_app=self.admin_site.name,  # type: ignore[attr-defined]
                )
                + (f"?{query}" if query else ""),
            }
            for fmt, label in (("xlsx", _("Xuất Excel")), ("csv", _("Xuất CSV")))
        ]
        context = {**(extra_context or {}), "export_links": links}
        return super().changelist_view(request, context)  # type: ignore[misc]

    def get_urls(self) -> list[URLPattern]:
        opts = self.model._meta  # type: ignore[attr-defined]
        view = self.admin_site.admin_view(self.export_view)  # type: ignore[attr-defined]
        name = f"{opts.app_label}_{opts.model_name}_export"
        return [path("export.<str:fmt>/", view, name=name), *super().get_urls()]  # type: ignore[misc]

    @admin.action(description=_("Xuất các dòng đã chọn ra tệp Excel (XLSX)"), permissions=["view"])
    def export_xlsx(self, request: HttpRequest, queryset: models.QuerySet) -> HttpResponse:
        return self.export_queryset(request, queryset, "xlsx")

    @admin.action(description=_("Xuất các dòng đã chọn ra tệp CSV"), permissions=["view"])
    def export_csv(self, request: HttpRequest, queryset: models.QuerySet) -> HttpResponse:
        return self.export_queryset(request, queryset, "csv")
