"""`content/placeholder`: what `zhibu init` and `zhibu new` write for the secretary to replace is a
warning while it is still there (never an error), at the placeholder itself; once replaced, it is gone."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.scaffold import placeholders as P

RULE = "content/placeholder"
ORG_HINT = "写上级党组织（机关党委、工委）的全称，例如 中共南宁市直属机关工作委员会"
B2 = "content/branches/b2/branch.yaml"
PLAN = "content/branches/shili-1/plans/2025.yaml"
CASE = "content/cases/2024/案例标题.md"
NOTICE = "content/notices/2024/2024-12-20-党务公开事项.md"
CASEBOOK = "content/cases/2024/casebook.yaml"


def placeholders(run) -> list[tuple]:
    assert run.code == 0, run.out + run.err          # warnings only: the check still passes
    return [(f["file"], f["line"], f["column"], f["message"]) for f in run.findings if f["rule"] == RULE]


def check(zhibu, root):
    return zhibu(root, "check", "--format", "json")


def text_at(root: Path, rel: str, line: int, column: int) -> str:
    return (root / rel).read_text(encoding="utf-8").split("\n")[line - 1][column - 1:]


def replace(root: Path, rel: str, *pairs: tuple[str, str]) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, (rel, old)
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def message(label: str, placeholder: str, what: str) -> str:
    space = " " if label[-1].isascii() else ""
    return f"{label}{space}仍是占位内容“{placeholder}”：请改成实际的{what}"


@pytest.fixture
def initialised(tmp_path, zhibu):
    """`zhibu init` without --org: the organisation's name is the placeholder."""
    run = zhibu(tmp_path, "init", "dangwu")
    assert run.code == 0, run.err
    return tmp_path / "dangwu"


def test_fresh_init_warns_at_each_placeholder_and_still_passes(initialised, zhibu):
    root = initialised
    run = check(zhibu, root)
    assert placeholders(run) == [
        ("content/branches/shili-1/branch.yaml", 8, 9, "上级党组织 parent 仍是占位内容“（上级党组织全称）”：请改成实际的名称"),
        ("content/org.yaml", 3, 7, "组织全称 name 仍是占位内容“（上级党组织全称）”：请改成实际的名称"),
        ("zhibu.yaml", 5, 6, "组织名称 org 仍是占位内容“（上级党组织全称）”：请改成实际的名称"),
    ]
    assert [f for f in run.findings if f["rule"] != RULE] == []
    found = {f["file"]: f for f in run.findings}
    assert all(f["severity"] == "warning" for f in run.findings)
    assert found["zhibu.yaml"]["hint"] == "公开网站和内部台账的页脚、案例汇编的封面显示这个名称：" + ORG_HINT
    assert found["content/org.yaml"]["hint"] == "公开网站显示这个名称：" + ORG_HINT
    assert found["content/branches/shili-1/branch.yaml"]["hint"] == \
        "写本支部直接隶属的上级党组织全称，例如 中共南宁市财政局机关委员会"
    for f in run.findings:                                    # the position is the value's, not the key's
        assert text_at(root, f["file"], f["line"], f["column"]).startswith(P.ORG_NAME), f
    # Text output: file:line:column, as editors read it.
    text = zhibu(root, "check")
    assert text.code == 0
    assert "zhibu.yaml:5:6: warning[content/placeholder] 组织名称 org 仍是占位内容“（上级党组织全称）”" in text.out
    # --strict makes the warnings block a commit, like any compliance finding.
    assert zhibu(root, "check", "--strict").code == 1


def test_replaced_values_are_no_longer_reported(initialised, zhibu):
    root = initialised
    org = "中共测试市直属机关工作委员会"
    replace(root, "zhibu.yaml", (f"org: {P.ORG_NAME}", f"org: {org}"))
    replace(root, "content/org.yaml", (f"name: {P.ORG_NAME}", f"name: {org}"),
            (f"# address: {P.ORG_ADDRESS}", "address: 测试市人民路 1 号"))
    replace(root, "content/branches/shili-1/branch.yaml", (f"parent: {P.ORG_NAME}", "parent: 中共测试市财政局机关委员会"))
    run = check(zhibu, root)
    assert run.findings == []


def test_an_example_uncommented_as_is_is_reported(initialised, zhibu):
    root = initialised
    replace(root, "content/org.yaml", (f"# address: {P.ORG_ADDRESS}", f"address: {P.ORG_ADDRESS}"))
    found = [f for f in placeholders(check(zhibu, root)) if f[0] == "content/org.yaml"]
    assert found == [("content/org.yaml", 3, 7, "组织全称 name 仍是占位内容“（上级党组织全称）”：请改成实际的名称"),
                     ("content/org.yaml", 7, 10, "办公地址 address 仍是占位内容“（办公地址）”：请改成实际的地址")]


