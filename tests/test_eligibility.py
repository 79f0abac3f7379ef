"""model/eligibility.py: per branch and year, eligible for the honours or not and why; the limits on how many."""
from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest

from generator.model.eligibility import (EligibilityParams, branch_eligibility, judgement_day, leadership, member_reasons,
                                         model_limit, red_flag_limit, share_text, year_eligibility)
from generator.model.entities import Awards, Branch, Member, Site
from generator.pipeline import run_check
from generator.project import open_project
from rule_kit import TD, THEME_DAY, base_files, month_files, replaced

D = dt.date


def branch(bid: str, n: int = 3, *, elected: D | None = D(2023, 5, 10), type_: str = "机关",
           committee: int = 2, secretary: bool = True, left: dict | None = None) -> Branch:
    names = [f"{bid}-{i}" for i in range(1, n + 1)]
    members = tuple(Member(name, "正式", D(2001, 7, 1), None, (left or {}).get(name), False, None, i)
                    for i, name in enumerate(names))
    return Branch(bid, f"content/branches/{bid}/branch.yaml", {}, f"{bid} 支部", type_,
                  names[0] if secretary else None, tuple(names[:committee]), elected, None, (), members)


def site_of(*branches: Branch, awards: dict[int, D] | None = None) -> Site:
    site = Site(branches={b.id: b for b in branches})
    for year, decided in (awards or {}).items():
        site.awards[year] = Awards(f"content/awards/{year}.yaml", year, {}, decided)
    return site


# --- how many may be named --------------------------------------------------------------------------------

@pytest.mark.parametrize("n, limit", [(1, 1), (2, 1), (3, 1), (5, 1), (6, 2), (7, 2), (8, 2), (9, 3), (10, 3)])
def test_red_flag_limit(n, limit):
    assert red_flag_limit(site_of(*(branch(f"b{i}") for i in range(n)))).limit == limit


def test_red_flag_limit_basis():
    assert red_flag_limit(site_of(*(branch(f"b{i}") for i in range(7)))).basis == "7 个支部的 1/3"
    assert red_flag_limit(site_of(branch("a"), branch("b"))).basis == "2 个支部，不足 3 个的可评 1 个"


@pytest.mark.parametrize("n, limit", [(1, 1), (4, 1), (5, 1), (9, 1), (10, 2), (24, 4), (25, 5), (26, 5), (30, 6)])
def test_model_limit(n, limit):
    assert model_limit(site_of(branch("a", n)), D(2024, 12, 28)).limit == limit


def test_model_limit_counts_the_roster_on_the_day():
    site = site_of(branch("a", 13), branch("b", 13, left={"b-13": D(2024, 12, 1), "b-12": D(2024, 12, 1)}))
    assert model_limit(site, D(2024, 11, 30)).basis == "26 名党员的 20%"
    assert model_limit(site, D(2024, 12, 1)).basis == "24 名党员的 20%"
    assert model_limit(site_of(branch("a", 4)), D(2024, 12, 1)).basis == "4 名党员，不足 5 人的可评 1 人"


def test_limits_follow_the_parameters():
    site = site_of(*(branch(f"b{i}", 10) for i in range(8)))
    assert red_flag_limit(site, {"red_flag_share": 0.25}).limit == 2
    assert red_flag_limit(site, {"red_flag_share": 25}).basis == "8 个支部的 25%"   # 25 is read as 25 %
    assert model_limit(site, D(2024, 1, 1), {"model_share": "1/10"}).limit == 8
    assert red_flag_limit(site_of(branch("a")), {"red_flag_minimum": 0}).limit == 0


def test_share_text():
    assert share_text(Fraction(1, 3)) == "1/3"
    assert share_text(Fraction(1, 5)) == "20%"
    assert share_text(Fraction(1, 8)) == "12.5%"


# --- the term ---------------------------------------------------------------------------------------------

def test_judgement_day():
    site = site_of(branch("a"), awards={2024: D(2024, 12, 28)})
    assert judgement_day(site, 2024, D(2025, 3, 1)) == D(2024, 12, 28)     # decided
    assert judgement_day(site, 2025, D(2025, 6, 30)) == D(2025, 6, 30)     # before the decision, the year running
    assert judgement_day(site, 2023, D(2025, 6, 30)) == D(2023, 12, 31)    # a year that has ended


def test_overdue_term():
    site = site_of(branch("a", elected=D(2021, 12, 27)), awards={2024: D(2024, 12, 28)})
    e = branch_eligibility(site, "a", 2024, D(2025, 1, 5), EligibilityParams())
    assert not e.eligible
    assert e.summary == ("不具备评选资格：换届已逾期：上次选举 2021-12-27，任期 3 年，应于 2024-12-27 前换届，"
                         "2024-12-28 时仍未换届")
    assert [r.rule for r in e.reasons] == ["awards/term"]
    assert e.as_dict()["judged_on"] == "2024-12-28"
    # on the due day itself still in time
    assert branch_eligibility(site, "a", 2024, D(2025, 1, 5), EligibilityParams(), on=D(2024, 12, 27)).eligible


