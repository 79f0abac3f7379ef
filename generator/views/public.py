"""Stage 5, public: the `x-public` projection — the only way content reaches public templates.

Takes the Site and the (packaged ⊕ project) schemas; returns a PublicSite made
of plain dicts that hold only the fields a schema marks ``"x-public": true``
at the top level of its kind, plus a few named derived values (counts, rates,
URLs). What is published at all follows content-format.md "What is public":
every record and branch (their public fields), notices with ``scope: 党外``,
cases with ``status: 入选``, record photos with ``public: true``, and the honour roll
(表扬名单) of an awards file once its ``decided`` is on or before today and it names someone.

Every view keeps the file it came from in ``PublicSite.sources`` (keyed by its
URL), never in the view itself: the privacy scan uses it to know which
internal values a page could have leaked.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..model.entities import Awards, Branch, Case, Notice, Record, Site
from ..model.roster import is_exempt
from ..render.routes import segment
from ..render.templates import ui_words
from . import urls

PUBLISHED_SCOPE = "党外"
SELECTED = "入选"
THEME_DAY = "主题党日"


def public_fields(schemas: dict[str, dict]) -> dict[str, tuple[str, ...]]:
    """Kind → the top-level property names its schema marks x-public, in schema order."""
    out = {}
    for name, schema in schemas.items():
        kind = name.removesuffix(".schema.json")
        props = schema.get("properties") or {}
        out[kind] = tuple(k for k, v in props.items() if isinstance(v, dict) and v.get("x-public") is True)
    return out


@dataclass(slots=True)
class PublicSite:
    info: dict                                  # site title, organisation, base URL, language
    today: dt.date
    branches: list[dict] = field(default_factory=list)
    activities: list[dict] = field(default_factory=list)    # newest first
    notices: list[dict] = field(default_factory=list)       # 党外 only, newest first
    cases: list[dict] = field(default_factory=list)         # 入选 only
    casebooks: dict[int, dict] = field(default_factory=dict)
    themes: dict[tuple[str, int], dict[int, dict]] = field(default_factory=dict)
    honours: list[dict] = field(default_factory=list)       # decided honour rolls, newest first
    sources: dict[str, str] = field(default_factory=dict)   # view URL → content file

    def source(self, view: dict) -> str:
        return self.sources[view["url"]]


def pick(data: dict, fields: tuple[str, ...]) -> dict:
    """Exactly the public fields: every one present (None when the file has none), nothing else."""
    return {k: data.get(k) for k in fields}


def project_public(site: Site, config: dict, today: dt.date, fields: dict[str, tuple[str, ...]]) -> PublicSite:
    pub = PublicSite(_info(site, config, fields), today)
    names = {bid: b.name for bid, b in site.branches.items()}
    for branch in sorted(site.branches.values(), key=lambda b: b.id):
        pub.branches.append(_keep(pub, _branch(branch, site, today, fields["branch"]), branch.rel))
    for record in sorted(site.records, key=lambda r: (r.date, r.branch, r.stem), reverse=True):
        view = _activity(record, site.branches.get(record.branch), names, today, fields["record"])
        pub.activities.append(_keep(pub, view, record.rel))
    for notice in sorted(site.notices, key=lambda n: (n.published, n.stem), reverse=True):
        if notice.public:
            pub.notices.append(_keep(pub, _notice(notice, names, today, fields["notice"]), notice.rel))
    for case in sorted(site.cases, key=lambda c: (c.year, c.slug)):
        if case.data.get("status") == SELECTED:
            pub.cases.append(_keep(pub, _case(case, names, fields["case"]), case.rel))
    for year, book in sorted(site.casebooks.items()):
        pub.casebooks[year] = _keep(pub, dict(pick(book.data, fields["casebook"]), year=year,
                                              url=urls.casebook(year)), book.rel)
    for year, awards in sorted(site.awards.items(), reverse=True):
        view = _honours(awards, site, names, today, fields.get("awards", ()))
        if view is not None:
            pub.honours.append(_keep(pub, view, awards.rel))
    for b in pub.branches:
        b["red_flags"] = [{"year": h["year"], "url": h["url"]} for h in reversed(pub.honours)
                          if any(r["id"] == b["id"] for r in h["red_flag"])]
    for (bid, year), plan in sorted(site.plans.items()):
        if "themes" in fields["plan"]:
            pub.themes[(bid, year)] = {m: {"title": t.get("title"), "kind": t.get("kind")}
                                       for m, t in sorted(plan.themes.items()) if isinstance(t, dict)}
    return pub


def _keep(pub: PublicSite, view: dict, rel: str) -> dict:
    pub.sources[view["url"]] = rel
    return view


def _info(site: Site, config: dict, fields) -> dict:
    org = pick(site.org or {}, fields.get("org", ()))
    language = config.get("language") or "zh-Hans"
    return {
        "title": config.get("title") or ui_words("党务公开", language),  # zhibu's title when zhibu.yaml has none
        "org": config.get("org") or org.get("name") or "",
        "base_url": str(config.get("base_url") or ""),
        "language": language,
        "org_info": org,
    }


def _branch(branch: Branch, site: Site, today: dt.date, fields) -> dict:
    years = sorted({r.year for r in site.branch_records(branch.id)} | {y for b, y in site.plans if b == branch.id})
    return dict(pick(branch.data, fields), id=branch.id, url=urls.branch(branch.id),
                members=len(branch.roster_on(today)), years=years,
                members_by_year={y: members_in(branch, y, today) for y in years})


def members_in(branch: Branch, year: int, today: dt.date) -> int:
    """The number of members on the last day of ``year``, or on ``today`` while the year runs."""
    return len(branch.roster_on(min(dt.date(year, 12, 31), today)))


def _activity(record: Record, branch: Branch | None, names: dict, today: dt.date, fields) -> dict:
    view = pick(record.data, fields)
    view.update(date=record.date, branch=record.branch, branch_name=names.get(record.branch, record.branch),
                stem=record.stem, year=record.year, url=urls.activity(record.branch, record.year, record.stem),
                branch_url=urls.branch(record.branch), upcoming=record.date > today,
                theme_day=THEME_DAY in record.kinds)
    if not view["upcoming"]:
        # The time is public as part of an announcement (活动预告, the iCalendar feed); once the activity
        # has taken place the public record is type, title, date, place and summary (content-format.md).
        view.pop("start", None)
        view.pop("end", None)
    if "photos" in view:
        view["photos"] = _photos(record.data.get("photos"), default_public=False)
    view.update(attendance_counts(record, branch, today))
    return view


def attendance_counts(record: Record, branch: Branch | None, today: dt.date) -> dict:
    """The public figures derived from attendance: 应到, 实到, 到会率, 满意率 — never the names.

    应到 is everyone listed; exempt members (Clarification 3) stay in it but are left out of
    到会率 on both sides, as ``theme-day/attendance`` judges it; ``exempt`` says how many.
    """
    counts = {"expected": None, "present": None, "exempt": 0, "rate": None, "satisfaction": None}
    if record.date > today:
        return counts
    att = record.data.get("attendance") or {}
    present = [n for n in att.get("present") or () if isinstance(n, str)]
    listed = present + [n for n in att.get("absent") or {} if isinstance(n, str)]
    names = exempt_names(branch)
    exempt = {n for n in listed if n in names} if names else set()
    expected = len(listed)
    counts.update(expected=expected or None, present=len(present) if expected else None, exempt=len(exempt))
    if expected - len(exempt) > 0:
        came = sum(1 for n in present if n not in exempt)
        counts["rate"] = round(came / (expected - len(exempt)), 4)
    counts["satisfaction"] = satisfaction(record)
    return counts


_EXEMPT: dict[int, tuple[Branch, frozenset[str]]] = {}  # id(branch) → (branch, its exempt names): asked per record


def exempt_names(branch: Branch | None) -> frozenset[str]:
    """The names of the branch's exempt members (年老体弱 …)."""
    if branch is None:
        return frozenset()
    known = _EXEMPT.get(id(branch))
    if known is None or known[0] is not branch:
        known = _EXEMPT[id(branch)] = (branch, frozenset(m.name for m in branch.members if is_exempt(m)))
    return known[1]


