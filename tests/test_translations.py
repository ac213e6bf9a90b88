"""The message catalogues in locale/: complete, placeholder-safe, compiled, and used by Django.

Every msgid in the code is Vietnamese, so locale/en translates every entry, while locale/vi only
translates the Django admin strings that Django's own Vietnamese catalogue lacks (listed in
wardsec/admin_strings.py, in English) and leaves the Vietnamese msgids untranslated.
"""

from __future__ import annotations

import ast
import gettext
import os
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest
from django.utils import translation

LOCALE = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES = ("en", "vi")

PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{\w*\}")
MARKUP = re.compile(r"</?[a-zA-Z][^>]*>|&[#\w]+;")
VIETNAMESE_LETTER = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE
)
KEYWORD_LINE = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])? (".*")$')
# Vietnamese msgids that happen to have no letter with a diacritic: not English admin strings.
VIETNAMESE_WITHOUT_DIACRITICS = {"Giao", "Nam", "Sau", "Xem", "cao (px)"}


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def label(self) -> str:
        return f"line {self.line}: {self.msgid!r}"


def parse_po(path: Path) -> list[Entry]:
    """The entries of a .po file, header first; obsolete (#~) entries are left out."""
    entries: list[Entry] = []
    keyword, index = "", 0
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        starts_entry = line.startswith(("#", "msgctxt ", "msgid "))
        if starts_entry and (not entries or keyword == "msgstr"):
            entries.append(Entry(line=number))
            keyword = ""
        entry = entries[-1]
        if line.startswith("#"):
            if line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        match = KEYWORD_LINE.match(line)
        if match:
            keyword, index, line = match.group(1), int(match.group(2) or 0), match.group(3)
        assert keyword and line.startswith('"'), f"{path}:{number}: unexpected {raw!r}"
        text = ast.literal_eval(line)  # a PO string is a C string literal: Python reads it
        if keyword == "msgstr":
            entry.msgstr[index] = entry.msgstr.get(index, "") + text
        elif keyword == "msgid":
            entry.msgid += text
        elif keyword == "msgid_plural":
            entry.msgid_plural = (entry.msgid_plural or "") + text
        else:
            entry.msgctxt = (entry.msgctxt or "") + text
    return entries


@dataclass
class Catalogue:
    header: dict[str, str]
    header_flags: set[str]
    entries: list[Entry]

    @property
    def nplurals(self) -> int:
        return int(re.search(r"nplurals=(\d+)", self.header["Plural-Forms"]).group(1))


@cache
def catalogue(language: str) -> Catalogue:
    """One language's django.po: header fields, header flags and the other entries."""
    header, *entries = parse_po(LOCALE / language / "LC_MESSAGES" / "django.po")
    assert header.msgid == "", "the first entry must be the header"
    lines = header.msgstr[0].splitlines()
    fields = dict(line.split(": ", 1) for line in lines if ": " in line)
    return Catalogue(fields, header.flags, entries)


def is_english(msgid: str) -> bool:
    return not VIETNAMESE_LETTER.search(msgid) and msgid not in VIETNAMESE_WITHOUT_DIACRITICS


def placeholders(text: str) -> Counter[str]:
    return Counter(PLACEHOLDER.findall(text))


def markup(text: str) -> Counter[str]:
    return Counter(MARKUP.findall(text))


def source_of(entry: Entry, index: int, nplurals: int) -> str:
    """The msgid a msgstr form translates: form 0 the singular, the others the plural."""
    if entry.msgid_plural is None or (index == 0 and nplurals > 1):
        return entry.msgid
    return entry.msgid_plural


def test_the_catalogues_hold_the_same_msgids():
    en = {(e.msgctxt, e.msgid, e.msgid_plural) for e in catalogue("en").entries}
    vi = {(e.msgctxt, e.msgid, e.msgid_plural) for e in catalogue("vi").entries}
    assert len(en) > 500
    assert en == vi


@pytest.mark.parametrize(
    ("language", "plural_forms"),
    [("en", "nplurals=2; plural=(n != 1);"), ("vi", "nplurals=1; plural=0;")],
)
def test_header_and_plural_forms(language, plural_forms):
    po = catalogue(language)
    assert po.header["Language"] == language
    assert po.header["Plural-Forms"] == plural_forms
    assert "charset=UTF-8" in po.header["Content-Type"]
    assert "fuzzy" not in po.header_flags
    wrong = [
        e.label
        for e in po.entries
        if set(e.msgstr) != (set(range(po.nplurals)) if e.msgid_plural is not None else {0})
    ]
    assert wrong == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_entry_is_fuzzy(language):
    assert [e.label for e in catalogue(language).entries if "fuzzy" in e.flags] == []


