"""The theme-day rules (seed 001 §二 §三 §六 §七, seed 000, seed 002 §二): one triggering project each,
one just inside the threshold, and announcements."""
from __future__ import annotations

from fractions import Fraction

import pytest

from generator.rules.records import pct, pct_below
from rule_kit import (B, BRANCH, BY, CM, COMMITTEE, PROFILE, RECORDS, TD, THEME_DAY, base_files, big_files, check,
                      month_files, replaced, theme_day)

MY_RULES = ["record/elements", "attendance/roster", "attendance/leave", "attendance/makeup", "theme-day/steps",
            "theme-day/step-order", "theme-day/committee", "theme-day/notice", "theme-day/attendance",
            "theme-day/sign-in", "theme-day/duration", "theme-day/evaluation", "theme-day/low-satisfaction",
            "theme-day/report", "theme-day/moved", "theme-day/fixed-day", "theme-day/six-items"]


def mine(run):
    return [(f["rule"], f["file"], f["line"], f["column"], f["message"]) for f in run.findings if f["rule"] in MY_RULES]


def profile(**switches) -> dict[str, str]:
    body = "\n".join(f"  {rule}: {setting}" for rule, setting in switches.items())
    return {"profile.yaml": PROFILE.format(rules=body)}


FIXED_DAY = profile(**{"theme-day/fixed-day": "{day: 15}", "theme-day/six-items": "on"})


def test_compliant_sample(make_project, zhibu):
    check(make_project, zhibu, {**base_files(), **FIXED_DAY}, "", rules="profile.yaml")
    assert [f for f in mine(check.last) if f[0] != "theme-day/fixed-day"] == []


# --- theme-day/steps -------------------------------------------------------------------

def test_missing_step(make_project, zhibu):
    files = theme_day(("  8: {respondents: 4, satisfied: 4, scores: {主题特色鲜明: 4.8}}\n", ""))
    assert check(make_project, zhibu, files, "theme-day/steps") == [(TD, 21, 1, "步骤⑧ 主题测评缺失")]


def test_circled_step_keys_and_traditional_type(make_project, zhibu):
    pairs = [(f"  {i}: {{", f"  {c}: {{") for i, c in zip(range(1, 10), "①②③④⑤⑥⑦⑧⑨")]
    files = theme_day(("type: 主题党日", "type: 主題黨日"), *pairs)
    check(make_project, zhibu, files, "theme-day/steps")
    assert mine(check.last) == []


ANNOUNCEMENT = """\
---
type: 主题党日
title: 学习党章 争做合格党员
date: 2024-07-15
start: "08:30"
place: 党员活动室
steps:
  1: {date: 2024-07-03, record: 2024-07-03-研究六月主题党日安排}
  2: {date: 2024-07-05, approved_by: 机关党委}
  3: {date: 2024-07-08, channel: 公示栏}
---
"""
AN = f"{RECORDS}/2024-07-15-学习党章.md"


def announcement(*pairs):
    return {BY: BRANCH, f"{RECORDS}/2024-07-03-研究六月主题党日安排.md": COMMITTEE.replace("2024-06-", "2024-07-"),
            AN: replaced(ANNOUNCEMENT, *pairs)}


def test_announcement_is_checked_only_for_what_is_there(make_project, zhibu):
    check(make_project, zhibu, announcement(), "", today="2024-07-09")
    assert mine(check.last) == []


def test_announcement_without_notice_step(make_project, zhibu):
    files = announcement(("  3: {date: 2024-07-08, channel: 公示栏}\n", ""))
    assert check(make_project, zhibu, files, "theme-day/steps", today="2024-07-09") == [
        (AN, 7, 1, "步骤③ 公开公示缺失")]


def test_announcement_with_late_notice(make_project, zhibu):
    files = announcement(("3: {date: 2024-07-08", "3: {date: 2024-07-11"))
    check(make_project, zhibu, files, "", today="2024-07-11")
    assert mine(check.last) == [
        ("theme-day/notice", AN, 10, 7, "步骤③ 公示日期 2024-07-11 距活动日 2024-07-15 仅 4 天，应至少提前 5 天")]


