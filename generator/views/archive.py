"""Stage 5, archive: the internal ledger (台账) of every branch and year, for the intranet.

Everything is here — roster, attendance with reasons, speeches, votes,
resolutions, the nine steps, bodies, dues, 党内 notices — so these views read
the model directly. Pages: the archive home, one page per branch (roster),
one ledger per branch and year (plan against what happened, every record,
dues, findings), one page per record (its form), notices, the dashboard and
the rules.

Every word made here rather than written in a content file — page titles, the
nine steps' names, the form's labels, the documents and rules cited — goes
through ``self.say`` (``FindingWords``): on a ``zh-Hant`` site it is shown in
Traditional script; content values never are.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from ..diagnostics import Finding
from ..load.document import read_body
from ..model.eligibility import EligibilityParams
from ..model.entities import Branch, Record, Site
from ..publish.needles import entity_index
from ..model.vocabulary import simplify
from ..render.filters import cn_date
from ..render.routes import Route, root_of
from ..render.templates import ui_words_for
from . import urls
from .public import attendance_counts
from .sources import DOCUMENTS
from .dashboard import FindingWords, Placed, dashboard_routes, finding_view, place, rule_entries

STEP_NAMES = {
    "1": "召开支委会确定活动主题和计划", "2": "报机关党委审定", "3": "通过适当形式公开公示",
    "4": "召集会议", "5": "党员签到", "6": "通报到会情况和活动内容", "7": "组织开展活动",
    "8": "进行主题测评", "9": "总结提升",
}
MEETING_KINDS = ("主题党日", "支委会", "支部党员大会", "党小组会", "党课")
# The fields of a step, in the order the form shows them, with their Chinese labels.
STEP_FIELDS = {
    "date": "日期", "record": "支委会记录", "approved_by": "审定", "channel": "公示渠道", "signed": "签到人数",
    "expected": "应到", "actual": "实到", "items": "活动内容", "respondents": "参评人数", "satisfied": "满意人数",
    "scores": "各项得分", "summary": "总结",
}
# Step ⑧'s four scores in the order of the 测评 form (seed 001 §七); any others follow as written.
SCORE_ORDER = ("主题特色鲜明", "内容充实健康", "方式灵活生动", "效果突出显著")
NOT_FOUND_RECORD = "（未找到这份记录）"


@lru_cache(maxsize=4)
def step_names(language: str | None) -> tuple[tuple[str, str], ...]:
    """The nine steps (number, name) in the site's script."""
    say = ui_words_for(language)
    return tuple((n, say(name)) for n, name in STEP_NAMES.items())


@lru_cache(maxsize=4)
def step_fields(language: str | None) -> dict[str, str]:
    """A step's field → its label on the form, in the site's script."""
    say = ui_words_for(language)
    return {k: say(v) for k, v in STEP_FIELDS.items()}


@lru_cache(maxsize=4)
def documents(language: str | None) -> list[dict]:
    """The documents the rules rest on (``sources.DOCUMENTS``), in the site's script."""
    say = ui_words_for(language)
    return [{k: say(v) for k, v in d.items()} for d in DOCUMENTS]


class Body:
    """A record's Markdown body, read from its file only when a page is rendered.

    Pickles as its path inside the project alone, so page keys do not depend on
    where the project lies; the file's own digest is part of the key anyway.
    """
    __slots__ = ("root", "rel")

    def __init__(self, root: Path, rel: str):
        self.root, self.rel = root, rel

    def __str__(self) -> str:
        return read_body(self.root, self.rel)[0]

    def __reduce__(self):
        return (str, (f"body:{self.rel}",))

    def __repr__(self) -> str:
        return f"Body({self.rel!r})"


