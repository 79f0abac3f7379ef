"""Skeletons of the other content files: plan, notice, case, dues ledger, branch, casebook.

Each returns a `Skeleton` (where, what, the Markdown body if any) whose every field is
laid out with the schema's Chinese explanation above it. Values that cannot be known
are written as placeholders that still load without a data error (`待定`, the
secretary's name to be replaced …); values that are public by default are kept
private until she decides (a notice is 党内, a case 推荐).
"""
from __future__ import annotations

import datetime as dt

from ruamel.yaml.comments import CommentedMap

from ..diagnostics import UsageError
from ..model.entities import Branch, Site
from .comments import SchemaDocs
from .naming import slugify
from .placeholders import (BRANCH_NAME, CASE_PARTS, CASE_SUMMARY, CASE_TITLE, CASEBOOK_PREFACE,
                           NOTICE_BODY, NOTICE_TITLE, ORG_NAME, PLACEHOLDER, SECRETARY)
from .records import Skeleton
from .writer import inline, inline_map, literal, note

MONTH_NAMES = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")
PUBLICITY_DAYS = 7          # a notice's default 公示期, both ends counted (the rule asks ≥ 5)


def _header(d: CommentedMap, docs: SchemaDocs, *lines: str) -> None:
    d.yaml_set_start_comment("\n".join(docs.script(line) for line in lines))


def plan_skeleton(branch: Branch, year: int, filed: dt.date, docs: SchemaDocs) -> Skeleton:
    d = CommentedMap()
    d["year"] = year
    d["filed"] = filed
    themes = CommentedMap()
    for month in range(1, 13):
        themes[month] = inline_map(title=PLACEHOLDER, kind="自选")
    d["themes"] = themes
    _header(d, docs, f"{branch.name} {year} 年主题党日计划。# 后面是说明，可以保留，也可以删去。",
            "把每月的“待定”改为当月主题；写好后运行 zhibu check。")
    note(d, "year", docs.field("plan", "year"))
    note(d, "filed", docs.field("plan", "filed"))
    note(d, "themes", docs.field("plan", "themes") + "\n" + docs.field("plan", "themes", "1", "kind")
         + docs.script("\n每月还可加 note: 补充说明。"))
    for month in range(1, 13):
        note(themes, month, docs.title("plan", "themes", str(month)) or docs.script(f"{MONTH_NAMES[month - 1]}月主题"), indent=2)
    return Skeleton(f"content/branches/{branch.id}/plans/{year}.yaml", d)


def notice_skeleton(branch: Branch | None, day: dt.date, title: str | None, slug: str | None,
                    docs: SchemaDocs, contact: str | None = None) -> Skeleton:
    title = (title or "").strip() or docs.script(NOTICE_TITLE)
    name = slugify(slug or title, fallback="公示")
    d = CommentedMap()
    d["title"] = title
    if branch is not None:
        d["branch"] = branch.id
    d["category"] = "其他"
    d["stage"] = "决议结果公开"
    d["scope"] = "党内"
    d["published"] = day
    d["until"] = day + dt.timedelta(days=PUBLICITY_DAYS - 1)
    _header(d, docs, "党务公开事项。# 后面是说明，可以保留，也可以删去。",
            "scope 为 党内 时只在内部台账中显示；改为 党外 后，连同正文在公开网站上发布。")
    for key in d:
        text = docs.field("notice", key)
        if key == "until":
            text += docs.script(f"\n已按公示期 {PUBLICITY_DAYS} 天（含首尾两天）预填；不是公示的事项写 null。")
        note(d, key, text)
    if branch is None:
        note(d, "category", docs.field("notice", "branch") + "\nbranch: caizheng-1\n" + docs.field("notice", "category"))
    trailer = None
    if contact:
        d["contact"] = contact
        note(d, "contact", docs.field("notice", "contact"))
    else:
        trailer = "\n".join([docs.field("notice", "contact"), docs.script("contact: 机关党委办公室 0771-5550000")])
    body = docs.script(NOTICE_BODY + "\n")
    return Skeleton(f"content/notices/{day.year}/{day.isoformat()}-{name}.md", d, body, trailer)