# --- theme-day/step-order --------------------------------------------------------------

def test_steps_out_of_order(make_project, zhibu):
    files = theme_day(("2: {date: 2024-06-05", "2: {date: 2024-06-02"), ("4: {date: 2024-06-14}", "4: {date: 2024-06-13}"),
                      ("9: {date: 2024-06-14", "9: {date: 2024-06-12"))
    assert check(make_project, zhibu, files, "theme-day/step-order") == [
        (TD, 23, 7, "步骤② 日期 2024-06-02 早于步骤① 日期 2024-06-03"),
        (TD, 25, 7, "步骤④ 召集会议日期 2024-06-13 与活动日 2024-06-14 不一致"),
        (TD, 30, 7, "步骤⑨ 总结日期 2024-06-12 早于活动日 2024-06-14"),
    ]


def test_notice_after_the_day_is_an_order_finding_only(make_project, zhibu):
    files = theme_day(("3: {date: 2024-06-07", "3: {date: 2024-06-15"))
    check(make_project, zhibu, files, "")
    assert mine(check.last) == [
        ("theme-day/step-order", TD, 24, 7, "步骤③ 日期 2024-06-15 晚于活动日 2024-06-14")]


def test_steps_on_the_same_day_are_in_order(make_project, zhibu):
    files = theme_day(("1: {date: 2024-06-03", "1: {date: 2024-06-03"), ("2: {date: 2024-06-05", "2: {date: 2024-06-03"),
                      ("3: {date: 2024-06-07", "3: {date: 2024-06-03"))
    assert check(make_project, zhibu, files, "theme-day/step-order") == []


# --- theme-day/committee ---------------------------------------------------------------

def test_step_one_points_to_a_member_meeting(make_project, zhibu):
    files = base_files()
    files[CM] = replaced(COMMITTEE, ("type: 支委会", "type: 支部党员大会"),
                         ("present: [张伟, 李娜, 王强]", "present: [张伟, 李娜, 王强, 陈静, 刘洋]"))
    assert check(make_project, zhibu, files, "theme-day/committee") == [
        (TD, 22, 25, "步骤① 引用的记录“2024-06-03-研究六月主题党日安排”是支部党员大会，不是支委会")]


def test_branch_without_committee_may_point_to_a_member_meeting(make_project, zhibu):
    files = base_files()
    files[BY] = replaced(BRANCH, ("committee: [张伟, 李娜, 王强]\n", ""))
    files[CM] = replaced(COMMITTEE, ("type: 支委会", "type: 支部党员大会"),
                         ("present: [张伟, 李娜, 王强]", "present: [张伟, 李娜, 王强, 陈静, 刘洋]"))
    assert check(make_project, zhibu, files, "theme-day/committee") == []


def test_committee_meeting_after_step_one(make_project, zhibu):
    files = theme_day(("1: {date: 2024-06-03", "1: {date: 2024-06-02"))
    assert check(make_project, zhibu, files, "theme-day/committee") == [
        (TD, 22, 25, "步骤① 引用的支委会记录日期 2024-06-03 晚于步骤① 日期 2024-06-02")]


def test_missing_record_is_only_a_reference_error(make_project, zhibu):
    files = theme_day(("record: 2024-06-03-研究六月主题党日安排", "record: 2024-06-04-研究六月主题党日安排"))
    assert check(make_project, zhibu, files, "theme-day/committee", allow_errors=True) == []
    assert [f["rule"] for f in check.last.findings if f["severity"] == "error"] == ["ref/record"]


# --- theme-day/notice ------------------------------------------------------------------

def test_notice_four_days_ahead(make_project, zhibu):
    files = theme_day(("3: {date: 2024-06-07", "3: {date: 2024-06-10"))
    assert check(make_project, zhibu, files, "theme-day/notice") == [
        (TD, 24, 7, "步骤③ 公示日期 2024-06-10 距活动日 2024-06-14 仅 4 天，应至少提前 5 天")]


