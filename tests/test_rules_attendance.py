"""attendance/roster, attendance/leave, attendance/makeup (seed 001 §三 §六; Clarifications 2, 3, 5)."""
from __future__ import annotations

from rule_kit import (BRANCH, BY, CM, COMMITTEE, RECORDS, TD, base_files, check, month_files, replaced,
                      theme_day)

LIU = "    刘洋: {reason: 出差, leave: 书面, makeup: 2024-06-20}"
WITHOUT_LIU = (("  absent:\n" + LIU + "\n", "  absent: {}\n"),)


def with_branch(files, *pairs):
    files[BY] = replaced(BRANCH, *pairs)
    return files


# --- attendance/roster ---------------------------------------------------------------

def test_member_neither_present_nor_absent(make_project, zhibu):
    assert check(make_project, zhibu, theme_day(*WITHOUT_LIU), "attendance/roster") == [
        (TD, 11, 1, "2024-06-14 名册上的党员 刘洋 既未登记出席也未登记缺席")]


def test_member_who_left_the_month_before_is_not_expected(make_project, zhibu):
    files = with_branch(theme_day(*WITHOUT_LIU), ("joined: 2024-03-01}", "joined: 2024-03-01, left: 2024-05-20}"))
    assert check(make_project, zhibu, files, "attendance/roster") == []


def test_member_who_joined_later_is_not_expected(make_project, zhibu):
    files = with_branch(theme_day(*WITHOUT_LIU), ("joined: 2024-03-01}", "joined: 2024-03-01, since: 2024-06-15}"))
    assert check(make_project, zhibu, files, "attendance/roster") == []


def test_listed_twice(make_project, zhibu):
    files = theme_day(("present: [张伟, 李娜, 王强, 陈静]", "present: [张伟, 李娜, 王强, 陈静, 王强, 刘洋]"))
    assert check(make_project, zhibu, files, "attendance/roster") == [
        (TD, 12, 29, "王强 在出席名单中重复出现"),
        (TD, 14, 5, "刘洋 同时登记为出席和缺席"),
    ]


def test_committee_meeting_expects_the_committee(make_project, zhibu):
    files = base_files()
    files[CM] = replaced(COMMITTEE, ("present: [张伟, 李娜, 王强]", "present: [张伟, 李娜, 陈静]"))
    assert check(make_project, zhibu, files, "attendance/roster") == [
        (CM, 10, 1, "2024-06-03 名册上的支委 王强 既未登记出席也未登记缺席")]


def test_group_meeting_expects_the_group(make_project, zhibu):
    files = base_files()
    files[f"{RECORDS}/2024-06-20-小组学习.md"] = replaced(
        COMMITTEE, ("type: 支委会", "type: 党小组会\ngroup: 第一党小组"), ("date: 2024-06-03", "date: 2024-06-20"),
        ("present: [张伟, 李娜, 王强]", "present: [王强, 陈静]"), ("host: 张伟", "host: 王强"))
    assert check(make_project, zhibu, files, "attendance/roster") == [
        (f"{RECORDS}/2024-06-20-小组学习.md", 11, 1, "2024-06-20 名册上的党小组成员 刘洋 既未登记出席也未登记缺席")]


