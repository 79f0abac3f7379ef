"""One cause, one finding (rules.md Clarification 7): a file with its own data error is not also reported
as missing, and what it records still counts."""
from __future__ import annotations

from test_rules_meetings import BRANCH, PLAN, B, branch_yaml, meeting, month_of_work, plan_yaml


def run(make_project, zhibu, files, today):
    root = make_project(files, today=today)
    done = zhibu(root, "check", "--format", "json")
    assert done.code == 1, done.err
    return [(f["rule"], f["file"], f["line"], f["column"], f["message"]) for f in done.findings]


def one_month(extra_committee: dict | None = None) -> dict:
    files = {BRANCH: branch_yaml(), PLAN: plan_yaml(2024)}
    files.update(month_of_work(2024, 1))
    return files


def test_a_record_with_a_schema_error_still_counts_for_its_meeting(make_project, zhibu):
    files = one_month()
    committee = f"{B}/records/2024/2024-01-03-研究1月主题党日.md"
    files[committee] = files[committee].replace("votes: []\n", "")
    assert run(make_project, zhibu, files, "2024-02-10") == [
        ("schema", committee, 2, 1, "缺少必填字段“votes”（表决情况）"),
    ]


def test_a_theme_day_with_a_schema_error_still_counts_for_everything_it_covers(make_project, zhibu):
    files = one_month()
    theme_day = f"{B}/records/2024/2024-01-15-1月主题党日.md"
    text = files[theme_day]
    files[theme_day] = "\n".join(line for line in text.split("\n") if not line.startswith("reported:"))
    found = run(make_project, zhibu, files, "2024-04-10")
    assert [f[0] for f in found if f[1] == theme_day] == ["schema"]
    assert not [f for f in found if f[0].startswith(("meetings/", "theme-day/monthly")) and "1月" in f[4]]
    # Judged by no rule but counted: its title is not compared with the plan either.
    assert "title: 1月主题党日\n" in files[theme_day]
    files[theme_day] = files[theme_day].replace("title: 1月主题党日\n", "title: 另一个主题\n")
    found = run(make_project, zhibu, files, "2024-04-10")
    assert [f[0] for f in found if f[1] == theme_day] == ["schema"]
    assert not [f for f in found if "第一季度" in f[4]]


def test_a_broken_branch_file_is_not_reported_as_missing_by_the_files_that_name_it(make_project, zhibu):
    files = one_month()
    files[BRANCH] = branch_yaml().replace("type: 机关", "type: 未知类型")
    files["content/notices/2024/2024-01-10-关于张伟同志的公示.md"] = (
        "---\ntitle: 关于张伟同志的公示\nbranch: caizheng-1\ncategory: 其他\nstage: 决议结果公开\nscope: 党外\n"
        "published: 2024-01-10\n---\n公示内容。\n")
    found = run(make_project, zhibu, files, "2024-02-10")
    assert [f[:2] for f in found if f[3:] and f[0].startswith(("ref/", "schema"))] == [("schema", BRANCH)]


def test_a_broken_plan_is_not_reported_as_missing(make_project, zhibu):
    files = one_month()
    files[PLAN] = plan_yaml(2024) + "  13: {title: 多余的月份, kind: 自选}\n"
    found = run(make_project, zhibu, files, "2024-02-10")
    assert [f[0] for f in found if f[1] in (PLAN, BRANCH)] == ["schema"]
    assert not [f for f in found if f[0] == "theme-day/plan"]


def test_a_plan_whose_year_disagrees_with_its_name_is_not_also_missing(make_project, zhibu):
    files = one_month()
    files[PLAN] = plan_yaml(2024).replace("year: 2024", "year: 2023")
    found = run(make_project, zhibu, files, "2024-02-10")
    assert [f[0] for f in found if f[1] in (PLAN, BRANCH)] == ["filename"]
    assert not [f for f in found if f[0] == "theme-day/plan"]