def test_notice_five_days_ahead(make_project, zhibu):
    files = theme_day(("3: {date: 2024-06-07", "3: {date: 2024-06-09"))
    assert check(make_project, zhibu, files, "theme-day/notice") == []


def test_notice_on_the_day(make_project, zhibu):
    files = theme_day(("3: {date: 2024-06-07", "3: {date: 2024-06-14"))
    assert check(make_project, zhibu, files, "theme-day/notice") == [
        (TD, 24, 7, "步骤③ 公示日期 2024-06-14 就是活动日，应至少提前 5 天公示")]


# --- theme-day/attendance --------------------------------------------------------------

def test_attendance_75_percent(make_project, zhibu):
    assert check(make_project, zhibu, big_files(20, 15), "theme-day/attendance") == [
        (TD, 12, 3, "到会率 75%（15/20），低于 80%")]


def test_attendance_79_percent(make_project, zhibu):
    assert check(make_project, zhibu, big_files(24, 19), "theme-day/attendance") == [
        (TD, 12, 3, "到会率 79%（19/24），低于 80%")]


def test_attendance_80_percent(make_project, zhibu):
    assert check(make_project, zhibu, big_files(20, 16), "theme-day/attendance") == []


def test_exempt_members_leave_the_denominator(make_project, zhibu):
    # 15 of 20 is 75 %, but two exempt members are absent: 15 of 18 is 83 %
    assert check(make_project, zhibu, big_files(20, 15, exempt=2), "theme-day/attendance") == []


def test_exempt_members_named_in_the_message(make_project, zhibu):
    assert check(make_project, zhibu, big_files(20, 14, exempt=2), "theme-day/attendance") == [
        (TD, 12, 3, "到会率 78%（14/18，不含 2 名免计党员），低于 80%")]


def test_percentages_never_round_up_to_the_threshold():
    assert pct_below(Fraction(398, 500), Fraction(4, 5)) == "79.6%"
    assert pct_below(Fraction(3999, 5000), Fraction(4, 5)) == "79.98%"
    assert pct_below(Fraction(15, 20), Fraction(4, 5)) == "75%"
    assert pct(Fraction(4, 5)) == "80%" and pct(Fraction(33, 40)) == "82.5%"


# --- theme-day/sign-in -----------------------------------------------------------------

def test_sign_in_counts(make_project, zhibu):
    files = theme_day(("5: {signed: 4}", "5: {signed: 3}"), ("6: {expected: 5, actual: 4}", "6: {expected: 4, actual: 5}"))
    assert check(make_project, zhibu, files, "theme-day/sign-in") == [
        (TD, 26, 7, "步骤⑤ 签到人数 3 与出席人数 4 不一致"),
        (TD, 27, 7, "步骤⑥ 应到人数 4 与 2024-06-14 名册人数 5 不一致"),
        (TD, 27, 20, "步骤⑥ 实到人数 5 与出席人数 4 不一致"),
    ]


def test_expected_includes_exempt_members(make_project, zhibu):
    files = big_files(20, 15, exempt=2)
    assert check(make_project, zhibu, files, "theme-day/sign-in") == []


# --- theme-day/duration ----------------------------------------------------------------

def test_duration_short(make_project, zhibu):
    files = theme_day(('end: "12:00"', 'end: "11:59"'))
    assert check(make_project, zhibu, files, "theme-day/duration") == [
        (TD, 6, 1, "活动时长 3 小时 29 分钟（08:30–11:59），少于 3.5 小时")]


def test_duration_exactly_half_a_day(make_project, zhibu):
    assert check(make_project, zhibu, base_files(), "theme-day/duration") == []


def test_end_before_start(make_project, zhibu):
    files = theme_day(('end: "12:00"', 'end: "08:00"'))
    assert check(make_project, zhibu, files, "theme-day/duration") == [(TD, 6, 1, "结束时间 08:00 早于开始时间 08:30")]


# --- theme-day/evaluation --------------------------------------------------------------