def satisfaction(record: Record) -> float | None:
    """Step ⑧: satisfied ÷ respondents, when both are usable."""
    step8 = (record.data.get("steps") or {}).get("8")
    if isinstance(step8, dict) and isinstance(step8.get("respondents"), int) and step8["respondents"] > 0 \
            and isinstance(step8.get("satisfied"), int):
        return round(step8["satisfied"] / step8["respondents"], 4)
    return None


def _honours(awards: Awards, site: Site, names: dict, today: dt.date, fields) -> dict | None:
    """The honour roll: the 红旗支部 by name, the 模范党员 with their branch, the best theme days by title.
    Only once decided, and only from the fields the schema marks public."""
    if awards.decided is None or awards.decided > today:
        return None
    data = pick(awards.data, fields)
    red = [{"id": bid, "name": names[bid], "url": urls.branch(bid)}
           for bid in data.get("red_flag_branches") or () if bid in names]
    models = [{"name": e["name"], "branch": e["branch"], "branch_name": names[e["branch"]],
               "branch_url": urls.branch(e["branch"])}
              for e in data.get("model_members") or ()
              if isinstance(e, dict) and e.get("branch") in names and isinstance(e.get("name"), str)]
    best = []
    for ref in data.get("best_theme_days") or ():
        bid, _, stem = str(ref).partition("/")
        record = site.record_by_stem.get((bid, stem))
        if record is not None:
            best.append({"title": record.title, "date": record.date, "branch_name": names.get(bid, bid),
                         "branch_url": urls.branch(bid), "url": urls.activity(bid, record.year, record.stem)})
    if not (red or models or best):
        return None  # nobody honoured (a file just made by `zhibu new awards`): nothing to announce
    return {"year": awards.year, "decided": awards.decided, "url": urls.honours(awards.year),
            "red_flag": red, "models": models, "best": best}