def test_english_translates_every_entry_and_every_plural_form():
    untranslated = [
        e.label for e in catalogue("en").entries if not all(t.strip() for t in e.msgstr.values())
    ]
    assert untranslated == []


def test_english_keeps_the_english_admin_strings_as_they_are():
    changed = [
        e.label
        for e in catalogue("en").entries
        if is_english(e.msgid)
        and [e.msgstr[i] for i in sorted(e.msgstr)] != [e.msgid, e.msgid_plural][: len(e.msgstr)]
    ]
    assert changed == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_placeholders_and_markup(language):
    po = catalogue(language)
    wrong = []
    for entry in po.entries:
        for index, text in entry.msgstr.items():
            source = source_of(entry, index, po.nplurals)
            if text and (
                placeholders(text) != placeholders(source) or markup(text) != markup(source)
            ):
                wrong.append(f"{entry.label} msgstr[{index}] = {text!r}")
    assert wrong == []


def test_vietnamese_translates_the_english_admin_strings_only():
    entries = catalogue("vi").entries
    english = [e for e in entries if is_english(e.msgid)]
    vietnamese = [e for e in entries if not is_english(e.msgid)]
    # "Skip to main content", the theme toggle, … and the plural "entry"/"entries".
    assert len(english) >= 31
    assert [e.label for e in english if not e.msgstr[0].strip()] == []
    # A Vietnamese msgid is shown as it is; a msgstr would only drift from the code.
    assert [e.label for e in vietnamese if any(e.msgstr.values())] == []
    # Each translation is Vietnamese, except the product name and bare placeholders.
    not_vietnamese = [
        e.label
        for e in english
        if not VIETNAMESE_LETTER.search(e.msgstr[0])
        and not e.msgstr[0].startswith("WardSec")
        and PLACEHOLDER.sub("", e.msgstr[0]).strip()
    ]
    assert not_vietnamese == []


def _msgfmt() -> str:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        if os.environ.get("CI") == "true":
            pytest.fail("GNU gettext's msgfmt is required in CI to check the compiled catalogues")
        pytest.skip("GNU gettext's msgfmt is not installed (apt-get install gettext)")
    return msgfmt


def _read_mo(path: Path) -> dict[object, str]:
    with path.open("rb") as file:
        # The parsed catalogue: {msgid: msgstr, (msgid, form): msgstr, "": header}.
        return dict(gettext.GNUTranslations(file)._catalog)


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_is_up_to_date(language, tmp_path):
    msgfmt = _msgfmt()
    directory = LOCALE / language / "LC_MESSAGES"
    committed = directory / "django.mo"
    assert committed.exists(), f"run `manage.py compilemessages`: {committed} is missing"
    fresh = tmp_path / "django.mo"
    result = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
        [msgfmt, "--check", "-o", str(fresh), str(directory / "django.po")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"msgfmt --check rejects django.po:\n{result.stderr}"
    assert _read_mo(committed) == _read_mo(fresh), (
        f"{committed} is older than django.po: run `manage.py compilemessages`"
    )


def test_django_uses_the_english_catalogue():
    with translation.override("en"):
        assert translation.gettext("Gửi tin báo") == "Send a tip"
        assert translation.gettext("Mã tra cứu") == "Tracking code"
        assert translation.gettext("Tin báo %(code)s") % {"code": "K7M2Q"} == "Tip K7M2Q"
        overdue = "%(counter)s tin báo quá hạn phân loại"
        assert translation.ngettext(overdue, overdue, 1) % {"counter": 1} == (
            "1 tip overdue for triage"
        )
        assert translation.ngettext(overdue, overdue, 3) % {"counter": 3} == (
            "3 tips overdue for triage"
        )
        assert translation.gettext("Skip to main content") == "Skip to main content"


def test_django_uses_the_vietnamese_catalogue():
    with translation.override("vi"):
        assert translation.gettext("Skip to main content") == "Bỏ qua, đến nội dung chính"
        assert translation.gettext("Toggle theme (current theme: dark)") == (
            "Đổi giao diện (hiện tại: tối)"
        )
        errors = ("Please correct the error below.", "Please correct the errors below.")
        assert translation.ngettext(*errors, 2) == translation.ngettext(*errors, 1)
        assert VIETNAMESE_LETTER.search(translation.ngettext(*errors, 2))
        # A Vietnamese msgid is its own translation.
        assert translation.gettext("Gửi tin báo") == "Gửi tin báo"
