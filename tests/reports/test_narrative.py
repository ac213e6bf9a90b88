"""The narrative: the seed article's register, sections absent or empty, year-on-year."""

from __future__ import annotations

from reports import narrative

SCOPE = {"kind": "ward", "code": "WA", "name": "Phường A", "province": "Tỉnh A"}


def figures(start="2021-01-01", end="2021-12-31", **sections):
    return {"scope": SCOPE, "period": {"start": start, "end": end}, "by_year": {}, **sections}


def text(result, language="vi"):
    return " ".join(narrative.paragraphs(result, language))


def test_a_section_no_app_registered_is_left_out():
    only_tips = figures(tips={"received": 3, "cases_clarified": 1, "subjects_clarified": 2})
    prose = text(only_tips)
    assert (
        "cung cấp 3 tin có liên quan đến ANTT, giúp lực lượng Công an làm rõ 01 vụ, 02 đối tượng"
        in prose
    )
    for absent in (
        "tuyên truyền dưới nhiều hình thức",
        "hòa giải",
        "phần quà",
        "mô hình",
        "nòng cốt",
    ):
        assert absent not in prose


def test_empty_sections_say_there_was_none():
    result = figures(
        outreach={"sessions": 0, "attendances": 0, "broadcasts": 0, "leaflets": 0},
        tips={"received": 0, "cases_clarified": 0, "subjects_clarified": 0},
        mediation={"received": 0, "successful": 0, "unsuccessful": 0},
        welfare={
            "gift_packages": 0,
            "gift_value_vnd": 0,
            "houses": 0,
            "house_value_vnd": 0,
            "fund_contributions_vnd": 0,
            "donations_vnd": 0,
        },
        models=[],
        core_forces={"units": {}, "members": 0, "trained": 0, "trained_pct": 0.0},
    )
    prose = text(result)
    assert "Không có buổi tuyên truyền nào" in prose
    assert "không có tin báo nào liên quan đến ANTT" in prose
    assert "không có vụ hòa giải thành" in prose
    assert "không có hoạt động trao quà" in prose
    assert "không có mô hình phòng, chống tội phạm nào" in prose
    assert "Không có lực lượng nòng cốt nào" in prose
    english = text(result, "en")
    assert "No outreach session was held" in english
    assert "No tip related to security and order was received" in english


def test_yearly_report_compares_with_the_same_period_a_year_earlier():
    result = figures(
        tips={"received": 128, "cases_clarified": 9, "subjects_clarified": 14},
        outreach={"sessions": 150, "attendances": 4500, "broadcasts": 0, "leaflets": 100},
        previous={"tips": {"received": 100}, "outreach": {"sessions": 150}},
    )
    prose = text(result)
    assert prose.startswith("Năm 2021, Công an Phường A")
    assert "cung cấp 128 tin có liên quan đến ANTT (tăng 28 % so với cùng kỳ)" in prose
    assert "được 150 cuộc, có 4.500 lượt người tham dự (bằng cùng kỳ)" in prose
    assert "phát 100 tờ bướm" in prose
    assert "(up 28 % on a year earlier)" in text(result, "en")


def test_periods_are_named_as_officers_write_them():
    assert text(figures("2016-01-01", "2021-12-31")).startswith(
        "Qua quá trình triển khai, thực hiện (giai đoạn 2016-2021), Công an Phường A"
    )
    assert text(figures("2021-05-01", "2021-05-31")).startswith("Trong tháng 05/2021, Công an")
    assert "từ 03/02/2021 - 10/03/2021" in text(figures("2021-02-03", "2021-03-10"))
    province = {**figures(), "scope": {**SCOPE, "kind": "province", "name": "Tỉnh A"}}
    assert "Công an các phường, xã thuộc Tỉnh A" in text(province)


def test_models_and_forces_in_the_seed_articles_words():
    result = figures(
        models=[
            {
                "name": "Camera an ninh",
                "kind": "cameras",
                "indicators": {"points": 7, "cameras": 11, "funds_raised_vnd": 70_000_000},
            },
            {
                "name": "Ánh sáng văn minh",
                "kind": "lighting",
                "indicators": {"bulbs": 320, "length_m": 3200},
            },
        ],
        core_forces={
            "units": {
                "board": {"units": 1, "members": 3},
                "civil_defence": {"units": 5, "members": 30},
                "self_managed": {"units": 0, "members": 0},
            },
            "members": 33,
            "trained": 33,
            "trained_pct": 100.0,
        },
    )
    prose = text(result)
    assert "lắp đặt được 07 điểm, 11 camera, vận động xã hội hóa được 70 triệu đồng" in prose
    assert "đã gắn được 320 bóng đèn, chiều dài 3,2 km" in prose
    assert "01 ban bảo vệ dân phố với 03 thành viên; 05 đội dân phòng với 30 thành viên" in prose
    assert "tự quản" not in prose  # a kind with no unit is not listed
    assert "có 100 % thành viên" in prose