class ArchivePages:
    def __init__(self, site: Site, findings: list[Finding], info: dict, today: dt.date, rule_specs: dict,
                 bodies: dict[str, str], root: Path, profile=None):
        self.site, self.info, self.today, self.specs, self.bodies = site, info, today, rule_specs, bodies
        self.root = root
        self.eligibility = EligibilityParams.from_profile(profile)  # the dashboard's 评选资格, as awards/* judge it
        self.by_rel = entity_index(site)
        self.language = info.get("language")
        self.say = FindingWords(site, self.by_rel, self.language)
        self.placed: list[Placed] = [place(f, site, self.by_rel, today) for f in findings]
        self.by_file: dict[str, list[dict]] = {}
        for p in self.placed:
            self.by_file.setdefault(p.finding.file, []).append(finding_view(p, self.say))

    def page(self, url: str, template: str, title: str, section: str, sources=(), **context) -> Route:
        context.update(root=root_of(url), url=url, site=self.info, title=title, section=section, today=self.today)
        return Route(url, template, context, tuple(sources))

    def routes(self) -> list[Route]:
        routes = [self._home(), self._rules(), self._notices(), self._cases()]
        routes += dashboard_routes(self.site, self.placed, self.today, self.page, eligibility=self.eligibility,
                                   say=self.say)
        for branch in sorted(self.site.branches.values(), key=lambda b: b.id):
            routes.append(self._branch(branch))
            for year in self._years(branch.id):
                routes.append(self._ledger(branch, year))
        routes += [self._record(r) for r in self.site.records]
        routes += [self._notice(n) for n in self.site.notices]
        return routes

    def _years(self, branch_id: str) -> list[int]:
        site = self.site
        return sorted({r.year for r in site.branch_records(branch_id)} | {y for b, y in site.plans if b == branch_id}
                      | {y for b, y in site.dues if b == branch_id})

    # --- pages --------------------------------------------------------------
    def _home(self) -> Route:
        branches = [{"id": b.id, "name": b.name, "type": b.type, "url": urls.ledger_branch(b.id),
                     "years": [{"year": y, "url": urls.ledger(b.id, y)} for y in self._years(b.id)],
                     "findings": sum(1 for p in self.placed if p.branch == b.id)}
                    for b in sorted(self.site.branches.values(), key=lambda b: b.id)]
        return self.page(urls.ARCHIVE_HOME, "archive/index.html", self.say.label("内部台账"), "home",
                         branches=branches, records=len(self.site.records), notices=len(self.site.notices),
                         findings=len(self.placed))

    def _rules(self) -> Route:
        used = {p.finding.rule for p in self.placed}
        return self.page(urls.RULES, "archive/rules.html", self.say.label("检查规则及依据"), "rules",
                         rules=rule_entries(self.specs, used, self.say.label), documents=documents(self.language))

    def _notices(self) -> Route:
        items = [self._notice_view(n) for n in sorted(self.site.notices, key=lambda n: (n.published, n.stem), reverse=True)]
        return self.page(urls.ARCHIVE_NOTICES, "archive/notices.html", self.say.label("党务公开（全部，含党内）"), "notices",
                         notices=items)

    def _cases(self) -> Route:
        cases = [dict(c.data, slug=c.slug, year=c.year, body=c.body, rel=c.rel, branch_name=self._branch_name(c.branch),
                      findings=self.by_file.get(c.rel, []))
                 for c in sorted(self.site.cases, key=lambda c: (-c.year, c.rel))]
        return self.page(urls.ARCHIVE_CASES, "archive/cases.html", self.say.label("案例（推荐与入选）"), "cases", cases=cases)

    def _notice_view(self, n) -> dict:
        return dict(n.data, published=n.published, until=n.until, url=urls.archive_notice(n.published.year, n.stem),
                    body=n.body, public=n.public, branch_name=self._branch_name(n.branch))

    def _notice(self, n) -> Route:
        view = self._notice_view(n)
        return self.page(view["url"], "archive/notice.html", n.data.get("title") or n.stem, "notices",
                         notice=view, findings=self.by_file.get(n.rel, []))

    def _branch(self, b: Branch) -> Route:
        groups = [{"name": g.name, "leader": g.leader, "members": list(g.members)} for g in b.groups]
        years = [{"year": y, "url": urls.ledger(b.id, y)} for y in self._years(b.id)]
        return self.page(urls.ledger_branch(b.id), "archive/branch.html", b.name, "branches",
                         branch=dict(b.data, id=b.id), groups=groups, years=years,
                         roster=[_member(m) for m in b.members], findings=self.by_file.get(b.rel, []))

    def _ledger(self, b: Branch, year: int) -> Route:
        records = [r for r in self.site.branch_records(b.id) if r.year == year]
        plan = self.site.plans.get((b.id, year))
        dues = self.site.dues.get((b.id, year))
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        findings = [finding_view(p, self.say) for p in self.placed if p.branch == b.id and p.year == year]
        return self.page(urls.ledger(b.id, year), "archive/ledger.html", f"{b.name} · {self.say.label(f'{year}年台账')}", "branches",
                         branch={"id": b.id, "name": b.name, "url": urls.ledger_branch(b.id)}, year=year,
                         months=[self._month(records, plan, m) for m in range(1, 13)],
                         plan={"filed": plan.filed, "rel": plan.rel} if plan else None,
                         dues=_dues(dues, b, self.today) if dues else None,
                         roster=[_member(m) for m in b.members if m.during(start, end)],
                         findings=sorted(findings, key=lambda f: (f["month"] or 13, f["file"], f["line"], f["rule"])))

    def _month(self, records: list[Record], plan, month: int) -> dict:
        here = [r for r in records if r.date.month == month]
        theme = plan.themes.get(month) if plan else None
        counts = {k: sum(1 for r in here if k in r.kinds) for k in MEETING_KINDS}
        return {"month": month, "planned": theme.get("title") if isinstance(theme, dict) else None,
                "kind": theme.get("kind") if isinstance(theme, dict) else None, "counts": counts,
                "theme_days": [_brief(r) for r in here if "主题党日" in r.kinds],
                "records": [_brief(r) for r in here],
                "findings": sum(len(self.by_file.get(r.rel, [])) for r in here)}

    def _record(self, r: Record) -> Route:
        """Made only when rendered: from the record, its branch's name, the 支委会 record its step ① names,
        its findings and whether it is to come."""
        branch = self.site.branches.get(r.branch)
        committee = self._step1_record(r)
        deps = (r.rel,) + ((branch.rel,) if branch else ()) + ((committee.rel,) if committee else ())
        return Route(urls.record(r.branch, r.year, r.stem), "archive/record.html", None,
                     build=lambda: self._record_page(r).context, deps=deps,
                     extra=(repr(self.by_file.get(r.rel, [])), r.date > self.today))

    def _step1_record(self, r: Record) -> Record | None:
        step1 = (r.data.get("steps") or {}).get("1")
        stem = step1.get("record") if isinstance(step1, dict) else None
        return self.site.record_by_stem.get((r.branch, stem)) if isinstance(stem, str) else None

    def _record_page(self, r: Record) -> Route:
        d = r.data
        steps = d.get("steps") or {}
        view = dict(d, date=r.date, type=r.type, title=r.title, stem=r.stem, rel=r.rel,
                    branch_name=self._branch_name(r.branch), covers=list(r.covers))
        return self.page(urls.record(r.branch, r.year, r.stem), "archive/record.html", r.title, "branches",
                         record=view, body=self.bodies.get(r.rel) or Body(self.root, r.rel),
                         ledger=urls.ledger(r.branch, r.year), branch_url=urls.ledger_branch(r.branch),
                         theme_day=r.type == "主题党日",
                         steps=[{"n": n, "name": name, "data": steps.get(n),
                                 "rows": _step_rows(steps.get(n), self._step1_record(r) if n == "1" else None,
                                                    self.language)}
                                for n, name in step_names(self.language)],
                         counts=attendance_counts(r, self.site.branches.get(r.branch), self.today),
                         attendance=_attendance(d), photos=_photos(d), findings=self.by_file.get(r.rel, []),
                         upcoming=r.date > self.today)

    def _branch_name(self, branch_id) -> str | None:
        b = self.site.branches.get(branch_id) if branch_id else None
        return b.name if b else branch_id


