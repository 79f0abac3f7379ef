"""The packaged rule profiles: each has a small project that is fully compliant under it, and each
difference from national shows; a profile with an unknown rule or parameter is a configuration error."""
from __future__ import annotations

import pytest

from generator.rules.profile import packaged_names
from test_rules_meetings import B, BRANCH, branch_yaml, brief, meeting, month_of_work, of, plan_yaml, theme_day

PROFILES = ["national", "nanning-2018", "xianning-2016", "ningxia-2018"]
YEAR_END = ("支部党员大会", "党课", "党小组会", "组织生活会", "民主评议党员")


def compliant_quarter(branch: str | None = None) -> dict:
    """October to December 2024 of a 机关 branch with a committee and a group; every month a committee
    meeting and a theme day on the fixed day (15 December 2024 is a Sunday: the 16th) that is also the
    支部党员大会, the 党课 (by the secretary) and the 党小组会; in December also 组织生活会 and 民主评议."""
    files = {BRANCH: branch or branch_yaml(), f"{B}/plans/2024.yaml": plan_yaml(2024)}
    files.update(month_of_work(2024, 10))
    files.update(month_of_work(2024, 11))
    files.update(month_of_work(2024, 12, day=16, covers=YEAR_END))
    return files


def test_every_packaged_profile_is_tested():
    assert sorted(PROFILES) == packaged_names()


@pytest.mark.parametrize("profile", PROFILES)
def test_a_compliant_project_has_no_findings(make_project, zhibu, profile):
    root = make_project(compliant_quarter(), today="2025-01-01", rules=profile)
    run = zhibu(root, "check", "--format", "json", "--strict")
    assert run.findings == [], run.out
    assert run.code == 0


def findings(make_project, zhibu, files, profile, today="2025-01-01"):
    root = make_project(files, today=today, rules=profile)
    run = zhibu(root, "check", "--format", "json")
    assert run.code in (0, 1), run.err
    assert [f for f in run.findings if f["severity"] == "error"] == [], run.out
    return run


# --- the differences -------------------------------------------------------------------------------------

def test_nanning_fixed_day(make_project, zhibu):
    files = compliant_quarter()
    files.update(month_of_work(2024, 10, day=16))  # a second theme day file for October, on the 16th
    del files[f"{B}/records/2024/2024-10-15-10月主题党日.md"]
    assert of(findings(make_project, zhibu, files, "national"), "theme-day/fixed-day") == []
    run = findings(make_project, zhibu, files, "nanning-2018")
    assert [(f["rule"], f["message"]) for f in of(run, "theme-day/fixed-day")] == [
        ("theme-day/fixed-day", "主题党日 2024-10-16 不在本月固定活动日 2024-10-15（每月 15 日）")]


def test_xianning_member_meeting_at_every_theme_day(make_project, zhibu):
    files = compliant_quarter()
    files.update(month_of_work(2024, 11, covers=("党课", "党小组会")))
    assert of(findings(make_project, zhibu, files, "national"), "meetings/member-meeting") == []
    run = findings(make_project, zhibu, files, "xianning-2016")
    # A missing meeting sits on the year's plan at the month's theme (Clarification 6), the day named.
    assert brief(of(run, "meetings/member-meeting")) == [
        ("meetings/member-meeting", f"{B}/plans/2024.yaml", 14, "2024年11月15日的主题党日未同时召开支部党员大会")]


def test_xianning_monthly_lecture_for_agencies_quarterly_for_others(make_project, zhibu):
    files = compliant_quarter()
    files.update(month_of_work(2024, 11, covers=("支部党员大会", "党小组会")))
    assert of(findings(make_project, zhibu, files, "national"), "meetings/lecture") == []
    run = findings(make_project, zhibu, files, "xianning-2016")
    assert brief(of(run, "meetings/lecture")) == [
        ("meetings/lecture", f"{B}/plans/2024.yaml", 14, "2024年11月 无党课记录")]
    files[BRANCH] = branch_yaml(type_="企业")
    assert of(findings(make_project, zhibu, files, "xianning-2016"), "meetings/lecture") == []


def test_xianning_lecture_around_july_first(make_project, zhibu):
    files = {BRANCH: branch_yaml(type_="企业"), f"{B}/plans/2024.yaml": plan_yaml(2024)}
    for m in range(5, 9):
        files.update(month_of_work(2024, m, covers=("支部党员大会", "党小组会") + (("党课",) if m in (5, 8) else ())))
    run = findings(make_project, zhibu, files, "xianning-2016", today="2024-08-01")
    assert brief(of(run, "meetings/lecture")) == [
        ("meetings/lecture", f"{B}/plans/2024.yaml", 1, "2024年七一前后（6月1日—7月31日） 无党课记录")]
    assert of(findings(make_project, zhibu, files, "xianning-2016", today="2024-07-31"), "meetings/lecture") == []


