"""Stage 5, public: the pages of the public site as routes (URL, template, context, sources).

Every context is built from the PublicSite projection only. The common part
(``root``, ``site``, ``title``, ``today``) comes from ``_page``; templates read
nothing else.

Words made here (page titles, chart titles) go through ``_say(pub)``: on a
``zh-Hant`` site they are shown in Traditional script, as the templates' own
words are; the content they are put next to (a branch's name) is not.
"""
from __future__ import annotations

from ..casebook.sections import find_parts
from ..model.vocabulary import simplify
from ..render.charts import MONTH_LABELS, NO_DATA, monthly_average, trend_chart
from ..render.filters import pct
from ..render.routes import Route, root_of
from ..render.templates import ui_words_for
from . import urls
from .calendar import year_calendar
from .public import PublicSite

LATEST = 10
THEME_DAY = "主题党日"
ATTENDANCE_RULE, LOW_SATISFACTION_RULE = "theme-day/attendance", "theme-day/low-satisfaction"
# How long after `decided` the home page announces the year's honour roll. A fixed number of days, not a
# profile parameter: it is a matter of presentation, not of the rules.
HONOURS_ON_HOME_DAYS = 60


def public_routes(pub: PublicSite, *, casebook_pdfs: set[int] = frozenset(), profile=None) -> list[Route]:
    routes = [_home(pub), _search(pub), _not_found(pub)]
    routes += _notice_routes(pub)
    routes += _branch_routes(pub, chart_thresholds(profile))
    routes += [_activity(pub, a) for a in pub.activities]
    routes += _casebook_routes(pub, casebook_pdfs)
    routes += _honours_routes(pub)
    return routes


def _say(pub: PublicSite):
    """Words zhibu makes, in the site's script (``ui_words``)."""
    return ui_words_for(pub.info.get("language"))


def _page(pub: PublicSite, url: str, template: str, title: str, section: str, sources=(), **context) -> Route:
    context.update(root=root_of(url), url=url, site=pub.info, title=title, section=section, today=pub.today,
                   feeds={"atom": urls.ATOM, "ical": urls.ICAL})
    return Route(url, template, context, tuple(sorted(set(sources))))


def _sources(pub: PublicSite, *groups) -> list[str]:
    return [pub.source(v) for group in groups for v in group]


def _home(pub: PublicSite) -> Route:
    active = sorted((n for n in pub.notices if n["active"]), key=lambda n: (n["until"], n["url"]))
    upcoming = sorted((a for a in pub.activities if a["upcoming"]),
                      key=lambda a: (a["date"], a.get("start") or "", a["url"]))
    notices = pub.notices[:LATEST]
    past = [a for a in pub.activities if not a["upcoming"]][:LATEST]
    honours = recent_honours(pub)
    return _page(pub, urls.HOME, "public/home.html", pub.info["title"], "home",
                 _sources(pub, active, upcoming, notices, past, honours),
                 active=active, upcoming=upcoming, notices=notices, activities=past,
                 honours=[{"year": h["year"], "decided": h["decided"], "url": h["url"]} for h in honours])


def recent_honours(pub: PublicSite) -> list[dict]:
    """The honour rolls decided within the last HONOURS_ON_HOME_DAYS days (the home page links to them)."""
    return [h for h in pub.honours if 0 <= (pub.today - h["decided"]).days <= HONOURS_ON_HOME_DAYS]


def _search(pub: PublicSite) -> Route:
    return _page(pub, urls.SEARCH, "public/search.html", _say(pub)("站内搜索"), "search")


def _not_found(pub: PublicSite) -> Route:
    route = _page(pub, urls.NOT_FOUND, "public/404.html", _say(pub)("页面未找到"), "")
    # Served at any depth by the web server: its links must be absolute.
    route.context["root"] = pub.info["base_url"] if pub.info["base_url"].endswith("/") else pub.info["base_url"] + "/"
    return route