def _brief(r: Record) -> dict:
    return {"title": r.title, "type": r.type, "date": r.date, "url": urls.record(r.branch, r.year, r.stem),
            "start": r.data.get("start"), "place": r.data.get("place")}


def _step_rows(data, linked: Record | None, language: str | None = None) -> list[dict]:
    """A step's fields as form rows ``{"label", "text", "url"}``, in the form's order; unknown keys last.
    The labels (and the note on a 支委会 record not found) in the site's script, the values as written."""
    if not isinstance(data, dict):
        return []
    order = list(STEP_FIELDS)
    keys = sorted(data, key=lambda k: (order.index(k) if k in order else len(order), str(k)))
    return [_step_row(k, data[k], linked, language) for k in keys]


def _step_row(key, value, linked: Record | None, language: str | None = None) -> dict:
    row = {"label": step_fields(language).get(key, str(key)), "text": _text(value), "url": None, "missing": False}
    if key == "date":
        row["text"] = cn_date(value)
    elif key == "record" and linked is not None:
        row.update(text=f"{linked.title}（{cn_date(linked.date)}）", url=urls.record(linked.branch, linked.year, linked.stem))
    elif key == "record":
        row.update(text=f"{value}{ui_words_for(language)(NOT_FOUND_RECORD)}", missing=True)
    elif key == "scores" and isinstance(value, dict):
        row["text"] = "；".join(f"{k} {v}" for k, v in _ordered_scores(value))
    return row