@pytest.mark.parametrize("values, expected", [
    ("respondents: 0, satisfied: 0", [(TD, 29, 7, "步骤⑧ 参评人数为 0：活动后应当即开展主题测评")]),
    ("respondents: 4, satisfied: 5", [(TD, 29, 23, "步骤⑧ 满意人数 5 多于参评人数 4")]),
    ("respondents: 4, satisfied: 0", []),
])
def test_evaluation(make_project, zhibu, values, expected):
    files = theme_day(("respondents: 4, satisfied: 4", values))
    assert check(make_project, zhibu, files, "theme-day/evaluation") == expected


# --- theme-day/low-satisfaction --------------------------------------------------------

def low_year(june: str) -> dict[str, str]:
    files = base_files()
    files[TD] = replaced(THEME_DAY, ("respondents: 4, satisfied: 4", june))
    for month in (3, 4):
        files.update(month_files(month, ("respondents: 4, satisfied: 4", "respondents: 4, satisfied: 2")))
    return files


def test_three_low_theme_days(make_project, zhibu):
    assert check(make_project, zhibu, low_year("respondents: 10, satisfied: 5"), "theme-day/low-satisfaction") == [
        (BY, 1, 1, "2024年有 3 次主题党日测评满意率低于 60%（2024-03-14 50%、2024-04-14 50%、2024-06-14 50%），"
                   "支部及其班子成员不得纳入当年评先选优")]


def test_exactly_60_percent_is_not_low(make_project, zhibu):
    assert check(make_project, zhibu, low_year("respondents: 5, satisfied: 3"), "theme-day/low-satisfaction") == []


def test_low_theme_day_not_yet_held_does_not_count(make_project, zhibu):
    files = low_year("respondents: 10, satisfied: 5")
    assert check(make_project, zhibu, files, "theme-day/low-satisfaction", today="2024-06-13") == []


# --- theme-day/report ------------------------------------------------------------------

def test_report_three_days_after(make_project, zhibu):
    files = theme_day(("reported: 2024-06-15", "reported: 2024-06-17"))
    assert check(make_project, zhibu, files, "theme-day/report") == [
        (TD, 20, 1, "报送日期 2024-06-17 晚于活动后 2 天（活动日 2024-06-14）")]


def test_report_two_days_after(make_project, zhibu):
    assert check(make_project, zhibu, theme_day(("reported: 2024-06-15", "reported: 2024-06-16")), "theme-day/report") == []


def test_report_before_the_day(make_project, zhibu):
    files = theme_day(("reported: 2024-06-15", "reported: 2024-06-13"))
    assert check(make_project, zhibu, files, "theme-day/report") == [
        (TD, 20, 1, "报送日期 2024-06-13 早于活动日 2024-06-14")]


def test_report_over_a_leap_day(make_project, zhibu):
    # held 2024-02-28: 2024-03-01 is two days later because of 2024-02-29
    files = {BY: BRANCH, **month_files(2, ("reported: 2024-06-15", "reported: 2024-03-01"), day=28)}
    assert check(make_project, zhibu, files, "theme-day/report") == []


def test_report_over_a_leap_day_late(make_project, zhibu):
    files = {BY: BRANCH, **month_files(2, ("reported: 2024-06-15", "reported: 2024-03-02"), day=28)}
    assert check(make_project, zhibu, files, "theme-day/report") == [
        (f"{RECORDS}/2024-02-28-重温入党誓词.md", 20, 1, "报送日期 2024-03-02 晚于活动后 2 天（活动日 2024-02-28）")]


def test_held_on_the_leap_day(make_project, zhibu):
    files = {BY: BRANCH, **month_files(2, ("reported: 2024-06-15", "reported: 2024-03-02"),
                                       ("makeup: 2024-06-20", "makeup: 2024-03-05"), day=29)}
    check(make_project, zhibu, files, "")
    assert mine(check.last) == []


# --- theme-day/moved -------------------------------------------------------------------

