"""`content/placeholder`: a placeholder `zhibu init` or `zhibu new` wrote is still there.

The scaffold writes placeholders where only the secretary knows the answer
(`org: （上级党组织全称）`, a case's `待定` category, its four `（为什么做：…）`
paragraphs …); left in, they reach the public site's footer and pages. Each one
still there is a warning (never an error: a fresh `zhibu init` project checks clean
of errors), at the placeholder itself.

Only the exact values of scaffold/placeholders.py are looked for, and only in the
fields the scaffold fills with them, plus the bodies of notices and cases, and of the
records whose body still holds the placeholder (the only record bodies the loader keeps). Values are compared in Simplified script: a zh-Hant project's
`zhibu new` writes them in Traditional. zhibu.yaml is read again for its `org`
(the Site does not carry the configuration; the file is small, and the check's
result cache already depends on its content).
"""
from __future__ import annotations

import bisect

from ..diagnostics import warning
from ..load import yamldoc
from ..load.discover import Source
from ..load.document import read_text
from ..model.vocabulary import simplify
from ..project import CONFIG
from ..scaffold import placeholders as P
from .registry import RuleContext, rule

# Where a placeholder may sit, per kind of file: field → (its label in messages, what to write instead, hint).
ORG_HINT = "写上级党组织（机关党委、工委）的全称，例如 中共南宁市直属机关工作委员会"
CONFIG_FIELDS = {
    "org": ("组织名称 org", "名称", "公开网站和内部台账的页脚、案例汇编的封面显示这个名称：" + ORG_HINT),
}
ORG_FIELDS = {
    "name": ("组织全称 name", "名称", "公开网站显示这个名称：" + ORG_HINT),
    "address": ("办公地址 address", "地址", "公开网站显示这个地址；不公开办公地址时删去这一行"),
}
BRANCH_FIELDS = {
    "name": ("支部名称 name", "名称", "公开网站的支部页显示这个名称：写党支部全称，例如 市财政局机关第一党支部"),
    "parent": ("上级党组织 parent", "名称", "写本支部直接隶属的上级党组织全称，例如 中共南宁市财政局机关委员会"),
    "secretary": ("支部书记 secretary", "姓名", "secretary 和花名册 members 中的“书记姓名”改成同一个真实姓名"),
}
SECRETARY_HINT = BRANCH_FIELDS["secretary"][2]
CASE_FIELDS = {
    "title": ("案例标题 title", "标题", "案例入选汇编后，标题在汇编目录和公开网站上显示"),
    "category": ("案例类别 category", "类别", "写案例归入的类别，例如 主题党日创新：汇编按类别编排"),
    "summary": ("摘要 summary", "摘要", "写一段摘要：案例入选汇编后，摘要在汇编目录和公开网站上显示"),
}
NOTICE_FIELDS = {
    "title": ("标题 title", "标题", "写公开事项的标题，例如 关于刘洋同志拟转为中共正式党员的公示"),
}
CASEBOOK_FIELDS = {
    "editor": ("编印单位 editor", "名称", "汇编封面署名的编印单位：" + ORG_HINT),
    "preface": ("前言 preface", "内容", "写汇编的前言；不要前言时删去 preface"),
}
RECORD_BODY_HINT = "写会议纪实：讨论的情况、形成的意见和决定（只在内部台账中显示）"
NOTICE_BODY_HINT = "写公示的正文：公开范围（scope）为党外时，正文在公开网站上发布"
CASE_BODY_HINT = "在这个小标题下写这一部分的实际内容：案例入选汇编后正文会公开"
CASE_PARTS = {text: f"正文“{heading}”部分" for heading, text in P.CASE_PARTS}

# Which placeholder each field is written with.
FIELD_PLACEHOLDER = {
    ("config", "org"): P.ORG_NAME,
    ("org", "name"): P.ORG_NAME, ("org", "address"): P.ORG_ADDRESS,
    ("branch", "name"): P.BRANCH_NAME, ("branch", "parent"): P.ORG_NAME, ("branch", "secretary"): P.SECRETARY,
    ("case", "title"): P.CASE_TITLE, ("case", "category"): P.PLACEHOLDER, ("case", "summary"): P.CASE_SUMMARY,
    ("notice", "title"): P.NOTICE_TITLE,
    ("casebook", "editor"): P.ORG_NAME, ("casebook", "preface"): P.CASEBOOK_PREFACE,
}


@rule("content/placeholder", title="新建文件中的占位内容（如“（上级党组织全称）”“待定”）已改成实际内容",
      source="zhibu")