def test_term_by_branch_type_and_profile():
    site = site_of(branch("a", elected=D(2020, 6, 1), type_="社区"))
    national = EligibilityParams()
    flat = EligibilityParams.from_rule_params(term={"term_years": 3, "term_years_by_type": {}})
    assert branch_eligibility(site, "a", 2024, D(2024, 12, 31), national).eligible
    assert not branch_eligibility(site, "a", 2024, D(2024, 12, 31), flat).eligible
    off = EligibilityParams.from_rule_params(term={"term_years": 3, "term_years_by_type": {}}, check_term=False)
    assert branch_eligibility(site, "a", 2024, D(2024, 12, 31), off).eligible


def test_a_branch_without_elected_has_no_term_to_miss():
    site = site_of(branch("a", elected=None, committee=0))
    assert branch_eligibility(site, "a", 2024, D(2024, 12, 31), EligibilityParams()).summary == "可参评"


# --- members ----------------------------------------------------------------------------------------------

def test_leadership_is_committee_and_secretary():
    assert leadership(branch("a", 5)) == {"a-1", "a-2"}
    assert leadership(branch("a", 5, committee=0)) == {"a-1"}           # no committee: the secretary
    assert leadership(branch("a", 5, committee=0, secretary=False)) == set()


def test_member_reasons_only_for_the_leadership():
    site = site_of(branch("a", 5, elected=D(2020, 1, 1)))
    e = branch_eligibility(site, "a", 2024, D(2024, 12, 31), EligibilityParams())
    assert member_reasons(site, "a", "a-2", e) == e.reasons != ()
    assert member_reasons(site, "a", "a-4", e) == ()
    assert member_reasons(site, "nowhere", "a-2", e) == ()


# --- low satisfaction, on a loaded project ----------------------------------------------------------------

def _loaded(make_project, june: str, today: str = "2024-12-31"):
    files = base_files()
    files[TD] = replaced(THEME_DAY, ("respondents: 4, satisfied: 4", june))
    for month in (3, 4):
        files.update(month_files(month, ("respondents: 4, satisfied: 4", "respondents: 4, satisfied: 2")))
    root = make_project(files, today=today)
    project = open_project(root)
    result = run_check(project)
    return result, project.today


def test_three_low_theme_days(make_project):
    result, today = _loaded(make_project, "respondents: 10, satisfied: 5")
    table = year_eligibility(result.site, 2024, today, EligibilityParams.from_profile(result.profile))
    e = table["caizheng-1"]
    assert e.summary == "不具备评选资格：2024 年有 3 次主题党日满意率低于 60%"
    assert e.reasons[0].records == ("2024-03-14-重温入党誓词", "2024-04-14-重温入党誓词", "2024-06-14-重温入党誓词")
    assert year_eligibility(result.site, 2023, today, EligibilityParams())["caizheng-1"].eligible
    # a fourth low one is no longer needed with max_low 2 — and 4 would clear it
    assert not branch_eligibility(result.site, "caizheng-1", 2024, today,
                                  EligibilityParams.from_rule_params(low={"max_low": 2})).eligible
    assert branch_eligibility(result.site, "caizheng-1", 2024, today,
                              EligibilityParams.from_rule_params(low={"max_low": 4})).eligible


def test_exactly_60_percent_and_not_yet_held(make_project):
    result, today = _loaded(make_project, "respondents: 5, satisfied: 3")
    assert branch_eligibility(result.site, "caizheng-1", 2024, today, EligibilityParams()).eligible
    result, today = _loaded(make_project, "respondents: 10, satisfied: 5", today="2024-06-13")
    assert branch_eligibility(result.site, "caizheng-1", 2024, today, EligibilityParams()).eligible


def test_params_from_a_profile_that_switches_the_rule_off(make_project):
    result, _ = _loaded(make_project, "respondents: 10, satisfied: 5")
    from generator.rules.profile import Profile
    off = Profile("test", {"awards/low-satisfaction": False}, {"awards/term": {"term_years": 4}}, ("test",))
    params = EligibilityParams.from_profile(off)
    assert (params.check_low, params.check_term, params.term["term_years"]) == (False, True, 4)
    assert EligibilityParams.from_profile(None) == EligibilityParams()


# --- zhibu report: the 评选资格 column --------------------------------------------------------------------

