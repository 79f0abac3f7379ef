"""`zhibu new KIND`: every kind writes a file that loads without data errors, keeps its comments
through a round trip, and is never written over an existing file."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from generator.scaffold.records import propose_step_dates
from generator.scaffold.writer import document_text, read_document
from samples import B, RECORDS, base_files

PLAN_2024 = """\
year: 2024
filed: 2024-01-20
themes:
  7: {title: 庆祝建党103周年 践行初心使命, kind: 必选}
"""

# 王强 chairs 第二党小组 too, so 党小组会 needs --group; 周敏 is exempt; 赵磊 left in May.
BRANCH_TWO_GROUPS = """\
name: 测试局机关第一党支部
type: 机关
parent: 中共测试局机关委员会
secretary: 张伟
committee: [张伟, 李娜, 王强]
elected: 2023-05-10
groups:
  - {name: 第一党小组, leader: 王强, members: [王强, 陈静, 刘洋]}
  - {name: 第二党小组, leader: 李娜, members: [李娜, 张伟, 周敏]}
members:
  - {name: 张伟, status: 正式, joined: 2001-07-01}
  - {name: 李娜, status: 正式, joined: 2005-07-01}
  - {name: 王强, status: 正式, joined: 2008-07-01}
  - {name: 陈静, status: 正式, joined: 2010-07-01}
  - {name: 刘洋, status: 预备, joined: 2024-03-01}
  - {name: 周敏, status: 正式, joined: 1970-07-01, exempt: 年老体弱，送学上门}
  - {name: 赵磊, status: 正式, joined: 2015-07-01, left: 2024-05-01}
