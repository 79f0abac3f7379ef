"""Data errors found while loading: unknown fields and keys, YAML syntax, encodings, files that are not read.

Each case runs `zhibu check` twice, the second time from the document cache
(.zhibu-cache/), and expects the same findings both times.
"""
from __future__ import annotations

import pytest
import yaml

from samples import B, RECORDS, THEME_DAY, base_files

TD = f"{RECORDS}/2024-06-14-重温入党誓词.md"
NOTICE_REL = "content/notices/2024/2024-06-01-党费公示.md"
NOTICE = """\
---
title: 关于党费收缴情况的公示
category: 党费收缴
scope: 党外
stag: 办理结果公开
published: 2024-06-01
branch: caizheng-1
untill: 2024-06-07
contakt: 市财政局机关党委
---
正文。
"""
PLAN = """\
year: 2024
filed: 2024-01-10
themes:
  5: {title: 学习党章, kind: 必选}
  6: {title: 重温入党誓词 争做优秀党员, kind: 必选}
"""
UTF16_MESSAGE = "文件是 UTF-16 编码（记事本中的“Unicode”），不是 UTF-8"


def rows(run, rule_prefix=""):
    """(rule, file, line, column, message, hint) of the errors."""
    return [(f["rule"], f["file"], f["line"], f["column"], f["message"], f["hint"])
            for f in run.findings if f["severity"] == "error" and f["rule"].startswith(rule_prefix)]


def check(make_project, zhibu, extra: dict, *, today: str = "2024-06-30"):
    """Run check without and then with the document cache; both runs must agree."""
    root = make_project(base_files() | extra, today=today)
    first = zhibu(root, "check", "--format", "json")
    assert first.code in (0, 1), first.err
    assert (root / ".zhibu-cache").is_dir()
    second = zhibu(root, "check", "--format", "json")
    assert second.findings == first.findings
    assert "Traceback" not in first.err + second.err
    return first


def with_theme_day(text: str) -> dict:
    return {TD: text}


# 1. Every unknown field is its own finding, at its own key.

@pytest.mark.parametrize("full_parser", [False, True], ids=["fast-yaml", "full-yaml"])
def test_each_unknown_field_at_its_own_key(make_project, zhibu, full_parser):
    notice = NOTICE.replace("title: 关于", "title: &t 关于") if full_parser else NOTICE  # an anchor needs libyaml
    run = check(make_project, zhibu, {NOTICE_REL: notice})
    assert rows(run) == [
        ("schema", NOTICE_REL, 5, 1, "未知字段“stag”", "是否应为“stage”（公开环节）？"),
        ("schema", NOTICE_REL, 8, 1, "未知字段“untill”", "是否应为“until”（公示截止日期）？"),
        ("schema", NOTICE_REL, 9, 1, "未知字段“contakt”", "是否应为“contact”（联系方式）？"),
    ]


def test_unknown_fields_in_a_nested_mapping(make_project, zhibu):
    text = THEME_DAY.replace("  observers: []", "  observers: []\n  late: [王强]\n  excused: []")
    run = check(make_project, zhibu, with_theme_day(text))
    assert [r[:5] for r in rows(run)] == [
        ("schema", TD, 16, 3, "未知字段“late”"),
        ("schema", TD, 17, 3, "未知字段“excused”"),
    ]


# 2. One cause, one finding: a misspelt required field is only an unknown field.

def test_misspelt_required_field_is_one_finding(make_project, zhibu):
    run = check(make_project, zhibu, with_theme_day(THEME_DAY.replace("recorder:", "recoder:")))
    assert rows(run) == [("schema", TD, 9, 1, "未知字段“recoder”", "是否应为“recorder”（记录人）？")]


def test_missing_field_and_unrelated_unknown_field_are_two(make_project, zhibu):
    text = THEME_DAY.replace("host: 张伟\n", "").replace("place: 党员活动室", "place: 党员活动室\nroom: 101")
    run = check(make_project, zhibu, with_theme_day(text))
    assert [r[:5] for r in rows(run)] == [
        ("schema", TD, 2, 1, "缺少必填字段“host”（主持人）"),
        ("schema", TD, 8, 1, "未知字段“room”"),
    ]


# 3. A key a mapping does not allow is reported at that key, as a key.

def test_step_key_out_of_range(make_project, zhibu):
    run = check(make_project, zhibu, with_theme_day(THEME_DAY.replace("  9: {date", "  10: {date")))
    assert rows(run) == [("schema", TD, 30, 3, "键“10”不是允许的步骤编号：步骤的键只能是 1 到 9（也可写 ① 到 ⑨）", None)]


def test_plan_month_out_of_range(make_project, zhibu):
    plan = PLAN + "  13: {title: 总结, kind: 自选}\n"
    run = check(make_project, zhibu, {f"{B}/plans/2024.yaml": plan})
    assert rows(run) == [("schema", f"{B}/plans/2024.yaml", 6, 3,
                          "键“13”不是允许的月份：各月主题的键只能是月份 1 到 12", None)]