def test_xianning_life_meeting_in_june_and_december_review_in_december(make_project, zhibu):
    files = compliant_quarter()
    files.update(month_of_work(2024, 12, day=16, covers=("支部党员大会", "党课", "党小组会")))
    files.update(meeting("2024-11-20", "组织生活会"))
    files.update(meeting("2024-11-21", "民主评议党员"))
    assert of(findings(make_project, zhibu, files, "national"), "meetings/") == []
    run = findings(make_project, zhibu, files, "xianning-2016")
    plan = f"{B}/plans/2024.yaml"
    assert brief(of(run, "meetings/")) == [
        ("meetings/life-meeting", plan, 15, "2024年12月 无组织生活会记录"),
        ("meetings/review", plan, 15, "2024年12月 无民主评议党员记录")]


def test_xianning_six_items(make_project, zhibu):
    files = compliant_quarter()
    rel = f"{B}/records/2024/2024-11-15-11月主题党日.md"
    files[rel] = files[rel].replace("    - 落实公开制度\n", "")
    assert of(findings(make_project, zhibu, files, "national"), "theme-day/six-items") == []
    run = findings(make_project, zhibu, files, "xianning-2016")
    assert [f["rule"] for f in of(run, "theme-day/six-items")] == ["theme-day/six-items"]


def test_ningxia_member_meeting_monthly_without_groups(make_project, zhibu):
    files = compliant_quarter(branch_yaml(groups=False))
    files.update(month_of_work(2024, 11, covers=("党课",)))
    assert of(findings(make_project, zhibu, files, "national"), "meetings/member-meeting") == []
    run = findings(make_project, zhibu, files, "ningxia-2018")
    assert brief(of(run, "meetings/member-meeting")) == [
        ("meetings/member-meeting", f"{B}/plans/2024.yaml", 14, "2024年11月 无支部党员大会记录")]
    # with a group, quarterly is enough
    files = compliant_quarter()
    files.update(month_of_work(2024, 11, covers=("党课", "党小组会")))
    assert of(findings(make_project, zhibu, files, "ningxia-2018"), "meetings/member-meeting") == []


def test_ningxia_life_meeting_each_half_year(make_project, zhibu):
    files = {BRANCH: branch_yaml(), f"{B}/plans/2024.yaml": plan_yaml(2024)}
    for m in range(1, 13):
        extra = YEAR_END if m == 12 else ("支部党员大会", "党课", "党小组会")
        files.update(month_of_work(2024, m, covers=extra))
    assert of(findings(make_project, zhibu, files, "national"), "meetings/life-meeting") == []
    run = findings(make_project, zhibu, files, "ningxia-2018")
    assert brief(of(run, "meetings/life-meeting")) == [
        ("meetings/life-meeting", f"{B}/plans/2024.yaml", 1, "2024年上半年 无组织生活会记录")]


def test_ningxia_july_first_theme(make_project, zhibu):
    files = {BRANCH: branch_yaml(), f"{B}/plans/2024.yaml": plan_yaml(2024, titles={6: "重温入党誓词、争做优秀党员"})}
    files.update(month_of_work(2024, 6, title="重温入党誓词 争做优秀党员"))
    run = findings(make_project, zhibu, files, "ningxia-2018", today="2024-07-02")
    assert of(run, "theme-day/july-first") == []


# --- configuration errors --------------------------------------------------------------------------------

def test_unknown_rule_in_a_project_profile(make_project, zhibu):
    root = make_project({BRANCH: branch_yaml(), "rules.yaml": "extends: national\nrules:\n  meetings/comittee: off\n"},
                        rules="rules.yaml")
    run = zhibu(root, "check")
    assert run.code == 2
    assert "rules.yaml:3:3: 未知的规则“meetings/comittee”；是否应为“meetings/committee”？" in run.err


def test_unknown_parameter_in_a_project_profile(make_project, zhibu):
    root = make_project({BRANCH: branch_yaml(),
                         "rules.yaml": "extends: xianning-2016\nrules:\n  meetings/lecture:\n    every: month\n"},
                        rules="rules.yaml")
    run = zhibu(root, "check")
    assert run.code == 2
    assert "rules.yaml:4:5: 规则“meetings/lecture”没有参数“every”" in run.err


def test_a_bad_period_value_is_a_configuration_error(make_project, zhibu):
    root = make_project({BRANCH: branch_yaml(), **meeting("2024-01-10", "支委会"),
                         "rules.yaml": "extends: national\nrules:\n  meetings/lecture: {period: week}\n"},
                        rules="rules.yaml")
    run = zhibu(root, "check")
    assert run.code == 2
    assert "规则“meetings/lecture”的参数 period 取值“week”无效" in run.err


def test_a_project_profile_extends_a_packaged_one(make_project, zhibu):
    files = compliant_quarter()
    files["rules.yaml"] = "extends: ningxia-2018\nrules:\n  meetings/committee: off\n"
    files.update(theme_day("2024-11-15", "11月主题党日", "2024-10-03-研究10月主题党日",
                           covers=("支部党员大会", "党课", "党小组会")))
    del files[f"{B}/records/2024/2024-11-03-研究11月主题党日.md"]
    root = make_project(files, today="2025-01-01", rules="rules.yaml")
    run = zhibu(root, "check", "--format", "json")
    assert of(run, "meetings/committee") == []