def _ordered_scores(scores: dict) -> list[tuple]:
    def rank(item):
        name = simplify(str(item[0]))
        return SCORE_ORDER.index(name) if name in SCORE_ORDER else len(SCORE_ORDER)
    return sorted(scores.items(), key=rank)  # stable: the others keep their written order


def _text(value) -> str:
    if isinstance(value, dict):
        return "；".join(f"{k} {v}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    return "" if value is None else str(value)


def _member(m) -> dict:
    return {"name": m.name, "status": m.status, "joined": m.joined, "since": m.since, "left": m.left,
            "leader": m.leader, "exempt": m.exempt}


def _attendance(d: dict) -> dict:
    att = d.get("attendance") or {}
    absent = [{"name": name, **(entry if isinstance(entry, dict) else {})}
              for name, entry in (att.get("absent") or {}).items()]
    return {"present": list(att.get("present") or ()), "absent": absent, "observers": list(att.get("observers") or ())}


def _photos(d: dict) -> list[dict]:
    return [{"url": urls.photo(p["src"]), "caption": p.get("caption"), "public": bool(p.get("public"))}
            for p in d.get("photos") or () if isinstance(p, dict) and isinstance(p.get("src"), str)]


def _dues(dues, branch: Branch, today: dt.date) -> dict:
    """The ledger's rows: each month paid, 未交, 不在本支部 (before ``since`` or after ``left``) or 未到期
    (the month that contains ``today`` and later); only 未交 months are counted as unpaid."""
    rows = []
    for name, months in sorted(dues.paid.items()):
        months = (list(months or []) + [None] * 12)[:12]
        member = branch.member(name)
        cells = [_dues_cell(v, member, dues.year, m, today) for m, v in enumerate(months, start=1)]
        rows.append({"name": name, "months": cells,
                     "total": sum(v for v in months if isinstance(v, (int, float))),
                     "unpaid": sum(1 for c in cells if c["state"] == "unpaid")})
    return {"rows": rows, "total": sum(r["total"] for r in rows)}


def _dues_cell(value, member, year: int, month: int, today: dt.date) -> dict:
    if value is not None:
        return {"value": value, "state": "paid"}
    first = dt.date(year, month, 1)
    last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    if member is not None and not member.during(first, last):
        return {"value": None, "state": "away"}
    if last >= today:
        return {"value": None, "state": "due"}
    return {"value": None, "state": "unpaid"}