def test_moved_into_another_month_without_reason(make_project, zhibu):
    files = theme_day(("reported: 2024-06-15", "reported: 2024-06-15\nmoved: {from: 2024-05-31}"))
    assert check(make_project, zhibu, files, "theme-day/moved") == [
        (TD, 21, 1, "主题党日由原定 2024-05-31 改期，未说明原因"),
        (TD, 21, 9, "主题党日由原定 2024-05-31 改到 2024-06-14，不在原定的 2024年5月"),
    ]


def test_moved_within_the_month_with_reason(make_project, zhibu):
    files = theme_day(("reported: 2024-06-15", "reported: 2024-06-15\nmoved: {from: 2024-06-17, reason: 迎接检查提前}"))
    assert check(make_project, zhibu, files, "theme-day/moved") == []


def test_an_empty_reason_is_a_missing_reason_not_a_data_error(make_project, zhibu):
    files = theme_day(("reported: 2024-06-15", "reported: 2024-06-15\nmoved: {from: 2024-06-17, reason: ''}"))
    assert check(make_project, zhibu, files, "theme-day/moved") == [
        (TD, 21, 1, "主题党日由原定 2024-06-17 改期，未说明原因"),
    ]


def test_moved_out_of_its_month_is_one_finding(make_project, zhibu):
    # planned for 31 May, held 14 June: it is May's theme day (its title is May's theme, not June's), so
    # June, the first month counted, still lacks one of its own
    files = theme_day(("reported: 2024-06-15", "reported: 2024-06-15\nmoved: {from: 2024-05-31, reason: 迎接检查}"))
    files[f"{BY.rsplit('/', 1)[0]}/plans/2024.yaml"] = "year: 2024\nfiled: 2024-01-20\nthemes:\n" + "".join(
        f"  {m}: {{title: {'重温入党誓词 争做优秀党员' if m == 5 else f'{m}月主题'}, kind: 必选}}\n" for m in range(1, 13))
    check(make_project, zhibu, files, "", today="2024-07-10")
    found = [(f["rule"], f["message"]) for f in check.last.findings if f["rule"].startswith("theme-day/")
             and f["rule"] not in ("theme-day/steps",)]
    assert found == [("theme-day/monthly", "2024年6月 无主题党日记录"),
                     ("theme-day/moved", "主题党日由原定 2024-05-31 改到 2024-06-14，不在原定的 2024年5月")]


# --- theme-day/fixed-day (nanning-2018) ------------------------------------------------

def test_fixed_day_is_off_by_default(make_project, zhibu):
    assert check(make_project, zhibu, base_files(), "theme-day/fixed-day") == []


def test_fixed_day_moves_past_a_weekend(make_project, zhibu):
    # 2024-06-15 is a Saturday: the theme day is due on Monday 2024-06-17
    assert check(make_project, zhibu, {**base_files(), **FIXED_DAY}, "theme-day/fixed-day", rules="profile.yaml") == [
        (TD, 4, 1, "主题党日 2024-06-14 不在本月固定活动日 2024-06-17（每月 15 日，2024-06-15 为节假日或周末，顺延至下一个工作日）")]


def test_fixed_day_after_a_weekend(make_project, zhibu):
    files = {BY: BRANCH, **month_files(6, day=17), **FIXED_DAY}
    assert check(make_project, zhibu, files, "theme-day/fixed-day", rules="profile.yaml") == []


def test_fixed_day_uses_the_official_calendar(make_project, zhibu):
    # Spring Festival 2024: 10–17 February off, Sunday 18 February a working day
    files = {BY: BRANCH, **month_files(2, day=15), **FIXED_DAY}
    assert check(make_project, zhibu, files, "theme-day/fixed-day", rules="profile.yaml") == [
        (f"{RECORDS}/2024-02-15-重温入党誓词.md", 4, 1,
         "主题党日 2024-02-15 不在本月固定活动日 2024-02-18（每月 15 日，2024-02-15 为节假日或周末，顺延至下一个工作日）")]