def test_a_plan_without_some_months_is_judged_only_by_its_theme_days(make_project, zhibu):
    # theme-day/plan: the plan exists, was filed in time, and the theme days' titles match it (rules.md);
    # a month without a theme is not a finding of its own.
    files = one_month()
    plan = plan_yaml(2024)
    files[PLAN] = "\n".join(line for line in plan.split("\n") if not line.startswith(("  5:", "  6:", "  7:")))
    root = make_project(files, today="2024-02-10")
    assert [f for f in zhibu(root, "check", "--format", "json").findings if f["rule"] == "theme-day/plan"] == []


def test_a_record_with_a_repeated_key_still_counts_for_its_meetings(make_project, zhibu):
    files = one_month()
    committee = f"{B}/records/2024/2024-01-03-研究1月主题党日.md"
    files[committee] = files[committee].replace("votes: []\n", "votes: []\nvotes: []\n")
    found = run(make_project, zhibu, files, "2024-02-10")
    assert [f[0] for f in found] == ["yaml/duplicate-key"]


def test_a_file_with_the_wrong_extension_is_read_and_its_name_reported(make_project, zhibu):
    files = one_month()
    files[BRANCH.replace(".yaml", ".yml")] = files.pop(BRANCH)
    theme_day = f"{B}/records/2024/2024-01-15-1月主题党日.md"
    files[theme_day.replace(".md", ".MD")] = files.pop(theme_day)
    files[PLAN.replace(".yaml", ".YAML")] = files.pop(PLAN)
    found = run(make_project, zhibu, files, "2024-02-10")
    assert found == [
        ("filename", BRANCH.replace(".yaml", ".yml"), 1, 1, "扩展名应为 .yaml：branch.yml（已按 .yaml 文件读取）"),
        ("filename", PLAN.replace(".yaml", ".YAML"), 1, 1, "扩展名应为 .yaml：2024.YAML（已按 .yaml 文件读取）"),
        ("filename", theme_day.replace(".md", ".MD"), 1, 1,
         "扩展名应为 .md：2024-01-15-1月主题党日.MD（已按 .md 文件读取）"),
    ]


def test_a_secretary_who_has_left_the_branch(make_project, zhibu):
    files = one_month()
    files[BRANCH] = branch_yaml(members=[{"name": "张伟", "left": "2024-01-31"}, {"name": "李娜"}, {"name": "王强"},
                                         {"name": "陈静"}, {"name": "刘洋"}])
    found = run(make_project, zhibu, files, "2024-02-10")
    assert [f for f in found if f[0] == "ref/member"] == [
        ("ref/member", BRANCH, 4, 1, "书记“张伟”不在测试局机关第一党支部 2024-02-10 的党员名册中"),
    ]


def test_committee_and_group_lists_may_keep_members_who_left(make_project, zhibu):
    files = one_month()
    files[BRANCH] = branch_yaml(members=[{"name": "张伟"}, {"name": "李娜"}, {"name": "王强"}, {"name": "陈静"},
                                         {"name": "刘洋", "left": "2024-01-31"}])
    root = make_project(files, today="2024-02-10")
    assert [f for f in zhibu(root, "check", "--format", "json").findings if f["severity"] == "error"] == []


def test_other_meeting_is_still_needed_when_nothing_was_recorded(make_project, zhibu):
    # the counted-only path must not invent meetings: February has no committee meeting at all
    files = one_month()
    files.update(meeting("2024-02-20", "党课"))
    root = make_project(files, today="2024-03-10")
    done = zhibu(root, "check", "--format", "json")
    assert ("meetings/committee", "2024年2月 无支委会记录") in [(f["rule"], f["message"]) for f in done.findings]


def test_two_members_of_one_branch_with_the_same_name(make_project, zhibu):
    files = one_month()
    files[BRANCH] = branch_yaml() + "  - {name: 李娜, status: 正式, joined: 2010-07-01}\n"
    found = run(make_project, zhibu, files, "2024-02-10")
    assert [f for f in found if f[0] == "schema"] == [
        ("schema", BRANCH, 17, 6, "名册中“李娜”已在第 2 位登记过：同一支部的党员不能重名"),
    ]