def test_talk_expects_nobody(make_project, zhibu):
    files = base_files()
    files[f"{RECORDS}/2024-06-20-谈心谈话.md"] = """\
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
    assert check(make_project, zhibu, files, "attendance/roster") == []


def test_misspelt_name_is_only_a_reference_error(make_project, zhibu):
    files = theme_day(("present: [张伟, 李娜, 王强, 陈静]", "present: [张伟, 李娜, 王强, 陈晶]"))
    assert check(make_project, zhibu, files, "attendance/roster", allow_errors=True) == []
    assert [f["rule"] for f in check.last.findings if f["severity"] == "error"] == ["ref/member"]


def test_announcement_waits(make_project, zhibu):
    assert check(make_project, zhibu, theme_day(*WITHOUT_LIU), "attendance/roster", today="2024-06-13") == []


# --- attendance/leave ----------------------------------------------------------------

def test_oral_leave(make_project, zhibu):
    assert check(make_project, zhibu, theme_day(("leave: 书面", "leave: 口头")), "attendance/leave") == [
        (TD, 14, 22, "缺席的 刘洋 未书面请假（leave: 口头）")]


def test_no_leave_in_traditional_script(make_project, zhibu):
    assert check(make_project, zhibu, theme_day(("leave: 书面", "leave: 無")), "attendance/leave") == [
        (TD, 14, 22, "缺席的 刘洋 未请假（leave: 无），应书面请假")]


def test_written_leave_in_traditional_script(make_project, zhibu):
    assert check(make_project, zhibu, theme_day(("leave: 书面", "leave: 書面")), "attendance/leave") == []


def test_exempt_member_absent_with_written_leave(make_project, zhibu):
    files = with_branch(theme_day(("reason: 出差", "reason: 年老体弱"), ("makeup: 2024-06-20", "makeup: 2024-06-16")),
                        ("joined: 2024-03-01}", "joined: 2024-03-01, exempt: 年老体弱}"))
    assert check(make_project, zhibu, files, "attendance/leave") == []


# --- attendance/makeup ---------------------------------------------------------------

def test_makeup_after_31_days(make_project, zhibu):
    assert check(make_project, zhibu, theme_day(("makeup: 2024-06-20", "makeup: 2024-07-15")), "attendance/makeup") == [
        (TD, 14, 33, "刘洋 的补课日期 2024-07-15 在活动日 2024-06-14 后 31 天，超过 30 天")]


def test_makeup_after_30_days(make_project, zhibu):
    assert check(make_project, zhibu, theme_day(("makeup: 2024-06-20", "makeup: 2024-07-14")), "attendance/makeup") == []


def test_makeup_on_the_day(make_project, zhibu):
    assert check(make_project, zhibu, theme_day(("makeup: 2024-06-20", "makeup: 2024-06-14")), "attendance/makeup") == []


def test_makeup_before_the_day(make_project, zhibu):
    assert check(make_project, zhibu, theme_day(("makeup: 2024-06-20", "makeup: 2024-06-13")), "attendance/makeup") == [
        (TD, 14, 33, "刘洋 的补课日期 2024-06-13 早于活动日 2024-06-14")]


def test_no_makeup_once_the_window_has_closed(make_project, zhibu):
    files = theme_day(("makeup: 2024-06-20", "makeup: null"))
    assert check(make_project, zhibu, files, "attendance/makeup", today="2024-07-15") == [
        (TD, 14, 33, "缺席的 刘洋 没有补课记录：应在活动日 2024-06-14 后 30 天内（最迟 2024-07-14）补课")]


def test_no_makeup_yet_while_the_window_is_open(make_project, zhibu):
    files = theme_day(("makeup: 2024-06-20", "makeup: null"))
    assert check(make_project, zhibu, files, "attendance/makeup", today="2024-07-14") == []


def test_makeup_window_over_a_leap_day(make_project, zhibu):
    # 2024-02-14 + 30 days is 2024-03-15 because February 2024 has 29 days
    files = {BY: BRANCH, **month_files(2, ("makeup: 2024-06-20", "makeup: 2024-03-15"))}
    assert check(make_project, zhibu, files, "attendance/makeup") == []
    files = {BY: BRANCH, **month_files(2, ("makeup: 2024-06-20", "makeup: 2024-03-16"))}
    td = f"{RECORDS}/2024-02-14-重温入党誓词.md"
    assert check(make_project, zhibu, files, "attendance/makeup") == [
        (td, 14, 33, "刘洋 的补课日期 2024-03-16 在活动日 2024-02-14 后 31 天，超过 30 天")]


def test_makeup_only_for_theme_days(make_project, zhibu):
    files = base_files()
    files[CM] = replaced(COMMITTEE, ("present: [张伟, 李娜, 王强]", "present: [张伟, 李娜]"),
                         ("  absent: {}", "  absent:\n    王强: {reason: 出差, leave: 书面}"))
    assert check(make_project, zhibu, files, "attendance/makeup", today="2024-12-31") == []
