"""The words of the report documents, per language: section titles and the names of the
contract's keys (`../shared/DESIGN.md`, "The figures contract"). A key no entry names is shown
as it is, so a section an app adds later still prints.

The documents are written in the report's own language (a Vietnamese report stays Vietnamese
whoever downloads it), so their words are pairs here rather than gettext entries."""

from __future__ import annotations

from typing import Any

SECTIONS = {
    "outreach": ("Công tác tuyên truyền", "Outreach"),
    "tips": ("Tin báo, vụ việc", "Tips and cases"),
    "mediation": ("Hòa giải ở cơ sở", "Mediation"),
    "welfare": ("Công tác an sinh xã hội", "Welfare"),
    "models": ("Mô hình phòng, chống tội phạm", "Crime-prevention models"),
    "core_forces": ("Lực lượng nòng cốt", "Core forces"),
}

KEYS = {
    "sessions": ("Buổi tuyên truyền", "Outreach sessions"),
    "attendances": ("Lượt người tham dự", "Attendances"),
    "broadcasts": ("Lượt phát loa ANTT", "Loudspeaker broadcasts"),
    "leaflets": ("Tờ bướm", "Leaflets"),
    "festivals": ("Ngày hội toàn dân bảo vệ ANTQ", "Festival days"),
    "forums": ("Diễn đàn", "Forums"),
    "feedback_items": ("Ý kiến đóng góp", "Feedback items"),
    "received": ("Tiếp nhận", "Received"),
    "cases_clarified": ("Vụ làm rõ", "Cases clarified"),
    "subjects_clarified": ("Đối tượng làm rõ", "Subjects clarified"),
    "successful": ("Hòa giải thành", "Successful"),
    "unsuccessful": ("Hòa giải không thành", "Unsuccessful"),
    "gift_packages": ("Phần quà", "Gift packages"),
    "gift_value_vnd": ("Trị giá quà (đồng)", "Gift value (VND)"),
    "houses": ("Nhà tình thương", "Charity houses"),
    "house_value_vnd": ("Trị giá nhà (đồng)", "House value (VND)"),
    "fund_contributions_vnd": ("Đóng góp quỹ (đồng)", "Fund contributions (VND)"),
    "donations_vnd": ("Tiếp nhận ủng hộ (đồng)", "Donations (VND)"),
    "members": ("Thành viên", "Members"),
    "trained": ("Đã tập huấn", "Trained"),
    "trained_pct": ("Tỷ lệ tập huấn (%)", "Trained (%)"),
    "patrols": ("Lượt tuần tra", "Patrols"),
    "units": ("Đơn vị", "Units"),
}

# The unit kinds shipped with core forces, for providers that give codes without names.
UNIT_KINDS = {
    "board": ("Ban bảo vệ dân phố", "Street-protection board"),
    "street_protection": ("Tổ bảo vệ dân phố", "Street-protection team"),
    "civil_defence": ("Đội dân phòng", "Civil-defence team"),
    "self_managed": ("Tổ dân cư tự quản", "Self-managed resident group"),
    "motorbike_patrol": ("Đội tuần tra xe mô tô", "Motorbike patrol team"),
    "mediation": ("Tổ hòa giải", "Mediation team"),
    "antt_protection": ("Tổ bảo vệ an ninh, trật tự", "ANTT protection team"),
}

DOCUMENT = {
    "motto": ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIETNAM"),
    "slogan": ("Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness"),
    "title": ("BÁO CÁO", "REPORT"),
    "number": ("Số", "No."),
    "recipients": ("Nơi nhận", "Recipients"),
    "tables": ("Số liệu", "Figures"),
    "charts": ("Biểu đồ theo năm", "By year"),
    "total": ("Tổng", "Total"),
    "figure": ("Chỉ tiêu", "Figure"),
    "year": ("Năm", "Year"),
    "summary": ("Tổng hợp", "Summary"),
    "section": ("Lĩnh vực", "Area"),
    "model": ("Mô hình", "Model"),
    "kind": ("Loại", "Kind"),
    "started": ("Từ ngày", "Since"),
    "indicators": ("Chỉ số", "Indicators"),
}


def word(table: dict[str, tuple[str, str]], key: str, language: str) -> str:
    pair = table.get(key)
    if pair is None:
        return key.replace("_", " ")
    return pair[1] if language == "en" else pair[0]


def unit_name(code: str, entry: Any, language: str) -> str:
    """A unit kind's name: the provider's own (`name` / `name_en`) when it gives one."""
    if isinstance(entry, dict):
        own = entry.get("name_en" if language == "en" else "name")
        if own:
            return str(own)
    return word(UNIT_KINDS, code, language)