def case_skeleton(branch: Branch, year: int, title: str | None, slug: str | None, docs: SchemaDocs) -> Skeleton:
    title = (title or "").strip() or docs.script(CASE_TITLE)
    name = slugify(slug or title, fallback="案例")
    d = CommentedMap()
    d["title"] = title
    d["branch"] = branch.id
    d["year"] = year
    d["status"] = "推荐"
    d["category"] = PLACEHOLDER
    d["summary"] = docs.script(CASE_SUMMARY)
    d["keywords"] = inline()
    d["photos"] = inline()
    _header(d, docs, f"{branch.name} {year} 年案例。# 后面是说明，可以保留，也可以删去。",
            "正文分背景、做法、成效、启示四部分，标题已写好；入选汇编后（status: 入选）案例会公开。")
    for key in d:
        extra = "\n" + docs.script("写法：photos: [{src: media/2024/case-1.jpg, caption: 活动现场}]") if key == "photos" else ""
        note(d, key, docs.field("case", key) + extra)
    body = "\n".join(f"## {heading}\n\n{placeholder}\n" for heading, placeholder in CASE_PARTS)
    return Skeleton(f"content/cases/{year}/{name}.md", d, docs.script(body))


def dues_skeleton(branch: Branch, year: int, docs: SchemaDocs) -> Skeleton:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    d = CommentedMap()
    d["year"] = year
    paid = CommentedMap()
    for member in branch.members:
        if member.during(first, last):
            paid[member.name] = inline([None] * 12)
    if not paid:
        paid.fa.set_flow_style()
    d["paid"] = paid
    _header(d, docs, f"{branch.name} {year} 年党费收缴台账（内部，不公开）。# 后面是说明，可以保留，也可以删去。",
            f"已列出 {year} 年在本支部的全体党员；每缴一个月，把对应位置的 null 改为金额（元）。")
    note(d, "year", docs.field("dues", "year"))
    note(d, "paid", docs.field("dues", "paid"))
    return Skeleton(f"content/branches/{branch.id}/dues/{year}.yaml", d)


def branch_skeleton(branch_id: str, name: str | None, day: dt.date, parent: str | None, docs: SchemaDocs) -> Skeleton:
    secretary = docs.script(SECRETARY)
    d = CommentedMap()
    d["name"] = (name or "").strip() or docs.script(BRANCH_NAME)
    d["type"] = "机关"
    d["parent"] = parent or docs.script(ORG_NAME)
    d["secretary"] = secretary
    d["elected"] = day
    member = CommentedMap()
    member["name"] = secretary
    member["status"] = "正式"
    member["joined"] = day
    member["since"] = None
    member["left"] = None
    member["leader"] = False
    member["exempt"] = None
    d["members"] = [member]
    _header(d, docs, "党支部基本情况和党员花名册。# 后面是说明，可以保留，也可以删去。",
            "花名册只在内部使用，不会公开。把“书记姓名”换成真实姓名，再按同样格式逐人添加党员。")
    for key in ("name", "type", "parent", "secretary"):
        note(d, key, docs.field("branch", key))
    note(d, "elected", "\n".join([
        docs.field("branch", "committee"), "committee: [张伟, 李娜, 王强]",
        docs.field("branch", "elected")]))
    note(d, "members", "\n".join([
        docs.field("branch", "fixed_day"), "fixed_day: 15",
        docs.field("branch", "groups"),
        "groups:", "  - {name: 第一党小组, leader: 王强, members: [王强, 陈静, 刘洋]}",
        docs.field("branch", "members"),
        # The first key of a list item cannot carry a comment above it without breaking "- name:".
        docs.field("branch", "members", "0", "name")]))
    for key in list(member)[1:]:
        note(member, key, docs.field("branch", "members", "0", key), indent=4)
    return Skeleton(f"content/branches/{branch_id}/branch.yaml", d)


def casebook_skeleton(site: Site, year: int, day: dt.date, editor: str, docs: SchemaDocs) -> Skeleton:
    d = CommentedMap()
    d["title"] = docs.script(f"{year}年度优秀案例汇编")
    d["editor"] = editor
    d["date"] = day
    d["preface"] = literal(docs.script(CASEBOOK_PREFACE))
    _header(d, docs, f"{year} 年优秀案例汇编的设置。# 后面是说明，可以保留，也可以删去。",
            f"汇编收入 content/cases/{year}/ 中 status 为 入选 的案例；zhibu build 或 zhibu casebook {year} 生成 PDF。")
    for key in list(d):
        note(d, key, docs.field("casebook", key))
    slugs = [c.slug for c in sorted(site.cases, key=lambda c: c.slug) if c.year == year]
    order = "order: [" + ", ".join(slugs) + "]" if slugs else "order: [slug-a, slug-b]"
    trailer = "\n".join([docs.field("casebook", "order"), order])
    return Skeleton(f"content/cases/{year}/casebook.yaml", d, trailer=trailer)


def require_branch_id(branch_id: str) -> str:
    import re
    if not re.fullmatch(r"[a-z0-9-]+", branch_id or ""):
        raise UsageError(f"支部代号“{branch_id}”不符合要求：只能用小写英文字母、数字和连字符（-），例如 caizheng-1")
    return branch_id