"""

DATA_ERRORS = {"yaml", "yaml/duplicate-key", "encoding", "schema", "ref/branch", "ref/member",
               "ref/record", "ref/media", "filename"}


@pytest.fixture
def project(make_project):
    files = base_files()
    files[f"{B}/plans/2024.yaml"] = PLAN_2024
    return make_project(files)


def new(zhibu, root, *args):
    run = zhibu(root, "new", *args)
    assert run.code == 0, run.err
    rel = run.out.strip()
    assert rel and "\n" not in rel, run.out
    path = root / rel
    assert path.is_file(), rel
    return path


def file_findings(zhibu, root, path) -> list[dict]:
    rel = path.relative_to(root).as_posix()
    run = zhibu(root, "check", "--format", "json", rel)
    assert run.code in (0, 1), run.err
    return [f for f in run.findings if f["file"] == rel]


def assert_loads(zhibu, root, path) -> list[dict]:
    findings = file_findings(zhibu, root, path)
    errors = [f for f in findings if f["severity"] == "error" or f["rule"] in DATA_ERRORS]
    assert not errors, errors
    return findings


def comment_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("#")]


def assert_every_field_explained(text: str) -> None:
    """Every top-level field has a Chinese comment line right above it."""
    lines = text.split("---\n")[1].splitlines() if text.startswith("---\n") else text.splitlines()
    keys = 0
    for i, line in enumerate(lines):
        if re.match(r"[A-Za-z_0-9]+:", line):
            keys += 1
            above = lines[i - 1] if i else ""
            assert above.startswith("#") and re.search(r"[\u4e00-\u9fff]", above), (line, above)
    assert keys >= 2


def front(path):
    data, body = read_document(path.read_text(encoding="utf-8"))
    return data, body


KINDS = [
    ("主题党日", []), ("支部党员大会", []), ("支委会", []), ("党小组会", []), ("党课", []),
    ("组织生活会", []), ("民主评议党员", []), ("谈心谈话", []), ("其他", []),
    ("主題黨日", []), ("支委會", []), ("黨課", []),
    ("plan", ["--year", "2025"]), ("notice", []), ("case", []), ("dues", []), ("casebook", []),
]


@pytest.mark.parametrize("kind,extra", KINDS, ids=[k for k, _ in KINDS])
def test_every_kind_loads_and_round_trips(project, zhibu, kind, extra):
    path = new(zhibu, project, kind, "--branch", "caizheng-1", "--date", "2024-07-15", *extra)
    assert_loads(zhibu, project, path)
    original = path.read_text(encoding="utf-8")
    comments = comment_lines(original)
    assert_every_field_explained(original)

    # Round trip through ruamel.yaml: a tool edits one field; every comment and the order stay.
    data, body = read_document(original)
    keys = list(data)
    first = keys[0]
    data[first] = data[first]
    again = document_text(data, body)
    assert comment_lines(again) == comments
    assert list(read_document(again)[0]) == keys
    assert again.rstrip("\n") == original.rstrip("\n")

    # …and a real edit still loads.
    data["title" if "title" in data else "year"] = data.get("title", data.get("year"))
    path.write_text(document_text(data, body), encoding="utf-8")
    assert_loads(zhibu, project, path)


def test_branch_kind_makes_a_branch_that_loads(project, zhibu):
    path = new(zhibu, project, "branch", "--branch", "jiaoyu-2", "--title", "市教育局机关第二党支部",
               "--date", "2024-03-01")
    assert path.relative_to(project).as_posix() == "content/branches/jiaoyu-2/branch.yaml"
    assert_loads(zhibu, project, path)
    data, _ = front(path)
    assert data["name"] == "市教育局机关第二党支部"
    assert data["secretary"] == data["members"][0]["name"]
    again = zhibu(project, "new", "branch", "--branch", "jiaoyu-2")
    assert again.code == 2 and "已经存在" in again.err
    bad = zhibu(project, "new", "branch", "--branch", "教育局")
    assert bad.code == 2 and "小写英文字母" in bad.err


def test_theme_day_is_laid_out_from_roster_plan_and_rules(project, zhibu):
    # A 支委会 on 2 July decides the theme; the theme day is on the 15th.
    committee = new(zhibu, project, "支委会", "--branch", "caizheng-1", "--date", "2024-07-02",
                    "--title", "研究七月主题党日安排")
    path = new(zhibu, project, "主题党日", "--branch", "caizheng-1", "--date", "2024-07-15")
    assert path.name == "2024-07-15-庆祝建党103周年-践行初心使命.md"
    text = path.read_text(encoding="utf-8")
    assert 'start: "08:30"' in text and 'end: "12:00"' in text
    data, body = front(path)
    assert data["type"] == "主题党日"
    assert data["title"] == "庆祝建党103周年 践行初心使命"
    assert list(data["attendance"]["present"]) == ["张伟", "李娜", "王强", "陈静", "刘洋"]
    assert dict(data["attendance"]["absent"]) == {} and list(data["attendance"]["observers"]) == []
    assert data["host"] == "张伟" and data["recorder"] != "张伟"
    steps = data["steps"]
    assert sorted(steps) == list(range(1, 10))
    assert steps[1]["record"] == committee.stem and str(steps[1]["date"]) == "2024-07-02"
    assert str(steps[2]["date"]) == "2024-07-04"          # ② two days after ①
    assert str(steps[3]["date"]) == "2024-07-10"          # ③ five days before the date
    assert str(steps[4]["date"]) == "2024-07-15" == str(steps[9]["date"])
    assert steps[5]["signed"] == 5 and (steps[6]["expected"], steps[6]["actual"]) == (5, 5)
    assert str(data["reported"]) == "2024-07-16"
    assert body.strip()
    findings = assert_loads(zhibu, project, path)
    rules = {f["rule"] for f in findings}
    # Dates and counts proposed from the rules satisfy them.
    for rule in ("theme-day/step-order", "theme-day/committee", "theme-day/notice", "theme-day/report",
                 "theme-day/duration", "theme-day/sign-in", "theme-day/plan", "theme-day/attendance",
                 "theme-day/steps", "attendance/roster"):
        assert rule not in rules, findings


def test_theme_day_without_committee_record_leaves_step_one_out_with_a_comment(project, zhibu):
    path = new(zhibu, project, "主题党日", "--branch", "caizheng-1", "--date", "2024-08-16", "--title", "学习党纪")
    data, _ = front(path)
    assert 1 not in data["steps"]
    text = path.read_text(encoding="utf-8")
    assert "zhibu new 支委会 --branch caizheng-1" in text
    findings = assert_loads(zhibu, project, path)
    assert "ref/record" not in {f["rule"] for f in findings}
    assert "theme-day/steps" in {f["rule"] for f in findings}   # a reminder, not a data error
    assert str(data["steps"][2]["date"]) <= str(data["steps"][3]["date"]) == "2024-08-11"


def test_step_dates_keep_their_order():
    day = dt.date(2024, 6, 14)
    assert propose_step_dates(day, dt.date(2024, 6, 3)) == {
        1: dt.date(2024, 6, 3), 2: dt.date(2024, 6, 5), 3: dt.date(2024, 6, 9), 4: day, 9: day}
    late = propose_step_dates(day, dt.date(2024, 6, 12))   # decided too late for five days' notice
    assert late[1] <= late[2] <= late[3] <= late[4]
    assert propose_step_dates(day, None)[2] == dt.date(2024, 6, 7)


@pytest.fixture
def groups_project(make_project):
    files = base_files()
    files[f"{B}/branch.yaml"] = BRANCH_TWO_GROUPS
    return make_project(files)


def test_whose_roster_by_type(groups_project, zhibu):
    root = groups_project
    committee = front(new(zhibu, root, "支委会", "--branch", "caizheng-1", "--date", "2024-07-03"))[0]
    assert list(committee["attendance"]["present"]) == ["张伟", "李娜", "王强"]

    run = zhibu(root, "new", "党小组会", "--branch", "caizheng-1", "--date", "2024-07-04")
    assert run.code == 2 and "--group" in run.err and "第一党小组" in run.err
    group_path = new(zhibu, root, "党小组会", "--branch", "caizheng-1", "--date", "2024-07-04", "--group", "第二党小组")
    group = front(group_path)[0]
    assert group["group"] == "第二党小组" and group["host"] == "李娜"
    assert list(group["attendance"]["present"]) == ["张伟", "李娜"]
    assert dict(group["attendance"]["absent"]["周敏"]) == {"reason": "年老体弱，送学上门", "leave": "书面", "makeup": None}
    assert_loads(zhibu, root, group_path)

    # The whole roster on that date: 赵磊 left in May, 周敏 is exempt (listed as absent).
    lecture_path = new(zhibu, root, "党课", "--branch", "caizheng-1", "--date", "2024-07-05")
    lecture = front(lecture_path)[0]
    assert lecture["speaker"] == "张伟"
    assert "赵磊" not in lecture["attendance"]["present"] and "赵磊" not in lecture["attendance"]["absent"]
    assert list(lecture["attendance"]["absent"]) == ["周敏"]
    assert_loads(zhibu, root, lecture_path)

    talk = front(new(zhibu, root, "谈心谈话", "--branch", "caizheng-1", "--date", "2024-07-06"))[0]
    assert list(talk["attendance"]["present"]) == []


def test_refuses_to_overwrite(project, zhibu):
    path = new(zhibu, project, "支委会", "--branch", "caizheng-1", "--date", "2024-07-02")
    path.write_text(path.read_text(encoding="utf-8") + "她写的纪实。\n", encoding="utf-8")
    before = path.read_bytes()
    run = zhibu(project, "new", "支委会", "--branch", "caizheng-1", "--date", "2024-07-02")
    assert run.code == 2
    assert "已存在" in run.err and "不会覆盖" in run.err and "Traceback" not in run.err
    assert "请用 --title 或 --slug 换一个名称" in run.err
    assert path.read_bytes() == before
    plan = zhibu(project, "new", "plan", "--branch", "caizheng-1", "--year", "2024")
    assert plan.code == 2 and "已存在" in plan.err
    # A year has one plan: another name is no way out, editing the one there is.
    assert "这类文件只有一份，请直接打开它修改" in plan.err and "--slug" not in plan.err


def test_slug_and_title_options(project, zhibu):
    path = new(zhibu, project, "党课", "--branch", "caizheng-1", "--date", "2024-09-20",
               "--title", "学习“七一”讲话 / 专题党课", "--slug", "qiyi-jianghua")
    assert path.relative_to(project).as_posix() == f"{RECORDS}/2024-09-20-qiyi-jianghua.md"
    assert front(path)[0]["title"] == "学习“七一”讲话 / 专题党课"
    assert_loads(zhibu, project, path)
    unsafe = new(zhibu, project, "党课", "--branch", "caizheng-1", "--date", "2024-09-21", "--title", "a/b: c?")
    assert unsafe.name == "2024-09-21-ab-c.md"


def test_unknown_branch_kind_and_date_are_clear_errors(project, zhibu):
    run = zhibu(project, "new", "主题党日", "--branch", "caizheng1", "--date", "2024-07-15")
    assert run.code == 2 and "caizheng1" in run.err and "是不是“caizheng-1”" in run.err
    run = zhibu(project, "new", "主题党曰", "--branch", "caizheng-1")
    assert run.code == 2 and "不认识" in run.err and "是不是“主题党日”" in run.err
    run = zhibu(project, "new", "minutes")
    assert run.code == 2 and "不认识" in run.err
    run = zhibu(project, "new", "支委会", "--branch", "caizheng-1", "--date", "2024-13-01")
    assert run.code == 2 and "YYYY-MM-DD" in run.err
    run = zhibu(project, "new", "plan", "--branch", "caizheng-1", "--year", "24")
    assert run.code == 2 and "--year" in run.err
    assert "Traceback" not in run.err


def test_only_branch_is_the_default(project, zhibu):
    path = new(zhibu, project, "支委会", "--date", "2024-07-02")
    assert f"{B}/" in path.relative_to(project).as_posix()


def test_announcement_after_today(make_project, zhibu):
    root = make_project(base_files(), today="2024-06-01")
    path = new(zhibu, root, "主题党日", "--branch", "caizheng-1", "--date", "2024-06-20", "--title", "学习党章")
    assert "活动预告" in path.read_text(encoding="utf-8")
    assert_loads(zhibu, root, path)


def test_traditional_project_gets_traditional_comments(make_project, zhibu):
    files = base_files()
    files["zhibu.yaml"] = ("title: 測試\norg: 測試機關工委\nbase_url: https://dangwu.example.org/\n"
                           "language: zh-Hant\nrules: national\ntoday: 2024-12-31\n")
    root = make_project(files)
    path = new(zhibu, root, "主題黨日", "--branch", "caizheng-1", "--date", "2024-07-15", "--title", "重溫入黨誓詞")
    text = path.read_text(encoding="utf-8")
    assert "type: 主題黨日" in text
    assert "# 活動類型" in text and "# 活动类型" not in text
    assert_loads(zhibu, root, path)


def test_printed_path_is_relative_to_the_current_folder(project, zhibu):
    sub = project / "content"
    run = zhibu(sub, "new", "notice", "--date", "2024-07-01", "--title", "关于缴纳党费的通知")
    assert run.code == 0, run.err
    assert run.out.strip() == "notices/2024/2024-07-01-关于缴纳党费的通知.md"
    assert (sub / run.out.strip()).is_file()