# --- notices --------------------------------------------------------------------
def _notice_routes(pub: PublicSite) -> list[Route]:
    by_category: dict[str, list[dict]] = {}
    by_year: dict[int, list[dict]] = {}
    for n in pub.notices:
        by_category.setdefault(str(n["category"]), []).append(n)
        by_year.setdefault(n["year"], []).append(n)
    categories = [{"name": c, "url": urls.notice_category(c), "count": len(v)} for c, v in sorted(by_category.items())]
    years = [{"year": y, "url": urls.notice_year(y), "count": len(v)} for y, v in sorted(by_year.items(), reverse=True)]
    say = _say(pub)
    routes = [_page(pub, urls.NOTICES, "public/notices.html", say("党务公开"), "notices", _sources(pub, pub.notices),
                    categories=categories, years=years, notices=pub.notices[:LATEST * 2])]
    for c, items in sorted(by_category.items()):  # the category as the notices have it
        routes.append(_page(pub, urls.notice_category(c), "public/notice_list.html", c + say("公开"), "notices",
                            _sources(pub, items), heading=c, notices=items, categories=categories, years=years))
    for y, items in sorted(by_year.items()):
        routes.append(_page(pub, urls.notice_year(y), "public/notice_list.html", say(f"{y}年党务公开"), "notices",
                            _sources(pub, items), heading=say(f"{y}年"), notices=items, categories=categories,
                            years=years))
    for n in pub.notices:
        routes.append(_page(pub, n["url"], "public/notice.html", n["title"], "notices", [pub.source(n)], notice=n))
    return routes


# --- branches -------------------------------------------------------------------
def chart_thresholds(profile) -> tuple[float, float]:
    """The charts' reference lines: the profile's 到会率 minimum and its low 满意率 (80 % and 60 % by default)."""
    if profile is None:
        return 0.8, 0.6
    from ..rules.records import ratio_param
    from ..rules.registry import RULES, load_rule_modules
    load_rule_modules()
    attendance = profile.params_for(ATTENDANCE_RULE, RULES[ATTENDANCE_RULE]).get("min_attendance")
    low = profile.params_for(LOW_SATISFACTION_RULE, RULES[LOW_SATISFACTION_RULE]).get("low_satisfaction")
    return float(ratio_param(attendance, 0.8)), float(ratio_param(low, 0.6))


def _branch_routes(pub: PublicSite, thresholds: tuple[float, float]) -> list[Route]:
    by_branch: dict[str, list[dict]] = {}
    for a in pub.activities:
        by_branch.setdefault(a["branch"], []).append(a)
    honours = [{"year": h["year"], "url": h["url"]} for h in pub.honours]
    routes = [_page(pub, urls.BRANCHES, "public/branches.html", _say(pub)("各党支部"), "branches",
                    _sources(pub, pub.branches, pub.honours), branches=pub.branches, honours=honours)]
    for b in pub.branches:
        activities = by_branch.get(b["id"], [])
        years = b["years"] or [pub.today.year]
        current = pub.today.year if pub.today.year in years else years[-1]
        routes.append(_branch_year(pub, b, current, activities, b["url"], thresholds))
        routes += [_branch_year(pub, b, y, activities, urls.branch_year(b["id"], y), thresholds) for y in years]
    return routes


def _branch_year(pub: PublicSite, b: dict, year: int, activities: list[dict], url: str,
                 thresholds: tuple[float, float]) -> Route:
    items = sorted((a for a in activities if a["year"] == year), key=lambda a: (a["date"], a.get("start") or "", a["url"]))
    themes = pub.themes.get((b["id"], year), {})
    years = [{"year": y, "url": urls.branch_year(b["id"], y)} for y in b["years"]]
    flags = [pub.sources[f["url"]] for f in b.get("red_flags") or ()]
    members = b["members_by_year"].get(year, b["members"])
    say = _say(pub)
    page = _page(pub, url, "public/branch.html", f"{b['name']} · {say(f'{year}年')}", "branches",
                 [pub.source(b)] + _sources(pub, items) + flags, branch=b, year=year, years=years, activities=items,
                 members={"count": members, "past": year < pub.today.year})
    # The calendar and charts are made from the context's own values (and `today`, part of every key; the
    # site's language is in the context's `site`): the key hashes those, and the two are drawn only when the
    # page is rendered.
    context = page.context
    page.context, page.deps, page.extra = None, (), (context, themes, thresholds)
    page.build = lambda: dict(context, calendar=year_calendar(year, items, pub.today, themes),
                              charts=_charts(b["id"], year, items, thresholds, say))
    return page


