"""The record book of grassroots mediation (Sổ theo dõi hoạt động hòa giải ở cơ sở, the Ministry
of Justice's template): per team and year, one row per dispute received that year, in ten
columns, then the team leader's summary; written to XLSX (openpyxl) and PDF (WeasyPrint), each
with its cover.

The columns: (1) number, (2) day received, (3) mediators and invited persons, (4) the parties
with their age and address, (5) the main content, (6) the agreement reached or what each party
demands, (7) successful, (8) unsuccessful (the result, a mark in one of the two), (9) the
mediators' signatures (left blank for the paper copy), (10) notes (withdrawn, outside the scope,
the tip it came from or became, the follow-up). The book is built in five queries whatever the
number of rows.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.http import FileResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from mediation.choices import Compliance, DisputeStatus, PartyRole
from mediation.models import Dispute, MediationSession, RecordBook
from wardsec.exports import neutralise

# The day the district level was abolished (Resolution 202/2025/QH15): a book opened from that
# day names only the commune/ward and the province.
DISTRICTS_ABOLISHED = datetime.date(2025, 7, 1)
MARK = "x"


def column_titles() -> list[str]:
    return [
        _("Số thứ tự"),
        _("Ngày, tháng, năm nhận vụ, việc"),
        _("Họ, tên hòa giải viên; người được mời tham gia hòa giải"),
        _("Họ, tên, tuổi, địa chỉ của các bên"),
        _("Nội dung chủ yếu của vụ, việc"),
        _("Thỏa thuận đạt được / yêu cầu của các bên"),
        _("Kết quả: thành"),
        _("Kết quả: không thành"),
        _("Chữ ký của hòa giải viên"),
        _("Ghi chú"),
    ]


@dataclass(frozen=True)
class Cover:
    province: str
    district: str
    ward: str
    neighbourhood: str
    team: str
    number: str
    year: int
    opened_on: datetime.date
    closed_on: datetime.date | None


@dataclass(frozen=True)
class Row:
    number: int
    received_on: datetime.date
    mediators: str
    parties: str
    content: str
    agreement: str
    successful: str
    unsuccessful: str
    signatures: str
    note: str

    def cells(self) -> list[Any]:
        return [
            self.number,
            self.received_on,
            self.mediators,
            self.parties,
            self.content,
            self.agreement,
            self.successful,
            self.unsuccessful,
            self.signatures,
            self.note,
        ]


@dataclass(frozen=True)
class Book:
    cover: Cover
    rows: list[Row]
    counts: dict[str, int] = field(default_factory=dict)
    summary: str = ""


def _cover(book: RecordBook) -> Cover:
    ward = book.ward
    district = ward.district_name if book.opened_on < DISTRICTS_ABOLISHED else ""
    return Cover(
        province=ward.province.name,
        district=district,
        ward=ward.name,
        neighbourhood=book.team.neighbourhood.name,
        team=book.team.name,
        number=book.number,
        year=book.year,
        opened_on=book.opened_on,
        closed_on=book.closed_on,
    )


def _mediators(dispute: Dispute) -> str:
    names: dict[str, None] = {}
    invited: dict[str, None] = {}
    for mediator in dispute.mediators.all():
        names[mediator.full_name] = None
    for session in dispute.sessions.all():
        for mediator in session.mediators.all():
            names[mediator.full_name] = None
        if session.invited:
            invited[session.invited] = None
    text = ", ".join(names)
    if invited:
        text += "\n" + _("Mời tham gia: %(names)s") % {"names": "; ".join(invited)}
    return text


def _party(party: Any, year: int) -> str:
    parts = [party.full_name]
    if party.birth_year:
        parts.append(_("%(age)s tuổi") % {"age": year - party.birth_year})
    if party.address:
        parts.append(party.address)
    text = ", ".join(parts)
    return text if party.role == PartyRole.PARTY else _("Người liên quan: %(p)s") % {"p": text}


def _agreement(dispute: Dispute) -> str:
    if dispute.status == DisputeStatus.SUCCESSFUL:
        text = dispute.agreement
        if dispute.obligations:
            text += "\n" + dispute.obligations
        if dispute.deadline:
            text += "\n" + _("Thời hạn: %(day)s") % {"day": f"{dispute.deadline:%d/%m/%Y}"}
        return text
    demands = [s.demands for s in dispute.sessions.all() if s.demands]
    return demands[-1] if demands else ""


def _note(dispute: Dispute) -> str:
    notes = []
    if dispute.status in (DisputeStatus.WITHDRAWN, DisputeStatus.OUTSIDE_SCOPE):
        notes.append(dispute.get_status_display())
    if dispute.status == DisputeStatus.UNSUCCESSFUL and dispute.guidance:
        notes.append(_("Hướng dẫn: %(g)s") % {"g": dispute.guidance})
    if dispute.tip is not None:
        notes.append(_("Từ tin báo %(ref)s") % {"ref": dispute.tip.reference})
    if dispute.referred_tip is not None:
        notes.append(_("Đã chuyển tin báo %(ref)s") % {"ref": dispute.referred_tip.reference})
    if dispute.compliance in (Compliance.KEPT, Compliance.BROKEN):
        notes.append(dispute.get_compliance_display())
    if dispute.status == DisputeStatus.OPEN:
        notes.append(_("Đang hòa giải"))
    return "; ".join(notes)


def disputes_of(book: RecordBook):
    """The team's disputes received in the book's year, oldest first, with what the rows show
    (five queries in all)."""
    sessions = MediationSession.objects.order_by("held_on", "pk").prefetch_related("mediators")
    return (
        Dispute.objects.filter(team=book.team, received_on__year=book.year)
        .select_related("kind", "tip", "referred_tip")
        .prefetch_related("mediators", "parties", Prefetch("sessions", queryset=sessions))
        .order_by("received_on", "pk")
    )


def build(book: RecordBook) -> Book:
    """The book's cover, rows and the counts of the leader's summary."""
    rows = []
    counts = dict.fromkeys(["received", *DisputeStatus.values], 0)
    for number, dispute in enumerate(disputes_of(book), 1):
        counts["received"] += 1
        counts[dispute.status] += 1
        rows.append(
            Row(
                number=number,
                received_on=dispute.received_on,
                mediators=_mediators(dispute),
                parties="\n".join(_party(p, book.year) for p in dispute.parties.all()),
                content=f"{dispute.kind.name}: {dispute.summary}",
                agreement=_agreement(dispute),
                successful=MARK if dispute.status == DisputeStatus.SUCCESSFUL else "",
                unsuccessful=MARK if dispute.status == DisputeStatus.UNSUCCESSFUL else "",
                signatures="",
                note=_note(dispute),
            )
        )
    return Book(cover=_cover(book), rows=rows, counts=counts, summary=book.summary)


def summary_lines(book: Book) -> list[str]:
    """The team leader's summary part: the year's counts, then the leader's own words."""
    c = book.counts
    lines = [
        _("Tổng số vụ, việc nhận: %(n)s") % {"n": c["received"]},
        _("Hòa giải thành: %(n)s") % {"n": c[DisputeStatus.SUCCESSFUL]},
        _("Hòa giải không thành: %(n)s") % {"n": c[DisputeStatus.UNSUCCESSFUL]},
        _("Rút yêu cầu: %(n)s; ngoài phạm vi hòa giải: %(m)s")
        % {"n": c[DisputeStatus.WITHDRAWN], "m": c[DisputeStatus.OUTSIDE_SCOPE]},
        _("Đang hòa giải: %(n)s") % {"n": c[DisputeStatus.OPEN]},
    ]
    if book.summary:
        lines.append(book.summary)
    return lines