def test_report_shows_eligibility_per_branch_and_year(make_project, zhibu):
    import csv
    import io
    import json

    import openpyxl
    files = base_files()
    files[TD] = replaced(THEME_DAY, ("respondents: 4, satisfied: 4", "respondents: 10, satisfied: 5"))
    for month in (3, 4):
        files.update(month_files(month, ("respondents: 4, satisfied: 4", "respondents: 4, satisfied: 2")))
    root = make_project(files, today="2025-01-05")
    reason = "不具备评选资格：2024 年有 3 次主题党日满意率低于 60%"

    rows = list(csv.DictReader(io.StringIO(zhibu(root, "report", "--format", "csv").out.lstrip("\ufeff"))))
    assert {(r["年份"], r["评选资格"]) for r in rows if r["月份"] == "全年"} == {("2024", reason), ("2025", "可参评")}
    assert {r["评选资格"] for r in rows if r["月份"] != "全年"} == {""}

    report = json.loads(zhibu(root, "report", "--format", "json", "--year", "2024").out)
    assert report["rows"][0]["eligibility"] == {
        "eligible": False, "judged_on": "2024-12-31", "summary": reason,
        "reasons": [{"rule": "awards/low-satisfaction", "text": "2024 年有 3 次主题党日满意率低于 60%"}]}

    assert f"评选资格：{reason}" in zhibu(root, "report", "--year", "2024").out

    assert zhibu(root, "report", "--format", "xlsx", "--output", "r.xlsx").code == 0
    ws = openpyxl.load_workbook(root / "r.xlsx")["2024年"]
    assert [c.value for c in next(r for r in ws.iter_rows() if r[1].value == "评选资格")][:3] == [
        "测试局机关第一党支部", "评选资格", reason]


# --- zhibu new awards: the eligible branches in a comment ---------------------------------------------------

SECOND = """\
name: 测试局第二党支部
type: 机关
parent: 中共测试局机关委员会
secretary: 赵敏
elected: 2024-03-01
members:
  - {name: 赵敏, status: 正式, joined: 2001-07-01}
  - {name: 孙丽, status: 正式, joined: 2001-07-01}
"""


def test_new_awards_lists_the_eligible_branches(make_project, zhibu):
    import json

    from generator.scaffold.writer import document_text, read_document
    files = base_files()
    files[TD] = replaced(THEME_DAY, ("respondents: 4, satisfied: 4", "respondents: 10, satisfied: 5"))
    for month in (3, 4):
        files.update(month_files(month, ("respondents: 4, satisfied: 4", "respondents: 4, satisfied: 2")))
    files["content/branches/dier/branch.yaml"] = SECOND
    root = make_project(files, today="2024-12-20")
    run = zhibu(root, "new", "awards", "--year", "2024", "--date", "2024-12-28")
    assert run.code == 0, run.err
    assert run.out.strip() == "content/awards/2024.yaml"
    text = (root / "content/awards/2024.yaml").read_text(encoding="utf-8")
    head = [line for line in text.splitlines() if line.startswith("#")][:8]
    assert head[2:] == [
        "# 名额：红旗支部最多 1 个（2 个支部，不足 3 个的可评 1 个），模范党员最多 1 人（7 名党员的 20%，按 2024-12-28 的花名册）。",
        "# 具备评选资格的支部（1 个，按 2024-12-20 已有的主题党日测评和 2024-12-28 的换届情况）：",
        "#   dier        测试局第二党支部",
        "# 不具备评选资格的支部（1 个），其班子成员也不能评为模范党员：",
        "#   caizheng-1  测试局机关第一党支部：2024 年有 3 次主题党日满意率低于 60%（班子成员：张伟、李娜、王强）",
        "# 年份：评选所属年份，须与文件名相同。例：2024。",
    ]
    assert "# best_theme_days: [caizheng-1/2024-03-14-重温入党誓词]" in text
    data, _ = read_document(text)
    assert (data["year"], str(data["decided"]), list(data["red_flag_branches"]), list(data["model_members"])) == (
        2024, "2024-12-28", [], [])
    assert document_text(data) == text  # round trip keeps every comment
    findings = json.loads(zhibu(root, "check", "--format", "json").out)["findings"]
    assert [f for f in findings if f["file"] == "content/awards/2024.yaml"] == []
    # never overwritten
    again = zhibu(root, "new", "awards", "--year", "2024")
    assert again.code == 2 and "不会覆盖" in again.err


def test_new_awards_in_traditional_script(make_project, zhibu):
    files = {**base_files(), "zhibu.yaml": "title: 測試\norg: 測試\nbase_url: https://x.example.org/\n"
                                          "language: zh-Hant\nrules: national\ntoday: 2024-12-20\n"}
    root = make_project(files)
    assert zhibu(root, "new", "評先選優", "--year", "2024").code == 0
    text = (root / "content/awards/2024.yaml").read_text(encoding="utf-8")
    assert "具備評選資格的支部" in text and "紅旗支部最多 1 個" in text