def _charts(branch_id: str, year: int, items: list[dict], thresholds: tuple[float, float], say=ui_words_for(None)) -> dict:
    """The 主题党日 of each month: its 到会率 (exempt members out, as the rule counts) and 满意率.

    Other meetings (支委会, 党小组会 …) have other rosters and no 80 % requirement: they are left out.
    A month with two theme days shows their mean. ``say``: the site's script for the charts' words.
    """
    rates: dict[int, list[float]] = {}
    satisfaction: dict[int, list[float]] = {}
    for a in items:
        if not a.get("theme_day"):
            continue
        if a["rate"] is not None:
            rates.setdefault(a["date"].month, []).append(a["rate"])
        if a["satisfaction"] is not None:
            satisfaction.setdefault(a["date"].month, []).append(a["satisfaction"])
    attendance = monthly_average(rates)
    happy = monthly_average(satisfaction)
    return {
        "attendance": _trend(f"att-{year}", say(f"{year}年各月主题党日到会率"), attendance, thresholds[0], say),
        "satisfaction": _trend(f"sat-{year}", say(f"{year}年各月主题党日测评满意率"), happy, thresholds[1], say),
        "table": [{"month": m, "attendance": attendance[m - 1], "satisfaction": happy[m - 1]} for m in range(1, 13)],
        "lines": {"attendance": pct(thresholds[0]), "satisfaction": pct(thresholds[1])},
    }


def _trend(chart_id: str, title: str, values: list, threshold: float, say):
    if all(v is None for v in values):
        return None
    return trend_chart(chart_id, title, [say(m) for m in MONTH_LABELS], values, threshold=threshold,
                       threshold_label=pct(threshold), no_data=say(NO_DATA))


def _activity(pub: PublicSite, a: dict) -> Route:
    """Made only when rendered: the view comes from the record and its branch (``attendance_counts``) alone."""
    rel, branch = pub.source(a), pub.sources.get(a["branch_url"])
    return Route(a["url"], "public/activity.html", None, (rel,), deps=(rel,) + ((branch,) if branch else ()),
                 build=lambda: _page(pub, a["url"], "public/activity.html", a["title"], "branches", [rel], activity=a).context)


# --- casebook -------------------------------------------------------------------
def _casebook_routes(pub: PublicSite, pdfs: set[int]) -> list[Route]:
    years = sorted({c["year"] for c in pub.cases} | set(pub.casebooks), reverse=True)
    say = _say(pub)
    books = []
    for year in years:  # a casebook's title as its casebook.yaml has it, else zhibu's
        books.append({"year": year, "url": urls.casebook(year),
                      "title": (pub.casebooks.get(year) or {}).get("title") or say(f"{year}年优秀案例"),
                      "count": len(_ordered_cases(pub, year))})
    routes = [_page(pub, urls.CASEBOOKS, "public/casebooks.html", say("优秀案例"), "casebook",
                    _sources(pub, pub.casebooks.values()), books=books)]
    for book in books:
        year = book["year"]
        cases = _ordered_cases(pub, year)
        info = pub.casebooks.get(year)
        routes.append(_page(pub, book["url"], "public/casebook.html", book["title"], "casebook",
                            _sources(pub, cases, [info] if info else []), book=info, year=year, heading=book["title"],
                            cases=cases, pdf=urls.casebook_pdf(year) if year in pdfs else None))
    return routes


def _ordered_cases(pub: PublicSite, year: int) -> list[dict]:
    """The year's cases as the PDF has them: only those with all four parts, in its order."""
    cases = [c for c in pub.cases if c["year"] == year and find_parts(c.get("body") or "").complete]
    order = list((pub.casebooks.get(year) or {}).get("order") or ())
    rank = {slug: i for i, slug in enumerate(order)}
    return sorted(cases, key=lambda c: (rank.get(c["slug"], len(rank)), simplify(str(c.get("category"))),
                                        str(c.get("branch_name")), c["slug"]))


# --- honours --------------------------------------------------------------------
def _honours_routes(pub: PublicSite) -> list[Route]:
    """One honour roll (表扬名单) per decided year; its best theme days link to their activity pages."""
    years = [{"year": h["year"], "url": h["url"]} for h in pub.honours]
    branches = {b["id"]: b for b in pub.branches}
    say = _say(pub)
    routes = []
    for h in pub.honours:
        involved = {r["id"] for r in h["red_flag"]} | {m["branch"] for m in h["models"]}
        sources = [pub.source(h)] + [pub.source(branches[bid]) for bid in sorted(involved) if bid in branches]
        sources += [pub.sources[d["url"]] for d in h["best"] if d["url"] in pub.sources]
        routes.append(_page(pub, h["url"], "public/honours.html", say(f"{h['year']}年度表扬名单"), "honours", sources,
                            honours=h, years=years))
    return routes