@pytest.fixture
def with_new_files(initialised, zhibu):
    root = initialised
    for args in (("branch", "--branch", "b2", "--date", "2024-12-01"),
                 ("plan", "--branch", "shili-1", "--year", "2025", "--date", "2024-12-20"),
                 ("case", "--branch", "shili-1", "--year", "2024"),
                 ("notice", "--branch", "shili-1", "--date", "2024-12-20"),
                 ("casebook", "--year", "2024", "--date", "2024-12-20")):
        run = zhibu(root, "new", *args)
        assert run.code == 0, run.err
    return root


def test_new_files_report_every_placeholder_at_its_place(with_new_files, zhibu):
    root = with_new_files
    found = [f for f in placeholders(check(zhibu, root)) if f[0] not in ("zhibu.yaml", "content/org.yaml")
             and f[0] != "content/branches/shili-1/branch.yaml"]
    assert found == [
        (B2, 4, 7, message("支部名称 name", P.BRANCH_NAME, "名称")),
        (B2, 8, 9, message("上级党组织 parent", P.ORG_NAME, "名称")),   # taken from org.yaml, itself a placeholder
        (B2, 10, 12, message("支部书记 secretary", P.SECRETARY, "姓名")),
        (B2, 23, 11, message("党员花名册 members 第 1 人的姓名 name", P.SECRETARY, "姓名")),
        (CASEBOOK, 6, 9, message("编印单位 editor", P.ORG_NAME, "名称")),
        (CASEBOOK, 11, 3, message("前言 preface", P.CASEBOOK_PREFACE, "内容")),
        (CASE, 5, 8, message("案例标题 title", P.CASE_TITLE, "标题")),
        (CASE, 13, 11, message("案例类别 category", P.PLACEHOLDER, "类别")),
        (CASE, 15, 10, message("摘要 summary", P.CASE_SUMMARY, "摘要")),
        (CASE, 24, 1, message("正文“一、背景”部分", P.CASE_PARTS[0][1], "内容")),
        (CASE, 28, 1, message("正文“二、主要做法”部分", P.CASE_PARTS[1][1], "内容")),
        (CASE, 32, 1, message("正文“三、成效”部分", P.CASE_PARTS[2][1], "内容")),
        (CASE, 36, 1, message("正文“四、启示”部分", P.CASE_PARTS[3][1], "内容")),
        (NOTICE, 5, 8, message("标题 title", P.NOTICE_TITLE, "标题")),
        (NOTICE, 22, 1, message("正文", P.NOTICE_BODY, "内容")),
    ]
    for rel, line, column, text in found:
        placeholder = text.split("“")[-1].split("”")[0]
        assert text_at(root, rel, line, column).startswith(placeholder), (rel, line, column)


def test_filled_in_new_files_are_no_longer_reported(with_new_files, zhibu):
    root = with_new_files
    org = "中共测试市直属机关工作委员会"
    replace(root, "zhibu.yaml", (P.ORG_NAME, org))
    replace(root, "content/org.yaml", (P.ORG_NAME, org))
    replace(root, "content/branches/shili-1/branch.yaml", (P.ORG_NAME, org))
    replace(root, B2, (P.BRANCH_NAME, "测试局第二党支部"), (P.ORG_NAME, org), (P.SECRETARY, "赵敏"))
    replace(root, CASE, ("title: 案例标题", "title: 四个一"), ("category: 待定", "category: 主题党日创新"),
            (P.CASE_SUMMARY, "支部以四个一推动主题党日提质增效。"),
            *[(text, "支部的实际做法。") for _, text in P.CASE_PARTS])
    replace(root, NOTICE, ("title: 党务公开事项", "title: 关于发展对象的公示"), (P.NOTICE_BODY, "经支部委员会研究，拟确定发展对象。"))
    replace(root, CASEBOOK, (P.ORG_NAME, org), (P.CASEBOOK_PREFACE, "本书收入 2024 年度的优秀案例。"))
    assert placeholders(check(zhibu, root)) == []


def test_a_body_placeholder_counts_while_the_body_still_holds_it(with_new_files, zhibu):
    root = with_new_files
    # Three of the four parts written: only the fourth is still reported.
    replace(root, CASE, *[(text, "支部的实际做法。") for _, text in P.CASE_PARTS[:3]])
    # Text written before the placeholder, on its line: still there, at its new column.
    replace(root, NOTICE, (P.NOTICE_BODY, "经支部委员会研究，" + P.NOTICE_BODY))
    found = [f for f in placeholders(check(zhibu, root)) if f[0] in (CASE, NOTICE) and "正文" in f[3]]
    assert found == [(CASE, 36, 1, message("正文“四、启示”部分", P.CASE_PARTS[3][1], "内容")),
                     (NOTICE, 22, 10, message("正文", P.NOTICE_BODY, "内容"))]
    replace(root, NOTICE, (P.NOTICE_BODY, "拟确定发展对象。"))
    found = [f for f in placeholders(check(zhibu, root)) if f[0] == NOTICE]
    assert found == [(NOTICE, 5, 8, message("标题 title", P.NOTICE_TITLE, "标题"))]


