"""meetings/* and the year-level theme-day rules: counted per branch and period, reported on the plan or branch.yaml.

The content builders at the top are shared with test_profiles.py and test_report.py.
"""
from __future__ import annotations

import datetime as dt

import yaml

B = "content/branches/caizheng-1"
MEMBERS = ["张伟", "李娜", "王强", "陈静", "刘洋"]
SIX = ["诵读党章", "缴纳党费", "学习党规党情和党的创新理论", "开展组织生活", "实行民主议事", "落实公开制度"]


def branch_yaml(*, type_="机关", groups=True, committee=True, elected="2023-05-10", members=None) -> str:
    lines = ["name: 测试局机关第一党支部", f"type: {type_}", "parent: 中共测试局机关委员会", "secretary: 张伟"]
    if committee:
        lines.append("committee: [张伟, 李娜, 王强]")
    lines.append(f"elected: {elected}")
    if groups:
        lines += ["groups:", "  - name: 第一党小组", "    leader: 王强", "    members: [王强, 陈静, 刘洋]"]
    lines.append("members:")
    for m in members or [{"name": n} for n in MEMBERS]:
        entry = {"status": "正式", "joined": "2001-07-01", **m}
        lines.append("  - {" + ", ".join(f"{k}: {v}" for k, v in entry.items()) + "}")
    return "\n".join(lines) + "\n"


def _front(data: dict, body: str = "会议纪实。") -> str:
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000) + "---\n" + body + "\n"


def meeting(day: str, type_: str, title: str | None = None, *, present=None, covers=(), branch=B, **extra) -> dict:
    """A complete, valid record of a meeting (not a theme day): {path: text}."""
    present = list(present if present is not None else (["张伟", "李娜", "王强"] if type_ == "支委会" else MEMBERS))
    if type_ == "党小组会":
        present = [n for n in present if n in ("王强", "陈静", "刘洋")]
        extra.setdefault("group", "第一党小组")
    if type_ == "党课":
        extra.setdefault("speaker", "张伟")
    title = title or f"{type_}{day}"
    data = {"type": type_, "title": title, "date": day, "start": "15:00", "end": "16:30", "place": "党员活动室",
            "host": "张伟", "recorder": "李娜", "summary": f"{title}。",
            "attendance": {"present": present, "absent": {}, "observers": []},
            "speeches": [{"speaker": "张伟", "text": "传达学习有关精神"}], "votes": [], "resolutions": [], **extra}
    if covers:
        data["covers"] = list(covers)
    return {f"{branch}/records/{day[:4]}/{day}-{title}.md": _front(data)}


def theme_day(day: str, title: str, committee_stem: str, *, covers=(), branch=B, **extra) -> dict:
    """A compliant theme day (all nine steps, full attendance, report the next day)."""
    d = dt.date.fromisoformat(day)
    step = lambda n: (d - dt.timedelta(days=n)).isoformat()  # noqa: E731
    data = {"type": "主题党日", "title": title, "date": day, "start": "08:30", "end": "12:00", "place": "党员活动室",
            "host": "张伟", "recorder": "李娜", "summary": f"支部开展{title}主题党日。",
            "attendance": {"present": MEMBERS, "absent": {}, "observers": []},
            "speeches": [{"speaker": "王强", "text": "结合岗位谈体会"}], "votes": [], "resolutions": [],
            "reported": (d + dt.timedelta(days=1)).isoformat(),
            "steps": {1: {"date": committee_stem[:10], "record": committee_stem}, 2: {"date": step(9), "approved_by": "机关党委"},
                      3: {"date": step(7), "channel": "公示栏"}, 4: {"date": day}, 5: {"signed": 5},
                      6: {"expected": 5, "actual": 5}, 7: {"items": SIX},
                      8: {"respondents": 5, "satisfied": 5}, 9: {"date": day, "summary": "形成整改措施"}},
            **extra}
    if covers:
        data = {"type": data.pop("type"), "covers": list(covers), **data}
    return {f"{branch}/records/{day[:4]}/{day}-{title}.md": _front(data)}


