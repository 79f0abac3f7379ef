"""Helpers for compliance-rule tests: vary the sample branch and records, run `check`, keep one rule's findings."""
from __future__ import annotations

from samples import B, BRANCH, COMMITTEE, RECORDS, THEME_DAY, base_files

TD = f"{RECORDS}/2024-06-14-重温入党誓词.md"
CM = f"{RECORDS}/2024-06-03-研究六月主题党日安排.md"
BY = f"{B}/branch.yaml"

# A profile file in the project that switches on rules that are off by default.
PROFILE = """\
name: test
extends: national
rules:
{rules}
"""


def replaced(text: str, *pairs: tuple[str, str]) -> str:
    """`text` with each (old, new) replaced; every old must be there, so a test never silently tests nothing."""
    for old, new in pairs:
        assert old in text, f"not in sample: {old!r}"
        text = text.replace(old, new)
    return text


def theme_day(*pairs: tuple[str, str]) -> dict[str, str]:
    """The sample files with the theme day changed."""
    files = base_files()
    files[TD] = replaced(THEME_DAY, *pairs)
    return files


def month_files(month: int, *pairs: tuple[str, str], year: int = 2024, day: int = 14) -> dict[str, str]:
    """The sample committee meeting and theme day moved to another month, the theme day (with steps ④ and ⑨)
    to `day` of it; the other steps keep their days of the month."""
    mm = f"{year}-{month:02d}-"
    td = replaced(THEME_DAY, *pairs).replace("2024-06-14", f"2024-06-{day:02d}").replace("2024-06-", mm)
    cm = COMMITTEE.replace("2024-06-", mm)
    folder = f"{B}/records/{year}"
    return {f"{folder}/{mm}03-研究六月主题党日安排.md": cm, f"{folder}/{mm}{day:02d}-重温入党誓词.md": td}


def check(make_project, zhibu, files: dict[str, str], rule: str, *, today: str = "2024-06-30",
          rules: str = "national", allow_errors: bool = False, extra: tuple = ()) -> list[tuple]:
    """Run `zhibu check --format json` and return (file, line, column, message) of `rule`'s findings."""
    root = make_project(files, today=today, rules=rules)
    run = zhibu(root, "check", "--format", "json", *extra)
    assert run.code in (0, 1), run.err
    if not allow_errors:
        assert [f for f in run.findings if f["severity"] == "error"] == []
    check.last = run
    return [(f["file"], f["line"], f["column"], f["message"]) for f in run.findings if f["rule"] == rule]


def hints(run, rule: str) -> list:
    return [f["hint"] for f in run.findings if f["rule"] == rule]


def big_branch(n: int, *, exempt: int = 0, committee: bool = True) -> str:
    """A branch of n members 党员01…党员NN; the last `exempt` ones are exempt (年老体弱)."""
    lines = ["name: 测试局机关第二党支部", "type: 机关", "parent: 中共测试局机关委员会", "secretary: 党员01"]
    if committee:
        lines += ["committee: [党员01, 党员02, 党员03]", "elected: 2023-05-10"]
    lines.append("members:")
    for i in range(1, n + 1):
        extra = ", exempt: 年老体弱" if i > n - exempt else ""
        lines.append(f"  - {{name: 党员{i:02d}, status: 正式, joined: 2000-07-01{extra}}}")
    return "\n".join(lines) + "\n"


def big_theme_day(n: int, present: int, *, exempt: int = 0) -> str:
    """The sample theme day for big_branch(n): the first `present` members came, the rest are absent."""
    names = [f"党员{i:02d}" for i in range(1, n + 1)]
    came, away = names[:present], names[present:]
    absent = "".join(f"\n    {name}: {{reason: 出差, leave: 书面, makeup: 2024-06-20}}" for name in away) or " {}"
    return replaced(
        THEME_DAY,
        ("host: 张伟", "host: 党员01"), ("recorder: 李娜", "recorder: 党员02"),
        ("present: [张伟, 李娜, 王强, 陈静]", f"present: [{', '.join(came)}]"),
        ("  absent:\n    刘洋: {reason: 出差, leave: 书面, makeup: 2024-06-20}", f"  absent:{absent}"),
        ("{speaker: 王强,", "{speaker: 党员03,"),
        ("5: {signed: 4}", f"5: {{signed: {present}}}"),
        ("6: {expected: 5, actual: 4}", f"6: {{expected: {n}, actual: {present}}}"),
    )


def big_files(n: int, present: int, *, exempt: int = 0) -> dict[str, str]:
    committee = replaced(COMMITTEE, ("host: 张伟", "host: 党员01"), ("recorder: 李娜", "recorder: 党员02"),
                         ("present: [张伟, 李娜, 王强]", "present: [党员01, 党员02, 党员03]"),
                         ("{speaker: 张伟,", "{speaker: 党员01,"), ("owner: 李娜", "owner: 党员02"))
    return {BY: big_branch(n, exempt=exempt), CM: committee, TD: big_theme_day(n, present, exempt=exempt)}


__all__ = ["B", "BRANCH", "BY", "CM", "COMMITTEE", "PROFILE", "RECORDS", "TD", "THEME_DAY", "base_files",
           "big_files", "check", "hints", "month_files", "replaced", "theme_day"]
