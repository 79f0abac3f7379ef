"""record/elements: a 三会一课 record (and a 主题党日) has every element of seed 004 §二.2 (Clarification 8)."""
from __future__ import annotations

from rule_kit import CM, COMMITTEE, RECORDS, TD, THEME_DAY, base_files, check, replaced

RULE = "record/elements"


def with_committee(*pairs):
    files = base_files()
    files[CM] = replaced(COMMITTEE, *pairs)
    return files


def test_compliant_sample_has_every_element(make_project, zhibu):
    # absent: {}, observers: [], votes: [] and resolutions: [] are legitimate
    assert check(make_project, zhibu, base_files(), RULE) == []


def test_missing_observers_and_empty_speeches(make_project, zhibu):
    files = with_committee(("  observers: []\n", ""),
                           ("speeches:\n  - {speaker: 张伟, text: 提出六月主题党日方案}", "speeches: []"))
    assert check(make_project, zhibu, files, RULE) == [
        (CM, 10, 1, "支委会记录缺少要素：列席人员（attendance.observers）"),
        (CM, 13, 1, "支委会记录的发言内容为空：会议应记录发言"),
    ]


def test_empty_present_and_missing_absent(make_project, zhibu):
    files = with_committee(("present: [张伟, 李娜, 王强]", "present: []"), ("  absent: {}\n", ""))
    assert check(make_project, zhibu, files, RULE) == [
        (CM, 10, 1, "支委会记录缺少要素：缺席人员（attendance.absent）"),
        (CM, 11, 3, "支委会记录的出席人员为空：会议应有出席者"),
    ]


def test_record_covering_lecture_without_votes(make_project, zhibu):
    # the schema requires votes of a past theme day; a record covering 党课 under type 其他 does not
    other = replaced(COMMITTEE, ("type: 支委会", "type: 其他\ncovers: [党课]"), ("votes:\n  - {item: 通过六月主题党日方案, for: 3, against: 0, abstain: 0, method: 举手}\n", ""))
    files = base_files()
    files[CM] = other
    assert check(make_project, zhibu, files, RULE) == [(CM, 2, 1, "党课记录缺少要素：表决情况（votes）")]


def test_other_record_needs_no_elements(make_project, zhibu):
    talk = """\
    ---
    type: 谈心谈话
    title: 与新党员谈心
    date: 2024-06-20
    place: 书记办公室
    host: 张伟
    attendance:
      present: [张伟, 刘洋]
    ---
    """
    files = base_files()
    files[f"{RECORDS}/2024-06-20-谈心谈话.md"] = talk
    assert check(make_project, zhibu, files, RULE) == []


def test_traditional_script_type(make_project, zhibu):
    files = with_committee(("type: 支委会", "type: 支委會"), ("  observers: []\n", ""))
    assert check(make_project, zhibu, files, RULE) == [(CM, 10, 1, "支委会记录缺少要素：列席人员（attendance.observers）")]


def test_announcement_waits(make_project, zhibu):
    announced = """\
    ---
    type: 支部党员大会
    title: 讨论发展党员
    date: 2024-07-10
    start: "15:00"
    place: 党员活动室
    ---
    """
    files = base_files()
    files[f"{RECORDS}/2024-07-10-讨论发展党员.md"] = announced
    assert check(make_project, zhibu, files, RULE, today="2024-07-01") == []


def test_theme_day_elements_after_the_day(make_project, zhibu):
    files = base_files()
    files[TD] = replaced(THEME_DAY, ("speeches:\n  - {speaker: 王强, text: 结合岗位谈学习体会}", "speeches: []"))
    assert check(make_project, zhibu, files, RULE) == [(TD, 16, 1, "主题党日记录的发言内容为空：会议应记录发言")]