def month_of_work(year: int, month: int, day: int = 15, *, covers=("支部党员大会", "党课", "党小组会"), title=None,
                  branch=B) -> dict:
    """A committee meeting on the 3rd and a compliant theme day that also counts as `covers`."""
    committee_day = f"{year}-{month:02d}-03"
    files = meeting(committee_day, "支委会", f"研究{month}月主题党日", branch=branch)
    stem = f"{committee_day}-研究{month}月主题党日"
    files.update(theme_day(f"{year}-{month:02d}-{day:02d}", title or f"{month}月主题党日", stem, covers=covers,
                           speaker="张伟", branch=branch))
    return files


def plan_yaml(year: int, filed: str = None, titles: dict | None = None) -> str:
    titles = titles or {}
    lines = [f"year: {year}", f"filed: {filed or f'{year}-01-20'}", "themes:"]
    for m in range(1, 13):
        lines.append(f"  {m}: {{title: {titles.get(m, f'{m}月主题党日')}, kind: 必选}}")
    return "\n".join(lines) + "\n"


def of(run, prefix: str) -> list[dict]:
    return [f for f in run.findings if f["rule"].startswith(prefix)]


def brief(findings) -> list[tuple]:
    return [(f["rule"], f["file"], f["line"], f["message"]) for f in findings]


def check(make_project, zhibu, files, *, today="2025-01-01", rules="national"):
    root = make_project(files, today=today, rules=rules)
    run = zhibu(root, "check", "--format", "json")
    assert [f for f in run.findings if f["severity"] == "error"] == [], run.out
    return run


BRANCH = f"{B}/branch.yaml"
PLAN = f"{B}/plans/2024.yaml"


# --- meetings/committee -----------------------------------------------------------------------------

def test_committee_missing_month_on_the_plan_at_that_months_theme(make_project, zhibu):
    files = {BRANCH: branch_yaml(), PLAN: plan_yaml(2024)}
    files.update(month_of_work(2024, 10))
    files.update(theme_day("2024-11-15", "11月主题党日", "2024-10-03-研究10月主题党日", covers=("支部党员大会", "党课", "党小组会")))
    files.update(month_of_work(2024, 12))
    run = check(make_project, zhibu, files)
    assert brief(of(run, "meetings/committee")) == [("meetings/committee", PLAN, 14, "2024年11月 无支委会记录")]


def test_committee_missing_month_on_branch_yaml_without_plan(make_project, zhibu):
    files = {BRANCH: branch_yaml()}
    files.update(month_of_work(2024, 10))
    files.update(meeting("2024-11-20", "支部党员大会"))
    run = check(make_project, zhibu, files)
    found = of(run, "meetings/committee")
    assert brief(found) == [("meetings/committee", BRANCH, 5, "2024年11月 无支委会记录"),
                            ("meetings/committee", BRANCH, 5, "2024年12月 无支委会记录")]
    assert found[0]["column"] == 1


def test_committee_the_month_containing_today_is_not_counted(make_project, zhibu):
    files = {BRANCH: branch_yaml()}
    files.update(month_of_work(2024, 10))
    run = check(make_project, zhibu, files, today="2024-11-30")
    assert of(run, "meetings/committee") == []
    run = check(make_project, zhibu, files, today="2024-12-01")
    assert brief(of(run, "meetings/committee")) == [("meetings/committee", BRANCH, 5, "2024年11月 无支委会记录")]


def test_committee_months_before_the_first_record_are_not_counted(make_project, zhibu):
    files = {BRANCH: branch_yaml()}
    files.update(month_of_work(2024, 10))
    run = check(make_project, zhibu, files, today="2024-11-01")
    assert of(run, "meetings/") == [] and of(run, "theme-day/monthly") == []


def test_committee_not_required_without_a_committee(make_project, zhibu):
    files = {BRANCH: branch_yaml(committee=False)}
    files.update(meeting("2024-10-20", "支部党员大会"))
    run = check(make_project, zhibu, files, today="2024-12-01")
    assert of(run, "meetings/committee") == []


def test_a_covered_kind_counts(make_project, zhibu):
    files = {BRANCH: branch_yaml()}
    files.update(meeting("2024-10-20", "支部党员大会", covers=["支委会", "党小组会", "党课"]))
    run = check(make_project, zhibu, files, today="2024-11-01")
    assert of(run, "meetings/") == []


# --- meetings/member-meeting -------------------------------------------------------------------------