def test_fixed_day_on_an_adjusted_working_sunday(make_project, zhibu):
    files = {BY: BRANCH, **month_files(2, day=18), **FIXED_DAY}
    assert check(make_project, zhibu, files, "theme-day/fixed-day", rules="profile.yaml") == []


def test_branch_fixed_day_wins(make_project, zhibu):
    # the branch meets on the 10th; 2024-06-10 is 端午节, so Tuesday 2024-06-11
    branch = replaced(BRANCH, ("elected: 2023-05-10", "elected: 2023-05-10\nfixed_day: 10"))
    files = {BY: branch, **month_files(6, day=11), **FIXED_DAY}
    assert check(make_project, zhibu, files, "theme-day/fixed-day", rules="profile.yaml") == []


def test_moved_from_the_fixed_day(make_project, zhibu):
    files = theme_day(("reported: 2024-06-15", "reported: 2024-06-15\nmoved: {from: 2024-06-17, reason: 迎接检查提前}"))
    assert check(make_project, zhibu, {**files, **FIXED_DAY}, "theme-day/fixed-day", rules="profile.yaml") == []


def test_moved_from_last_months_fixed_day_is_judged_by_moved_only(make_project, zhibu):
    # planned for 15 May (a Wednesday), held 14 June: `theme-day/moved` says it left its month;
    # June's fixed day does not apply to it (one cause, one finding)
    files = theme_day(("reported: 2024-06-15", "reported: 2024-06-15\nmoved: {from: 2024-05-15, reason: 迎接检查}"))
    assert check(make_project, zhibu, {**files, **FIXED_DAY}, "theme-day/fixed-day", rules="profile.yaml") == []
    assert [f["rule"] for f in check.last.findings if f["rule"] == "theme-day/moved"] == ["theme-day/moved"]
    # moved from a day that was not a fixed day: the fixed day still applies
    files = theme_day(("reported: 2024-06-15", "reported: 2024-06-15\nmoved: {from: 2024-05-20, reason: 迎接检查}"))
    assert [f[3].split("（")[0] for f in check(make_project, zhibu, {**files, **FIXED_DAY}, "theme-day/fixed-day",
                                     rules="profile.yaml")] == ["主题党日 2024-06-14 不在本月固定活动日 2024-06-17"]


def test_year_outside_the_official_calendar(make_project, zhibu):
    # 2030-06-15 is a Saturday: weekends only, and one note for the whole run
    files = {BY: BRANCH, **month_files(6, year=2030, day=17), **month_files(7, year=2030, day=16), **FIXED_DAY}
    assert check(make_project, zhibu, files, "theme-day/fixed-day", rules="profile.yaml", today="2030-12-31") == [
        (f"{B}/records/2030/2030-07-16-重温入党誓词.md", 4, 1, "主题党日 2030-07-16 不在本月固定活动日 2030-07-15（每月 15 日）")]
    assert check.last.out.count("官方节假日安排不含 2030 年") == 1


# --- theme-day/six-items (xianning-2016) -----------------------------------------------

def test_six_items_missing(make_project, zhibu):
    files = theme_day(("[诵读党章, 缴纳党费, 学习党规党情和党的创新理论, 开展组织生活, 实行民主议事, 落实公开制度]",
                       "[诵读党章, 学习党规党情和党的创新理论, 开展组织生活, 实行民主议事]"))
    assert check(make_project, zhibu, {**files, **FIXED_DAY}, "theme-day/six-items", rules="profile.yaml") == [
        (TD, 28, 7, "步骤⑦ 未列出“六事联动”中的 缴纳党费、落实公开制度")]


def test_six_items_in_traditional_script(make_project, zhibu):
    files = theme_day(("[诵读党章, 缴纳党费, 学习党规党情和党的创新理论, 开展组织生活, 实行民主议事, 落实公开制度]",
                       "[誦讀黨章（領誦）, 交納黨費, 學習黨規黨情和黨的創新理論, 開展組織生活, 實行民主議事, 落實公開制度]"))
    assert check(make_project, zhibu, {**files, **FIXED_DAY}, "theme-day/six-items", rules="profile.yaml") == []