def test_plan_month_with_leading_zero(make_project, zhibu):
    plan = PLAN.replace("  5: {title", "  05: {title")
    run = check(make_project, zhibu, {f"{B}/plans/2024.yaml": plan})
    assert rows(run) == [("schema", f"{B}/plans/2024.yaml", 4, 3,
                          "键“05”不是允许的月份：各月主题的键只能是月份 1 到 12", "请写作 5")]


# 4. YAML syntax errors in Chinese, at their position.

CASEBOOK = "content/cases/2024/casebook.yaml"
ORG = "content/org.yaml"


@pytest.mark.parametrize("rel, text, expected", [
    (TD, THEME_DAY.replace("  observers: []", " observers: []"),
     (15, 2, "缩进不一致或不是“名称: 值”：这一行应与同一层的字段对齐",
      "检查这一行的缩进空格数（这一层从第 2 行开始）；列表项“- ”应写在字段下方并统一缩进")),
    (CASEBOOK, "title: [\neditor: 中共测试市直属机关工作委员会\n",
     (3, 1, "方括号列表 [ ] 未闭合：第 1 行的“[”缺少对应的“]”", "在列表末尾补上“]”，并检查各项之间的逗号")),
    (CASEBOOK, "editor: 中共测试市直属机关工作委员会\ntitle: [\n",
     (3, 1, "方括号或花括号中缺少内容：列表 [ ] 或映射 { } 未写完", "补上内容和结束的“]”或“}”；以“[”“{”开头的文字请用引号括起来")),
    (ORG, "name: ]测试\n",
     (1, 7, "这里缺少值，或值以不能开头的符号（如 ]、}、,）开始", "以“]”“}”“,”等符号开头的文字请用引号括起来")),
    (ORG, "members:\n  - 张伟\n  leader: 张伟\n",
     (3, 3, "列表项缩进不一致：这一行应以“- ”开头，并与上方的列表项对齐",
      "检查这一行的缩进空格数（列表从第 2 行开始）；新的字段应与列表所属的字段对齐")),
    (ORG, "name: 测试\nfull name\nshort: 测\n",
     (3, 1, "缺少冒号：每个字段应写成“名称: 值”", "检查第 2 行是否漏写了冒号，或一段文字被拆成了多行")),
    (ORG, "name: 测试: 机关\n",
     (1, 9, "此处不能出现“: ”（冒号加空格）", "值中含有冒号时，请用引号把整个值括起来；也可能是这一行的缩进多了")),
    (ORG, "name: @测试\n",
     (1, 7, "这里有不能开始一个值的字符", "常见原因：用了制表符（Tab）缩进，或值以 @、` 等符号开头时没有加引号")),
    (ORG, "name: *x\n", (1, 7, "引用了未定义的锚点（*别名）", "以“*”开头的文字请用引号括起来")),
    (ORG, "name: *测试\n", (1, 8, "“*”表示引用锚点，其后应为由英文字母、数字组成的锚点名称", "以“*”开头的文字请用引号括起来")),
    (ORG, "name: 测\x01试\n", (1, 8, "文件中有不可见的控制字符（U+0001），YAML 不允许", "删除这个字符；它常来自从其他软件复制粘贴的文字")),
    (ORG, "name: 测试\n---\nname: 二\n", (2, 1, "文件中出现了第二个“---”，只允许一个 YAML 文档", None)),
], ids=["expected-key", "unclosed-bracket", "flow-node-content", "node-content", "dash-indicator", "simple-key",
        "mapping-values", "cannot-start-token", "undefined-alias", "alias-name", "control-character", "second-document"])
def test_yaml_syntax_messages(make_project, zhibu, rel, text, expected):
    run = check(make_project, zhibu, {rel: text})
    assert rows(run) == [("yaml", rel) + expected]


def test_unknown_libyaml_problem_keeps_its_text_after_a_chinese_lead():
    from generator.load.yamlerrors import syntax_problem
    mark = yaml.Mark("<text>", 0, 2, 4, None, None)
    exc = yaml.MarkedYAMLError("while doing something", mark, "found a brand-new problem", mark)
    problem = syntax_problem(exc, 1)
    assert (problem.rule, problem.line, problem.column) == ("yaml", 4, 5)
    assert problem.message == "YAML 语法错误（无法识别的写法）：found a brand-new problem"


def test_known_libyaml_problems_are_all_chinese():
    from generator.load import yamldoc
    texts = ["a:\n  b: 1\n c: 2\n", "a: [\n", "a: {b: 1\nc: 2\n", "a: \"x\n", "a: 'x\n---\n'\n", "a: \"\\q\"\n",
             "a: &\n", "a: !x!y z\n", "a: |0\n x\n", "%FOO\n---\na: 1\n", "%YAML 2.0\n---\na: 1\n", "a: 1\n...\nx\n",
             "a: \"\\x4\"\n", "- a\nb: 1\n", "a: ]\n"]
    for text in texts:
        problems = yamldoc.parse(text).problems
        assert len(problems) == 1, text
        assert "YAML 语法错误" not in problems[0].message, (text, problems[0].message)
        assert not any(word in problems[0].message for word in ("expected", "found", "while")), text