def test_member_meeting_quarter(make_project, zhibu):
    files = {BRANCH: branch_yaml()}
    files.update(meeting("2024-03-31", "支部党员大会"))        # the last day of Q1
    files.update(meeting("2024-07-01", "支部党员大会"))        # the first day of Q3: Q2 has none
    run = check(make_project, zhibu, files, today="2024-09-30")  # Q3 not yet ended
    assert brief(of(run, "meetings/member-meeting")) == [
        ("meetings/member-meeting", BRANCH, 1, "2024年第二季度 无支部党员大会记录")]


def test_member_meeting_quarter_on_the_plan_at_year(make_project, zhibu):
    files = {BRANCH: branch_yaml(), PLAN: plan_yaml(2024)}
    files.update(meeting("2024-02-29", "支部党员大会"))        # leap day counts for Q1
    run = check(make_project, zhibu, files, today="2024-07-01")
    assert brief(of(run, "meetings/member-meeting")) == [
        ("meetings/member-meeting", PLAN, 1, "2024年第二季度 无支部党员大会记录")]


# --- meetings/group -----------------------------------------------------------------------------------

def test_group_meeting_missing_names_the_group(make_project, zhibu):
    files = {BRANCH: branch_yaml()}
    files.update(meeting("2024-10-10", "支委会", covers=["支部党员大会", "党课"]))
    files.update(meeting("2024-10-11", "党小组会"))
    files.update(meeting("2024-11-10", "支委会"))
    run = check(make_project, zhibu, files, today="2024-12-01")
    assert brief(of(run, "meetings/group")) == [("meetings/group", BRANCH, 8, "2024年11月 第一党小组 无党小组会记录")]


# --- meetings/lecture, secretary-lecture, leader-lecture ------------------------------------------------

def test_lecture_quarter_and_secretary(make_project, zhibu):
    members = [{"name": n} for n in MEMBERS[:4]] + [{"name": "刘洋", "leader": "true"}]
    files = {BRANCH: branch_yaml(members=members)}
    files.update(meeting("2024-01-10", "党课", speaker="王强", covers=["支委会", "支部党员大会", "党小组会"]))
    for m in range(2, 13):
        files.update(meeting(f"2024-{m:02d}-10", "支委会", covers=["党小组会", "支部党员大会", "组织生活会", "民主评议党员"]))
    run = check(make_project, zhibu, files)
    assert brief(of(run, "meetings/lecture")) == [
        ("meetings/lecture", BRANCH, 1, f"2024年第{q}季度 无党课记录") for q in ("三", "二", "四")]
    assert brief(of(run, "meetings/secretary-lecture")) == [
        ("meetings/secretary-lecture", BRANCH, 4, "2024年 书记张伟未讲党课（应每年至少 1 次）")]
    assert brief(of(run, "meetings/leader-lecture")) == [
        ("meetings/leader-lecture", BRANCH, 16, "2024年 党员领导干部刘洋未在本支部讲党课（应每年至少 1 次）")]


def test_leader_who_left_the_month_before_counting_began_is_not_counted(make_project, zhibu):
    members = [{"name": n} for n in MEMBERS[:4]] + [{"name": "刘洋", "leader": "true", "left": "2024-03-01"}]
    files = {BRANCH: branch_yaml(groups=False, members=members)}
    files.update(meeting("2024-03-10", "党课", speaker="张伟",
                         present=MEMBERS[:4], covers=["支委会", "支部党员大会", "组织生活会", "民主评议党员"]))
    run = check(make_project, zhibu, files, today="2025-01-01")
    assert of(run, "meetings/leader-lecture") == []
    assert of(run, "meetings/secretary-lecture") == []
    # on the roster one day into the counted months: the leader counts
    members[-1]["left"] = "2024-03-02"
    files[BRANCH] = branch_yaml(groups=False, members=members)
    run = check(make_project, zhibu, files, today="2025-01-01")
    assert [f["message"] for f in of(run, "meetings/leader-lecture")] == [
        "2024年 党员领导干部刘洋未在本支部讲党课（应每年至少 1 次）"]


# --- meetings/life-meeting, review -------------------------------------------------------------------------

