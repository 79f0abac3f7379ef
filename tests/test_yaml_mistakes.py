"""YAML mistakes of typing with a Chinese input method, tabs pasted into block scalars, and extreme nesting.

Secretaries type in VS Code with a Chinese input method on: a full-width colon "：", a colon without the
space after it, full-width spaces "　" for indentation. libyaml reports such a line on the line after it, in
its own terms ("缺少冒号" where the colon is there); zhibu names the mistake at its own line and column.
A tab after the indentation of a block scalar's first line (pasting from Word) is valid YAML. A list nested
50,000 deep crashed libyaml's composer; it is a `yaml` finding at the first level too deep.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import generator
from conftest import write_project
from generator.load import yamldoc
from samples import B, BRANCH, RECORDS, THEME_DAY, base_files

TD = f"{RECORDS}/2024-06-14-重温入党誓词.md"
BRANCH_REL = f"{B}/branch.yaml"

COLON_HINT = "输入字段名和冒号时请切换到英文标点（微软拼音、搜狗输入法：按 Ctrl+. 切换中英文标点），写作“名称: 值”"
SPACE_HINT = "删除全角空格，改用英文半角空格（输入法按 Shift+空格 切换全角/半角）"
TAB_MESSAGE = "不能用制表符（Tab）缩进，请改用空格"
DEPTH_MESSAGE = "YAML 嵌套层数过多：列表或映射套了 64 层以上"
DEPTH_HINT = "检查这一处是否多写了“[”或“{”，或缩进一行比一行深；若用了锚点 & 与别名 *，检查别名是否引用了它自身所在的内容"


def rows(run):
    """(rule, file, line, column, message, hint) of the errors."""
    return [(f["rule"], f["file"], f["line"], f["column"], f["message"], f["hint"])
            for f in run.findings if f["severity"] == "error"]


def check(make_project, zhibu, changed: dict[str, str]):
    """Run check twice (the second time from the document cache); both runs must agree."""
    files = base_files()
    files.update({rel: text.encode("utf-8") for rel, text in changed.items()})  # bytes: written as they are
    root = make_project(files, today="2024-06-30")
    first = zhibu(root, "check", "--format", "json")
    assert first.code in (0, 1), first.err
    second = zhibu(root, "check", "--format", "json")
    assert second.findings == first.findings
    assert "Traceback" not in first.err + second.err
    return first


def theme_day(old: str, new: str) -> dict[str, str]:
    assert old in THEME_DAY
    return {TD: THEME_DAY.replace(old, new, 1)}


def branch(old: str, new: str) -> dict[str, str]:
    assert old in BRANCH
    return {BRANCH_REL: BRANCH.replace(old, new, 1)}


# 1. Full-width colon, missing space, full-width spaces: at the mistake, named in plain Chinese.

@pytest.mark.parametrize("files, expected", [
    (theme_day("place: 党员活动室", "place：党员活动室"),
     (TD, 7, 6, "第 7 行的冒号是中文全角冒号“：”，应改为英文半角冒号加空格“: ”", COLON_HINT)),
    (theme_day("place: 党员活动室", "place： 党员活动室"),
     (TD, 7, 6, "第 7 行的冒号是中文全角冒号“：”，应改为英文半角冒号加空格“: ”", COLON_HINT)),
    (theme_day("type: 主题党日", "type：主题党日"),
     (TD, 2, 5, "第 2 行的冒号是中文全角冒号“：”，应改为英文半角冒号加空格“: ”", COLON_HINT)),
    (theme_day("reported: 2024-06-15", "reported：2024-06-15"),
     (TD, 20, 9, "第 20 行的冒号是中文全角冒号“：”，应改为英文半角冒号加空格“: ”", COLON_HINT)),
    (theme_day("attendance:", "attendance："),
     (TD, 11, 11, "第 11 行的冒号是中文全角冒号“：”，应改为英文半角冒号“:”", COLON_HINT)),
    (theme_day("  absent:\n    刘洋:", "  absent：\n    刘洋:"),
     (TD, 13, 9, "第 13 行的冒号是中文全角冒号“：”，应改为英文半角冒号“:”", COLON_HINT)),
    (branch("secretary: 张伟", "secretary：张伟"),
     (BRANCH_REL, 4, 10, "第 4 行的冒号是中文全角冒号“：”，应改为英文半角冒号加空格“: ”", COLON_HINT)),
    (theme_day("place: 党员活动室", "place:党员活动室"),
     (TD, 7, 7, "第 7 行“place:”的冒号后面要有一个空格",
      "写作“place: 值”；冒号后面没有空格时，YAML 把整行当作一段文字，而不是“名称: 值”")),
    (theme_day("start: \"08:30\"", "start:\"08:30\""),
     (TD, 5, 7, "第 5 行“start:”的冒号后面要有一个空格",
      "写作“start: 值”；冒号后面没有空格时，YAML 把整行当作一段文字，而不是“名称: 值”")),
    (theme_day("place: 党员活动室", "place:　党员活动室"),
     (TD, 7, 7, "第 7 行冒号后面是全角空格“　”，应为英文半角空格", SPACE_HINT)),
    (theme_day("  present:", "　　present:"),
     (TD, 12, 1, "第 12 行的缩进用了全角空格“　”，YAML 只认英文半角空格", SPACE_HINT + "，并与同一层的字段对齐")),
    (theme_day("  absent:", "　absent:"),  # one full-width space typed for two columns
     (TD, 13, 1, "第 13 行的缩进用了全角空格“　”，YAML 只认英文半角空格", SPACE_HINT + "，并与同一层的字段对齐")),
    (branch("  - {name: 李娜", "　- {name: 李娜"),
     (BRANCH_REL, 13, 1, "第 13 行的缩进用了全角空格“　”，YAML 只认英文半角空格", SPACE_HINT + "，并与同一层的字段对齐")),
    (theme_day("summary: 支部组织党员重温入党誓词。", "summary: |\n  第一段。\n　　第二段。"),  # a paragraph's indent
     (TD, 12, 1, "第 12 行的缩进用了全角空格“　”，YAML 只认英文半角空格", SPACE_HINT + "，并与同一层的字段对齐")),
    (theme_day("  - {speaker: 王强", "  -{speaker: 王强"),
     (TD, 17, 4, "第 17 行列表项的“-”后面要有一个空格", "列表项写作“- 内容”")),
], ids=["fw-colon", "fw-colon-space", "fw-colon-first-field", "fw-colon-last-field", "fw-colon-nested-block",
        "fw-colon-nested-key", "fw-colon-yaml-file", "no-space", "no-space-quoted", "fw-space-after-colon",
        "fw-indent", "fw-indent-one-for-two", "fw-indent-list", "fw-indent-paragraph", "dash-no-space"])
def test_input_method_mistakes_are_named_where_they_are(make_project, zhibu, files, expected):
    run = check(make_project, zhibu, files)
    assert rows(run) == [("yaml",) + expected]


def test_full_width_colons_in_values_and_text_are_not_blamed(make_project, zhibu):
    """A "：" or "key:value" in a value or a block of text is fine; an error elsewhere keeps its own message."""
    text = THEME_DAY.replace("summary: 支部组织党员重温入党誓词。",
                             "summary: |\n  会议议程：重温入党誓词\n  place:党员活动室\n  　　支部书记讲话。")
    text = text.replace("  observers: []", " observers: []")  # the real mistake: one space short
    run = check(make_project, zhibu, {TD: text})
    assert rows(run) == [("yaml", TD, 18, 2, "缩进不一致或不是“名称: 值”：这一行应与同一层的字段对齐",
                          "检查这一行的缩进空格数（这一层从第 2 行开始）；列表项“- ”应写在字段下方并统一缩进")]


def test_a_missing_colon_is_still_a_missing_colon(make_project, zhibu):
    run = check(make_project, zhibu, theme_day("host: 张伟", "host 张伟"))
    assert rows(run) == [("yaml", TD, 9, 1, "缺少冒号：每个字段应写成“名称: 值”",
                          "检查第 8 行是否漏写了冒号，或一段文字被拆成了多行")]


def test_good_values_with_full_width_colons_load(make_project, zhibu):
    run = check(make_project, zhibu, theme_day("place: 党员活动室", "place: 党员活动室：三楼"))
    assert rows(run) == []


# 2. A tab after the indentation inside a block scalar is text; a tab as indentation is still an error.

def test_tab_after_the_indentation_of_a_block_scalar_is_text(make_project, zhibu):
    summary = "summary: |\n  \t支部组织党员重温入党誓词。\n  \t会议议程：重温入党誓词。"
    run = check(make_project, zhibu, theme_day("summary: 支部组织党员重温入党誓词。", summary))
    assert rows(run) == []
    parsed = yamldoc.parse(THEME_DAY.split("---\n")[1].replace("summary: 支部组织党员重温入党誓词。", summary))
    assert parsed.problems == []
    assert parsed.data["summary"] == "\t支部组织党员重温入党誓词。\n\t会议议程：重温入党誓词。\n"
    assert parsed.positions[("summary",)] == (9, 1)


@pytest.mark.parametrize("text, value", [
    ("a:\n  b: >-\n    \t一\n    二\n  c: 1\n", {"a": {"b": "\t一\n二", "c": 1}}),  # more indented: not folded
    ("- |\n\n  \t一\n- &x |\n   \t二\n- *x\n", ["\n\t一\n", "\t二\n", "\t二\n"]),
    ("s: |\n  \t一\nt: |\n  \t二\n", {"s": "\t一\n", "t": "\t二\n"}),
    ("- - k: |+ # 注\n      \t一\n      二\n\n", [[{"k": "\t一\n二\n\n"}]]),
    ("a:\n  |-\n   \t一\n", {"a": "\t一"}),
], ids=["folded-nested", "list-anchor-blank-line", "two-scalars", "compact-keep-comment", "header-own-line"])
def test_block_scalar_tabs_read_as_yaml_reads_them(text, value):
    parsed = yamldoc.parse(text)
    assert parsed.problems == []
    assert parsed.data == value


@pytest.mark.parametrize("text, position", [
    ("summary: |\n\t支部组织党员重温入党誓词。\nplace: 党员活动室\n", (2, 1)),
    ("s: |\n  一\n \t二\nt: 1\n", (3, 2)),
    ("s: |\n  \t一\nt: |\n\t二\nu: 1\n", (4, 1)),
    ("s: |2-\n \t一\n", (2, 2)),
], ids=["no-spaces", "less-indented-line", "second-scalar", "indentation-given"])
def test_tab_indentation_of_a_block_scalar_is_still_an_error(text, position):
    problems = yamldoc.parse(text).problems
    assert [(p.rule, p.line, p.column, p.message) for p in problems] == [("yaml", *position, TAB_MESSAGE)]


def test_tab_indentation_in_a_record(make_project, zhibu):
    run = check(make_project, zhibu, theme_day("summary: 支部组织党员重温入党誓词。", "summary: |\n\t支部组织党员重温入党誓词。"))
    assert [r[:5] for r in rows(run)] == [("yaml", TD, 11, 1, TAB_MESSAGE)]


# 3. Extreme nesting: a finding at the first level too deep, never a crash.

def test_fifty_thousand_brackets_are_a_finding_not_a_crash(tmp_path):
    root = tmp_path / "proj"
    files = base_files()
    files[BRANCH_REL] = (BRANCH + "deep: " + "[" * 50_000 + "]" * 50_000 + "\n").encode()
    write_project(root, files, today="2024-06-30")
    env = dict(os.environ, PYTHONPATH=str(Path(generator.__file__).resolve().parent.parent), PYTHONIOENCODING="utf-8")
    done = subprocess.run([sys.executable, "-m", "generator", "check", "--format", "json"], cwd=root, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 1, (done.returncode, done.stderr[-2000:])
    found = [(f["rule"], f["file"], f["line"], f["column"], f["message"], f["hint"])
             for f in json.loads(done.stdout)["findings"] if f["severity"] == "error"]
    # The 64th "[" opens the 65th level (the mapping is the first): column 6 + 65.
    assert found == [("yaml", BRANCH_REL, 17, 71, DEPTH_MESSAGE, DEPTH_HINT)]


@pytest.mark.parametrize("text, position", [
    ("deep: " + "[" * 100 + "]" * 100 + "\n", (1, 71)),          # few brackets: the walk finds it
    ("deep: " + "[" * 3_000 + "]" * 3_000 + "\n", (1, 71)),      # many: found before composing, at the same place
    ("deep: " + "{a: " * 2_000 + "1" + "}" * 2_000 + "\n", (1, 263)),
    ("- " * 3_000 + "x\n", (1, 131)),
    ("".join(" " * i + "a:\n" for i in range(300)) + " " * 300 + "b: 1\n", (66, 66)),
], ids=["walked", "flow-list", "flow-mapping", "compact-list", "indentation"])
def test_deep_nesting_is_reported_at_the_first_level_too_deep(text, position):
    problems = yamldoc.parse(text, line_offset=1).problems
    line, column = position
    assert [(p.rule, p.line, p.column, p.message) for p in problems] == [("yaml", line + 1, column, DEPTH_MESSAGE)]


def test_many_brackets_nested_shallowly_load():
    text = "members:\n" + "".join(f"  - {{name: 党员{i}, tags: [a, [b]]}}\n" for i in range(1_000))
    parsed = yamldoc.parse(text)
    assert parsed.problems == [] and len(parsed.data["members"]) == 1_000


# 4. Whatever is typed, the loader gives findings with positions, never an exception.

@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=st.text(alphabet=st.sampled_from(list("ab:：　 -\t\n|>#[]{}'\"主")), max_size=80))
def test_typing_mistakes_never_raise(text):
    for positions in (True, False):
        parsed = yamldoc.parse(text, line_offset=1, positions=positions)
        for p in parsed.problems:
            assert p.line >= 2 and p.column >= 1 and p.message