# 5. UTF-16 files (Windows Notepad's "Unicode").

@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be-bom", "utf-16-le", "utf-16-be"])
def test_utf16_file(make_project, zhibu, codec):
    bom = codec == "utf-16-be-bom"
    raw = ("\ufeff" + THEME_DAY).encode("utf-16-be") if bom else THEME_DAY.encode(codec)
    run = check(make_project, zhibu, {TD: raw})
    assert rows(run) == [("encoding", TD, 1, 1, UTF16_MESSAGE,
                          "请以 UTF-8 重新保存（记事本：另存为 → 编码选“UTF-8”；VS Code：点击右下角的编码 → 通过编码保存 → UTF-8）")]


def test_utf16_yaml_file(make_project, zhibu):
    run = check(make_project, zhibu, {ORG: "name: 中共测试市直属机关工作委员会\n".encode("utf-16")})
    assert [r[:5] for r in rows(run)] == [("encoding", ORG, 1, 1, UTF16_MESSAGE)]


def test_binary_file_is_still_binary(make_project, zhibu):
    rel = f"{RECORDS}/2024-06-20-照片.md"
    run = check(make_project, zhibu, {rel: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"})
    assert [r[:5] for r in rows(run)] == [("encoding", rel, 1, 1, "这是二进制文件，不是文本文件")]


# 6. Files under content/ that are not read are reported, not silently lost. (A file where one is expected,
#    with the extension in other letters — branch.yml, 2024.YAML, x.MD — is read: tests/test_one_cause.py.)

NOT_CONTENT_HINT = "图片和附件请放在 content/media/ 下并按路径引用；其他文件请移出 content/"


@pytest.mark.parametrize("rel, message, hint", [
    ("content/x.markdown", "扩展名应为 .md：x.markdown，文件未被读取", "把文件改名为 x.md"),
    ("content/random.txt",
     "文件“content/random.txt”未被读取：content/ 中只读取 .md 和 .yaml 文件（见内容格式说明中的目录约定）", NOT_CONTENT_HINT),
    (f"{RECORDS}/2024-06-20-会议记录.docx",
     f"文件“{RECORDS}/2024-06-20-会议记录.docx”未被读取：活动记录应以 .md 结尾：<YYYY-MM-DD>-<标题>.md", NOT_CONTENT_HINT),
    (f"{B}/plans/2024.txt", f"文件“{B}/plans/2024.txt”未被读取：年度计划应以 .yaml 结尾：<年>.yaml", NOT_CONTENT_HINT),
    ("content/notices/2024/公示.pdf",
     "文件“content/notices/2024/公示.pdf”未被读取：党务公开事项应以 .md 结尾：<年>/<YYYY-MM-DD>-<标题>.md", NOT_CONTENT_HINT),
    (f"{B}/README",
     f"文件“{B}/README”未被读取：支部目录中只读取 branch.yaml 以及 records/、plans/、dues/ 下的文件", NOT_CONTENT_HINT),
], ids=["markdown", "txt", "docx-record", "txt-plan", "pdf-notice", "no-extension"])
def test_file_that_is_not_read(make_project, zhibu, rel, message, hint):
    run = check(make_project, zhibu, {rel: "x: 1\n"})
    assert rows(run) == [("filename", rel, 1, 1, message, hint)]


def test_hidden_system_and_media_files_are_not_findings(make_project, zhibu):
    quiet = {
        "content/.gitkeep": "",
        f"{RECORDS}/.DS_Store": b"\x00\x00\x00\x01Bud1",
        f"{RECORDS}/Thumbs.db": b"\xd0\xcf\x11\xe0",
        "content/notices/desktop.ini": "[.ShellClassInfo]\n",
        "content/.obsidian/app.json": "{}",
        "content/media/2024/0614-1.jpg": b"\xff\xd8\xff",
        "content/media/2024/说明.txt": "照片说明",
        f"{RECORDS}/2024-06-14-重温入党誓词.md~": "---\n",
        "content/notices/~$会议通知.docx": b"\x00",
    }
    run = check(make_project, zhibu, quiet)
    assert rows(run) == []


def test_a_time_that_is_no_time_of_day_is_not_offered_as_the_example(make_project, zhibu):
    from generator.validate.messages import time_hint
    assert time_hint("25:00") == '时间请写作带引号的 "HH:MM"（00:00 至 23:59），“25:00”不是一天中的时刻'
    assert time_hint("8:30") == '时间请写作带引号的 "HH:MM"，例如 "08:30"'