def test_life_meeting_and_review_yearly(make_project, zhibu):
    files = {BRANCH: branch_yaml(), PLAN: plan_yaml(2024)}
    files.update(month_of_work(2024, 12))
    run = check(make_project, zhibu, files, today="2024-12-31")
    assert of(run, "meetings/life-meeting") == []  # the year has not ended
    run = check(make_project, zhibu, files, today="2025-01-01")
    assert brief(of(run, "meetings/life-meeting") + of(run, "meetings/review")) == [
        ("meetings/life-meeting", PLAN, 1, "2024年 无组织生活会记录"),
        ("meetings/review", PLAN, 1, "2024年 无民主评议党员记录")]


# --- theme-day/monthly, plan, july-first --------------------------------------------------------------------

def test_theme_day_monthly_missing_and_twice(make_project, zhibu):
    files = {BRANCH: branch_yaml(), PLAN: plan_yaml(2024)}
    files.update(month_of_work(2024, 10))
    files.update(theme_day("2024-10-25", "10月主题党日", "2024-10-03-研究10月主题党日"))
    files.update(meeting("2024-11-03", "支委会"))
    run = check(make_project, zhibu, files, today="2024-12-01")
    assert brief(of(run, "theme-day/monthly")) == [
        ("theme-day/monthly", PLAN, 13, "2024年10月 有 2 次主题党日（10月15日、10月25日），应每月 1 次"),
        ("theme-day/monthly", PLAN, 14, "2024年11月 无主题党日记录")]


def test_plan_missing_late_and_title(make_project, zhibu):
    files = {BRANCH: branch_yaml()}
    files.update(month_of_work(2024, 1, title="学习党的二十大精神"))
    run = check(make_project, zhibu, files, today="2024-02-01")
    assert brief(of(run, "theme-day/plan")) == [
        ("theme-day/plan", BRANCH, 1, "缺少 2024 年度主题党日计划（plans/2024.yaml），应于 2024-01-31 前报机关党委备案")]
    run = check(make_project, zhibu, files, today="2024-01-31")
    assert of(run, "theme-day/plan") == []

    files[PLAN] = plan_yaml(2024, filed="2024-02-01", titles={1: "学习贯彻党的二十大精神"})
    run = check(make_project, zhibu, files, today="2024-02-01")
    rec = f"{B}/records/2024/2024-01-15-学习党的二十大精神.md"
    assert brief(of(run, "theme-day/plan")) == [
        ("theme-day/plan", PLAN, 2, "2024 年度计划报备于 2024-02-01，晚于 2024-01-31"),
        ("theme-day/plan", rec, 7, "主题“学习党的二十大精神”与 2024 年度计划中 1 月的主题“学习贯彻党的二十大精神”不一致，且未说明原因")]


def test_plan_is_due_before_february_in_the_branch_s_first_year_too(make_project, zhibu):
    # the branch's records begin in March: its plan was still due by 31 January
    files = {BRANCH: branch_yaml(), PLAN: plan_yaml(2024, filed="2024-03-01")}
    files.update(month_of_work(2024, 3))
    run = check(make_project, zhibu, files, today="2024-04-02")
    assert brief(of(run, "theme-day/plan")) == [
        ("theme-day/plan", PLAN, 2, "2024 年度计划报备于 2024-03-01，晚于 2024-01-31")]


def test_plan_title_matches_across_script_and_punctuation(make_project, zhibu):
    files = {BRANCH: branch_yaml(), PLAN: plan_yaml(2024, titles={1: "重温入党誓词、争做优秀党员"})}
    files.update(month_of_work(2024, 1, title="重溫入黨誓詞 爭做優秀黨員"))
    run = check(make_project, zhibu, files, today="2024-02-01")
    assert of(run, "theme-day/plan") == []


def test_july_first_is_off_in_national_and_on_in_ningxia(make_project, zhibu):
    files = {BRANCH: branch_yaml(), f"{B}/plans/2024.yaml": plan_yaml(2024)}
    for m in (5, 6, 7):
        files.update(month_of_work(2024, m))
    run = check(make_project, zhibu, files, today="2024-07-02")
    assert of(run, "theme-day/july-first") == []
    run = check(make_project, zhibu, files, today="2024-07-02", rules="ningxia-2018")
    assert brief(of(run, "theme-day/july-first")) == [
        ("theme-day/july-first", PLAN, 9, "2024年七一前（6月1日—7月1日）无以“重温入党誓词”为主题的主题党日")]
    run = check(make_project, zhibu, files, today="2024-07-01", rules="ningxia-2018")  # 1 July itself may still hold it
    assert of(run, "theme-day/july-first") == []