def _photos(photos, *, default_public: bool) -> list[dict]:
    out = []
    for photo in photos or ():
        if not isinstance(photo, dict) or not isinstance(photo.get("src"), str):
            continue
        if photo.get("public", default_public) is not True:
            continue
        caption = photo.get("caption")
        out.append({"src": photo["src"], "url": urls.photo(photo["src"]), "caption": caption})
    return out


def _notice(notice: Notice, names: dict, today: dt.date, fields) -> dict:
    view = pick(notice.data, fields)
    year = notice.published.year
    active = notice.until is not None and notice.published <= today <= notice.until
    view.update(published=notice.published, until=notice.until, stem=notice.stem, year=year,
                url=urls.notice(year, notice.stem), body=notice.body,
                branch_name=names.get(notice.branch) if notice.branch else None,
                branch_url=urls.branch(notice.branch) if notice.branch in names else None,
                category_url=urls.notice_category(str(notice.data.get("category"))),
                active=active, days_left=(notice.until - today).days if active else None)
    return view


def _case(case: Case, names: dict, fields) -> dict:
    view = pick(case.data, fields)
    anchor = "case-" + segment(case.slug)
    view.update(slug=case.slug, anchor=anchor, year=case.year, body=case.body,
                url=urls.casebook(case.year) + "#" + anchor,
                branch_name=names.get(case.branch) if case.branch else None)
    if "photos" in view:
        view["photos"] = _photos(case.data.get("photos"), default_public=True)
    return view
