"""Stage 5, archive: the compliance dashboard — a branch × month matrix per year — and the rules page.

Each finding is placed where it belongs (Clarification 6 of the rule catalogue):
a record's findings in its branch and month; a plan's, branch's or ledger's in
the month its message names ("2024年7月 无支委会") or else in the year column;
notices, cases and awards below the matrix. Every finding links to the page of
its file and to the rule, whose entry cites the document and section it comes from. A
last column says whether each branch may be honoured that year (评选资格), with
the reasons when not — before the organisation decides.

On a ``zh-Hant`` site every word made here (rule titles, the eligibility texts, the
findings' messages and hints) is shown in Traditional script through ``FindingWords``;
the content a message quotes (a name, a title, a file name) stays as written.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from ..diagnostics import ERROR, Finding
from ..model.eligibility import EligibilityParams, judgement_day, year_eligibility
from ..rules.records import pct
from ..model.entities import Branch, Site
from ..render.routes import Route
from ..render.templates import ui_words_around, ui_words_for
from . import urls
from .sources import cite

_YEAR_MONTH = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月")
_YEAR_PERIOD = re.compile(r"(\d{4})\s*年\s*(?:第([一二三四])季度|([上下])半年)")
_QUARTER = {"一": 3, "二": 6, "三": 9, "四": 12}
_YEAR = re.compile(r"(\d{4})\s*年")
DATA_RULES = {
    "yaml": "YAML 语法错误", "yaml/duplicate-key": "重复的键", "encoding": "文件编码不是 UTF-8",
    "schema": "不符合内容格式", "ref/branch": "引用的支部不存在", "ref/member": "姓名不在党员名册中",
    "ref/record": "引用的记录不存在", "ref/media": "照片文件不存在或在 content/ 之外",
    "filename": "文件名或位置与内容不一致", "notice/privacy": "个人信息或内部信息出现在公开网站",
}
BUILD_RULES = {"build/url-collision": "两个页面的网址相同"}


@dataclass(frozen=True, slots=True)
class Placed:
    finding: Finding
    branch: str | None
    year: int | None
    month: int | None      # None: the whole year (or no period)
    link: str | None       # archive URL of the file's page


def place(f: Finding, site: Site, by_rel: dict, today: dt.date) -> Placed:
    entity = by_rel.get(f.file)
    kind = type(entity).__name__
    if kind == "Record":
        return Placed(f, entity.branch, entity.date.year, entity.date.month,
                      urls.record(entity.branch, entity.date.year, entity.stem))
    period = _period(f.message)
    if kind in ("Plan", "Dues"):
        month = period[1] if period and period[0] == entity.year else None
        return Placed(f, entity.branch, entity.year, month, urls.ledger(entity.branch, entity.year))
    if kind == "Branch":
        year = period[0] if period else int(m.group(1)) if (m := _YEAR.search(f.message)) else today.year
        return Placed(f, entity.id, year, period[1] if period else None, urls.ledger_branch(entity.id))
    if kind == "Notice":
        return Placed(f, entity.branch, entity.published.year, None, urls.archive_notice(entity.published.year, entity.stem))
    link = urls.ARCHIVE_CASES if kind == "Case" else None
    return Placed(f, getattr(entity, "branch", None), getattr(entity, "year", None), None, link)


def _period(message: str) -> tuple[int, int] | None:
    """(year, month) named in a message: "2024年7月", or a quarter or half year (its last month)."""
    if m := _YEAR_MONTH.search(message):
        return int(m.group(1)), int(m.group(2))
    if m := _YEAR_PERIOD.search(message):
        return int(m.group(1)), _QUARTER[m.group(2)] if m.group(2) else (6 if m.group(3) == "上" else 12)
    return None


# --- words ----------------------------------------------------------------------
_TITLE = re.compile(r"《[^《》]*》")   # a title a message quotes (only content is quoted so)
_HAN = re.compile(r"[^\x00-\x7f]")


@lru_cache(maxsize=1)
def _fixed_terms() -> frozenset[str]:
    """zhibu's own terms, which content uses as values too (type: 主题党日, leave: 书面 …): a message
    naming one is zhibu speaking, and says it in the site's script."""
    from ..model.vocabulary import RECORD_TYPES, SIX_ITEMS
    from ..validate.registry import load_schemas
    terms = set(RECORD_TYPES) | set(SIX_ITEMS) | set(urls.NOTICE_CATEGORIES)

    def walk(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "enum" and isinstance(v, list):
                    terms.update(x for x in v if isinstance(x, str))
                elif k == "const" and isinstance(v, str):
                    terms.add(v)
                else:
                    walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
    walk(load_schemas(None))
    return frozenset(terms)


def _strings(value, out: set[str]) -> set[str]:
    """Every string inside a content value: its texts and its mapping keys (the names of 缺席, 党费 …)."""
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            out.add(v)
        elif isinstance(v, dict):
            out.update(k for k in v if isinstance(k, str))
            stack.extend(v.values())
        elif isinstance(v, (list, tuple)):
            stack.extend(v)
    return out


class FindingWords:
    """What the archive says about findings, in the site's script.

    ``label(text)``: a word zhibu makes (a rule's title, an eligibility text) — ``ui_words``.
    ``words(text, file)``: a finding's message or hint. Rules write these around the values they quote
    ("缺席的 刘洋 未书面请假", "报送案例 3 篇（《…》）"): on a ``zh-Hant`` site the words are converted and
    the quoted content kept as written — any string of the finding's file or of its branch's file (the
    roster) that is not one of zhibu's fixed terms, the file's path and name, any 《title》.
    On a ``zh-Hans`` site both give back what they are given, and nothing is looked up.
    """

    def __init__(self, site: Site | None = None, by_rel: dict | None = None, language: str | None = "zh-Hans"):
        self.language = language
        self.traditional = language == "zh-Hant"
        self.label = ui_words_for(language)
        self.site, self.by_rel = site, by_rel or {}
        self._said: dict[tuple[str, str], str] = {}
        self._kept: dict[str, tuple[str, ...]] = {}
        self._branches: dict[str, set[str]] = {}

    def words(self, text: str | None, file: str = "") -> str | None:
        if not self.traditional or not text:
            return text
        said = self._said.get((text, file))
        if said is None:
            said = self._said[(text, file)] = ui_words_around(text, self.language, _spans(text, self._quoted(file)))
        return said

    def _quoted(self, file: str) -> tuple[str, ...]:
        """The strings a finding on ``file`` may quote, longest first."""
        kept = self._kept.get(file)
        if kept is None:
            entity = self.by_rel.get(file)
            found = {file, file.rsplit("/", 1)[-1]}
            if entity is not None:
                _strings(getattr(entity, "data", None), found)
                branch_id = entity.id if isinstance(entity, Branch) else getattr(entity, "branch", None)
                branch = self.site.branches.get(branch_id) if self.site is not None and isinstance(branch_id, str) else None
                if branch is not None and branch is not entity:
                    if branch.id not in self._branches:
                        self._branches[branch.id] = _strings(branch.data, {branch.name})
                    found |= self._branches[branch.id]
            fixed = _fixed_terms()
            kept = self._kept[file] = tuple(sorted((s for s in found if len(s) > 1 and s not in fixed and _HAN.search(s)),
                                                   key=len, reverse=True))
        return kept


def _spans(text: str, quoted: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where ``text`` quotes content: each 《title》, then each of ``quoted`` (longest first) not inside one."""
    spans = [m.span() for m in _TITLE.finditer(text)]
    for value in quoted:
        at = text.find(value)
        while at >= 0:
            end = at + len(value)
            if not any(s < end and at < e for s, e in spans):
                spans.append((at, end))
            at = text.find(value, end)
    return spans


def finding_view(p: Placed, say: FindingWords | None = None) -> dict:
    f = p.finding
    title, message, hint = rule_title(f.rule), f.message, f.hint
    if say is not None and say.traditional:
        title, message, hint = say.label(title), say.words(message, f.file), say.words(hint, f.file)
    return {"rule": f.rule, "rule_title": title, "severity": f.severity, "message": message, "hint": hint, "file": f.file,
            "line": f.line, "column": f.column, "link": p.link, "rule_url": urls.RULES + "#" + urls.rule_anchor(f.rule),
            "month": p.month}


def dashboard_routes(site: Site, placed: list[Placed], today: dt.date, page,
                     eligibility: EligibilityParams | None = None, say: FindingWords | None = None) -> list[Route]:
    """``page(url, template, title, section, sources, **context)`` makes a route with the common context;
    ``say`` gives its words in the site's script."""
    params = eligibility or EligibilityParams()
    say = say or FindingWords()
    years = sorted({r.year for r in site.records} | {y for _, y in site.plans} | {p.year for p in placed if p.year}) \
        or [today.year]
    current = today.year if today.year in years else years[-1]
    # A finding of no year (zhibu.yaml, org.yaml, a branch.yaml field) is shown with the current year.
    routes = [_year(site, placed, current, years, today, page, urls.DASHBOARD, params, say, current)]
    routes += [_year(site, placed, y, years, today, page, urls.dashboard(y), params, say, current) for y in years]
    return routes


def _year(site: Site, placed: list[Placed], year: int, years: list[int], today: dt.date, page, url: str,
          params: EligibilityParams, say: FindingWords, current: int) -> Route:
    mine = [p for p in placed if p.year == year or (p.year is None and year == current)]
    rows = []
    judged = year_eligibility(site, year, today, params)
    for branch in sorted(site.branches.values(), key=lambda b: b.id):
        row = _row(site, branch, year, [p for p in mine if p.branch == branch.id], today, say)
        e = judged[branch.id]
        # The eligibility texts are zhibu's words and figures only (no name): converted whole.
        row["eligibility"] = {"eligible": e.eligible, "summary": say.label(e.summary),
                              "reasons": [say.label(r.text) for r in e.reasons], "judged_on": e.judged_on}
        rows.append(row)
    other = [finding_view(p, say) for p in mine if p.branch not in site.branches]
    counts = {"warning": sum(1 for p in mine if p.finding.severity != ERROR),
              "error": sum(1 for p in mine if p.finding.severity == ERROR)}
    return page(url, "archive/dashboard.html", say.label(f"{year}年合规看板"), "dashboard", (),
                year=year, years=[{"year": y, "url": urls.dashboard(y)} for y in years], rows=rows,
                other=other, counts=counts, months=list(range(1, 13)),
                eligibility_note=say.label(_eligibility_note(params, judgement_day(site, year, today))))


def _eligibility_note(params: EligibilityParams, day: dt.date) -> str:
    parts = []
    if params.check_low:
        parts.append(f"本年度测评满意率低于 {pct(params.low_satisfaction)} 的主题党日不足 {params.max_low} 次")
    if params.check_term:
        parts.append(f"截至 {day.isoformat()} 按期换届")
    need = "，且".join(parts) if parts else "（本规则配置未设资格限制）"
    return f"红旗支部，以及模范党员中的支部班子成员，须所在支部具备评选资格：{need}。"


def _row(site: Site, branch, year: int, placed: list[Placed], today: dt.date, say: FindingWords) -> dict:
    records = [r for r in site.branch_records(branch.id) if r.year == year]
    cells = []
    for month in range(1, 13):
        here = [p for p in placed if p.month == month]
        held = sum(1 for r in records if r.date.month == month)
        cells.append(_cell(month, here, held, dt.date(year, month, 1) > today, urls.ledger(branch.id, year), say))
    whole = [p for p in placed if p.month is None]
    return {"id": branch.id, "name": branch.name, "ledger": urls.ledger(branch.id, year), "cells": cells,
            "year_cell": _cell(0, whole, len(records), False, urls.ledger(branch.id, year), say),
            "findings": [finding_view(p, say) for p in sorted(placed, key=lambda p: (p.month or 13, p.finding))]}


def _cell(month: int, here: list[Placed], held: int, future: bool, ledger: str, say: FindingWords) -> dict:
    if any(p.finding.severity == ERROR for p in here):
        state = "error"
    elif here:
        state = "warning"
    elif future:
        state = "future"
    elif held:
        state = "ok"
    else:
        state = "empty"
    rules = [say.label(rule_title(r)) or r for r in sorted({p.finding.rule for p in here})]
    return {"month": month, "state": state, "count": len(here), "held": held, "rules": rules,
            "link": ledger + (f"#m{month}" if month else "#findings")}


def rule_entries(specs: dict, used: set[str], label=ui_words_for(None)) -> list[dict]:
    """Every rule with its title and source clause; data-error rules first. ``label``: ``ui_words_for(language)``."""
    out = [{"id": rid, "anchor": urls.rule_anchor(rid), "title": label(title), "source": label("数据错误（始终检查）"),
            "used": rid in used} for rid, title in DATA_RULES.items() if rid not in specs]
    for rid in sorted(specs):
        spec = specs[rid]
        out.append({"id": rid, "anchor": urls.rule_anchor(rid), "title": label(spec.title) if spec.title else rid,
                    "source": label(cite(spec.source)), "used": rid in used})
    return out


def rule_title(rule_id: str) -> str:
    """The rule's Chinese title, shown beside its stable ID ("" for a build check without one)."""
    if rule_id in DATA_RULES:
        return DATA_RULES[rule_id]
    from ..rules.registry import RULES  # filled once the rule modules are loaded
    spec = RULES.get(rule_id)
    return spec.title if spec is not None and spec.title else BUILD_RULES.get(rule_id, "")