def test_only_the_exact_placeholders_count(with_new_files, zhibu):
    root = with_new_files
    # A value that merely contains or resembles a placeholder is the secretary's own text.
    replace(root, B2, (P.BRANCH_NAME, "（支部全称）测试局第二党支部"))
    found = placeholders(check(zhibu, root))
    assert not [f for f in found if f[0] == B2 and "支部名称" in f[3]]
    # A plan's 待定 themes are the secretary's months not decided yet: theme-day/plan judges the theme days.
    assert not [f for f in found if f[0] == PLAN]


def test_traditional_project_placeholders_are_found_as_written(make_project, zhibu):
    config = ("title: 測試黨務公開\norg: 中共測試市直屬機關工作委員會\nbase_url: https://dangwu.example.org/\n"
              "language: zh-Hant\nrules: national\ntoday: 2024-12-31\n")
    root = make_project({"zhibu.yaml": config})
    for args in (("branch", "--branch", "b2", "--date", "2024-12-01"),
                 ("case", "--branch", "b2", "--year", "2024", "--slug", "anli")):
        run = zhibu(root, "new", *args)
        assert run.code == 0, run.err
    found = placeholders(check(zhibu, root))
    case = "content/cases/2024/anli.md"
    assert found == [
        (B2, 4, 7, message("支部名称 name", "（支部全稱）", "名称")),
        (B2, 10, 12, message("支部书记 secretary", "書記姓名", "姓名")),
        (B2, 23, 11, message("党员花名册 members 第 1 人的姓名 name", "書記姓名", "姓名")),
        (case, 5, 8, message("案例标题 title", "案例標題", "标题")),
        (case, 13, 11, message("案例类别 category", "待定", "类别")),
        (case, 15, 10, message("摘要 summary", "（一段摘要，用於目錄和網站列表）", "摘要")),
        (case, 24, 1, message("正文“一、背景”部分", "（爲什麼做：工作的背景、面臨的問題和動因。）", "内容")),
        (case, 28, 1, message("正文“二、主要做法”部分", "（怎麼做的：具體措施、步驟和創新之處，可分條寫。）", "内容")),
        (case, 32, 1, message("正文“三、成效”部分", "（做得怎樣：取得的效果，儘量用數字和事例說明。）", "内容")),
        (case, 36, 1, message("正文“四、启示”部分", "（有什麼經驗：可供其他支部借鑑的體會和下一步設想。）", "内容")),
    ]


def test_the_rule_is_on_in_every_profile_and_cites_zhibu():
    from generator.rules.profile import load_profile, packaged_names
    from generator.rules.registry import RULES, load_rule_modules
    from generator.views.sources import cite
    load_rule_modules()
    spec = RULES[RULE]
    assert spec.default_on and spec.title and cite(spec.source) == "zhibu 填写要求"
    for name in packaged_names():
        assert load_profile(name, Path("."), RULES).enabled(RULE, spec), name


def test_the_scaffold_writes_the_shared_placeholders():
    """What the scaffold writes is what the rule looks for: both take the values from one module."""
    from generator.scaffold import documents, init_project, records
    assert init_project.DEFAULT_ORG is P.ORG_NAME
    assert records.BODY == P.RECORD_BODY + "\n"
    assert documents.CASE_PARTS is P.CASE_PARTS


def test_the_dashboard_shows_placeholders_of_files_without_a_year(initialised, zhibu):
    root = initialised
    assert zhibu(root, "build").code == 0
    dashboard = (root / "site/archive/dashboard/index.html").read_text(encoding="utf-8")
    assert dashboard.count("仍是占位内容") == 3
    assert "组织名称 org 仍是占位内容" in dashboard and "组织全称 name 仍是占位内容" in dashboard
    assert "上级党组织 parent 仍是占位内容" in dashboard


def test_a_new_records_body_placeholder_is_reported_until_the_minutes_are_written(initialised, zhibu):
    root = initialised
    run = zhibu(root, "new", "支委会", "--branch", "shili-1", "--date", "2024-12-02")
    assert run.code == 0, run.err
    rel = run.out.strip()
    found = [f for f in placeholders(check(zhibu, root)) if f[0] == rel]
    lines = (root / rel).read_text(encoding="utf-8").split("\n")
    line = lines.index(P.RECORD_BODY) + 1
    assert found == [(rel, line, 1, message("会议纪实（正文）", P.RECORD_BODY, "内容"))]
    replace(root, rel, (P.RECORD_BODY, "会议研究了十二月主题党日的安排。"))
    assert [f for f in placeholders(check(zhibu, root)) if f[0] == rel] == []


def test_the_loader_knows_the_record_placeholder_in_both_scripts():
    import opencc
    traditional = opencc.OpenCC("s2t").convert(P.RECORD_BODY)
    assert P.has_record_placeholder(P.RECORD_BODY) and P.has_record_placeholder("前言\n" + traditional)
    assert not P.has_record_placeholder("会议纪实：研究了主题党日的安排。")