def test_six_items_off_by_default(make_project, zhibu):
    files = theme_day(("缴纳党费, ", ""))
    assert check(make_project, zhibu, files, "theme-day/six-items") == []


# --- odd but valid data never breaks a rule --------------------------------------------

def test_half_written_theme_day(make_project, zhibu):
    files = base_files()
    files[TD] = """\
    ---
    type: 主題黨日
    title: 重温入党誓词
    date: 2024-06-14
    start: "08:30"
    end: "08:30"
    place: 党员活动室
    host: 张伟
    recorder: 李娜
    attendance: {}
    speeches: []
    votes: []
    resolutions: []
    reported: 2024-06-14
    moved: {from: 2024-06-15}
    steps:
      ④: {date: 2024-06-14}
      ⑧: {respondents: 0, satisfied: 0}
    ---
    """
    check(make_project, zhibu, {**files, **FIXED_DAY}, "", rules="profile.yaml")
    rules = {f[0] for f in mine(check.last)}
    assert {"theme-day/steps", "record/elements", "attendance/roster", "theme-day/duration",
            "theme-day/evaluation", "theme-day/moved"} <= rules


def test_rules_survive_data_a_relaxed_schema_lets_through(tmp_path):
    # A project's own schemas/ may loosen the packaged ones: rules must still never raise.
    import datetime as dt

    from generator.load.locator import Locator
    from generator.model.assemble import _branch
    from generator.model.entities import Record, Site
    from generator.rules.registry import RULES, RuleContext, load_rule_modules

    load_rule_modules()
    branch = _branch("b", "content/branches/b/branch.yaml", {
        "name": "支部", "committee": ["甲"], "fixed_day": 40,
        "members": [{"name": "甲", "exempt": True}, {"name": "乙", "exempt": ""}]})
    odd = [
        {"steps": ["1", "2"], "attendance": None, "moved": "2024-06-15", "start": 830, "end": None},
        {"steps": {"1": None, "3": {"date": "bad"}, "5": {"signed": "四"}, "6": {}, "7": {"items": "诵读党章"},
                   "8": {"respondents": True, "satisfied": None}},
         "attendance": {"present": [1, None, "甲"], "absent": {"乙": None, "丙": {"leave": 3, "makeup": "x"}}},
         "reported": "2024-13-01", "moved": {"from": None, "reason": ""}},
        {"steps": {"1": {"date": "2024-06-01", "record": "2024-06-01-自己"}}, "attendance": {"present": "甲"}},
    ]
    site = Site(branches={"b": branch})
    for i, data in enumerate(odd):
        rel = f"content/branches/b/records/2024/2024-06-1{i}-x.md"
        site.records.append(Record("b", rel, f"2024-06-1{i}-x", data, "主题党日", (), "x", dt.date(2024, 6, 10 + i), True))
    site.records.append(Record("b", "r.md", "2024-06-01-自己", {}, "其他", ("党课", 7), "x", dt.date(2024, 6, 1), True))
    site.records_by_branch["b"] = list(site.records)
    site.record_by_stem.update({("b", r.stem): r for r in site.records})
    for today in (dt.date(2024, 6, 1), dt.date(2024, 12, 31)):
        ctx = RuleContext(site, today, {}, Locator(tmp_path))
        for rule_id in MY_RULES:
            ctx.rule_id, ctx.params = rule_id, dict(RULES[rule_id].params)
            RULES[rule_id].func(ctx)
        assert ctx.findings


@pytest.mark.parametrize("profile_name, rule, expected", [
    ("nanning-2018", "theme-day/fixed-day", 1),
    ("xianning-2016", "theme-day/six-items", 1),
    ("national", "theme-day/six-items", 0),
])
def test_packaged_profiles_switch_the_regional_rules_on(make_project, zhibu, profile_name, rule, expected):
    files = theme_day(("缴纳党费, ", ""))
    assert len(check(make_project, zhibu, files, rule, rules=profile_name)) == expected