def placeholder(ctx: RuleContext) -> None:
    found = _Found(ctx)
    site = ctx.site
    config = _config(ctx)
    if config is not None:
        found.fields(CONFIG, "config", config, CONFIG_FIELDS)
    if isinstance(site.org, dict) and site.org_rel:
        found.fields(site.org_rel, "org", site.org, ORG_FIELDS)
    for branch in sorted(site.branches.values(), key=lambda b: b.id):
        found.fields(branch.rel, "branch", branch.data, BRANCH_FIELDS)
        members = branch.data.get("members")
        for i, member in enumerate(members if isinstance(members, list) else ()):
            name = member.get("name") if isinstance(member, dict) else None
            if _is(name, P.SECRETARY):
                found.value(branch.rel, ("members", i, "name"), name,
                            f"党员花名册 members 第 {i + 1} 人的姓名 name", "姓名", SECRETARY_HINT)
    # A plan's 待定 themes are left to `theme-day/plan` (a theme day whose title does not match its
    # month's theme): "待定" is also what a secretary writes herself for months not decided yet.
    for case in sorted(site.cases, key=lambda c: c.rel):
        found.fields(case.rel, "case", case.data, CASE_FIELDS)
        found.body(case.rel, case.body, case.body_line, CASE_PARTS, CASE_BODY_HINT)
    for record in site.records:
        if record.body:  # kept by the loader only while it holds the placeholder
            found.body(record.rel, record.body, record.body_line, {P.RECORD_BODY: "会议纪实（正文）"}, RECORD_BODY_HINT)
    for notice in sorted(site.notices, key=lambda n: n.rel):
        found.fields(notice.rel, "notice", notice.data, NOTICE_FIELDS)
        found.body(notice.rel, notice.body, notice.body_line, {P.NOTICE_BODY: "正文"}, NOTICE_BODY_HINT)
    for year in sorted(site.casebooks):
        casebook = site.casebooks[year]
        found.fields(casebook.rel, "casebook", casebook.data, CASEBOOK_FIELDS)


def _is(value, placeholder: str) -> bool:
    """Whether `value` is exactly `placeholder`, in either script (surrounding spaces aside)."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    # OpenCC keeps these placeholders' length: most values are ruled out without converting them.
    return len(text) == len(placeholder) and (text == placeholder or simplify(text) == placeholder)


def _occurrences(text: str, placeholders: tuple[str, ...]):
    """(offset, the text as written, placeholder) of each placeholder in `text`, in either script.

    Each placeholder looked for in a text is one parenthesis （…） (none inside): only the pieces of
    its length from a （ to a ） are converted and compared, so an ordinary text costs a few finds.
    """
    if not text or "（" not in text:
        return
    at = text.find("（")
    while at >= 0:
        for placeholder in placeholders:
            piece = text[at:at + len(placeholder)]
            if piece[-1:] == "）" and (piece == placeholder or simplify(piece) == placeholder):
                yield at, piece, placeholder
                break
        at = text.find("（", at + 1)


def _line_column(text: str, offset: int) -> tuple[int, int]:
    """0-based line and column of `offset` in `text`."""
    return text.count("\n", 0, offset), offset - (text.rfind("\n", 0, offset) + 1)


def _shown(text: str) -> str:
    return text.strip().replace("\n", " ")


class _Found:
    """Emits the findings, each at the placeholder itself (the file is read again only when one is found)."""

    def __init__(self, ctx: RuleContext):
        self.ctx = ctx
        self.texts: dict[str, tuple[str, list[int]]] = {}

    def fields(self, rel: str, kind: str, data: dict, fields: dict) -> None:
        for key, (label, what, hint) in fields.items():
            value = data.get(key)
            placeholder = FIELD_PLACEHOLDER[(kind, key)]
            if _is(value, placeholder):
                self.value(rel, (key,), value, label, what, hint)
            elif key == "preface" and isinstance(value, str):
                # A Markdown text like a body: the placeholder counts while the text still holds it.
                for _, written, _ in _occurrences(value, (placeholder,)):
                    self.value(rel, (key,), written, label, what, hint)

    def value(self, rel: str, path: tuple, written: str, label: str, what: str, hint: str) -> None:
        self._emit(rel, self._value_pos(rel, path, written.strip()), label, written, what, hint)

    def body(self, rel: str, body: str, body_line: int, labels: dict[str, str], hint: str) -> None:
        """`labels`: placeholder → how the message names the part of the body it stands for."""
        for offset, written, placeholder in _occurrences(body, tuple(labels)):
            line, column = _line_column(body, offset)
            self._emit(rel, (body_line + line, column + 1), labels[placeholder], written, "内容", hint)

    def _emit(self, rel: str, pos: tuple[int, int], label: str, written: str, what: str, hint: str) -> None:
        ctx = self.ctx
        space = " " if label[-1].isascii() else ""  # "上级党组织 parent 仍是…", "正文仍是…"
        ctx.findings.append(warning(ctx.rule_id, rel, pos,
                                    f"{label}{space}仍是占位内容“{_shown(written)}”：请改成实际的{what}", hint))

    def _value_pos(self, rel: str, path: tuple, written: str) -> tuple[int, int]:
        """Where the placeholder is: a field's position is its key's, and the value follows the key
        (on the same line, or on the next ones for a `|` block)."""
        line, column = self.ctx.locator.pos(rel, path)
        text, starts = self._text(rel)
        if line > len(starts):
            return line, column
        at = text.find(written, starts[line - 1] + column - 1)
        if at < 0:
            return line, column
        n = bisect.bisect_right(starts, at) - 1
        return n + 1, at - starts[n] + 1

    def _text(self, rel: str) -> tuple[str, list[int]]:
        """The file's text and the offset each line starts at."""
        if rel not in self.texts:
            text = read_text(self.ctx.locator.root, Source(rel, ""))[0] or ""
            starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
            self.texts[rel] = text, starts
        return self.texts[rel]


def _config(ctx: RuleContext) -> dict | None:
    """zhibu.yaml's values, or None when there is none beside the content (a rule run outside a project)."""
    text, problem, _, _ = read_text(ctx.locator.root, Source(CONFIG, ""))
    if text is None or problem is not None:
        return None
    data = yamldoc.parse(text, positions=False).data
    return data if isinstance(data, dict) else None