def cover_lines(cover: Cover) -> list[tuple[str, str]]:
    date = "%d/%m/%Y"
    lines = [(_("Tỉnh/thành phố"), cover.province)]
    if cover.district:
        lines.append((_("Quận/huyện/thị xã"), cover.district))
    lines += [
        (_("Xã/phường/thị trấn"), cover.ward),
        (_("Thôn/tổ dân phố/khu phố"), cover.neighbourhood),
        (_("Tổ hòa giải"), cover.team),
        (_("Quyển số"), cover.number),
        (_("Mở sổ ngày"), cover.opened_on.strftime(date)),
        (_("Khóa sổ ngày"), cover.closed_on.strftime(date) if cover.closed_on else ""),
    ]
    return lines


def title() -> str:
    return _("SỔ THEO DÕI HOẠT ĐỘNG HÒA GIẢI Ở CƠ SỞ")


# --- XLSX -------------------------------------------------------------------------------------


def to_xlsx(book: Book) -> bytes:
    """Two sheets: the cover, then the book (column titles, rows, the leader's summary)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    cover = workbook.active
    cover.title = _("Bìa")
    cover.append([title()])
    cover["A1"].font = Font(bold=True, size=14)
    cover.append([_("Năm %(year)s") % {"year": book.cover.year}])
    for label, value in cover_lines(book.cover):
        cover.append([label, neutralise(value)])
    cover.column_dimensions["A"].width = 28
    cover.column_dimensions["B"].width = 40

    sheet = workbook.create_sheet(_("Sổ theo dõi"))
    sheet.append(column_titles())
    sheet.append(list(range(1, 11)))
    wrap = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = wrap
    for row in book.rows:
        sheet.append([neutralise(v) if isinstance(v, str) else v for v in row.cells()])
        sheet.cell(row=sheet.max_row, column=2).number_format = "DD/MM/YYYY"
        for cell in sheet[sheet.max_row]:
            cell.alignment = wrap
    sheet.freeze_panes = "A3"
    for letter, width in zip("ABCDEFGHIJ", [6, 12, 26, 32, 40, 40, 8, 8, 14, 28], strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.append([])
    sheet.append([_("PHẦN TỔNG HỢP CỦA TỔ TRƯỞNG")])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    for line in summary_lines(book):
        sheet.append([neutralise(line)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- PDF --------------------------------------------------------------------------------------


def to_pdf(book: Book) -> bytes:
    """A4: the cover page, then the ten-column table (landscape) and the leader's summary."""
    from wardsec.pdf import html_to_pdf

    html = render_to_string(
        "mediation/record_book.html",
        {
            "title": title(),
            "book": book,
            "cover_lines": cover_lines(book.cover),
            "columns": column_titles(),
            "summary_lines": summary_lines(book),
        },
    )
    return html_to_pdf(html)


@dataclass(frozen=True)
class BookFile:
    """A record book written to a file (`services.export_record_book`): bytes, type, name."""

    content: bytes
    content_type: str
    filename: str


def attachment(file: BookFile) -> FileResponse:
    """The file as a download that no cache keeps (it holds the parties' personal data)."""
    response = FileResponse(
        io.BytesIO(file.content),
        as_attachment=True,
        filename=file.filename,
        content_type=file.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response
