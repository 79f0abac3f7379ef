"""`theme-day/monthly`, `theme-day/plan`, `theme-day/july-first`: the theme days of a branch's year.

The per-record theme-day rules (steps, attendance, …) live in theme_day.py;
these look at a whole year: one theme day each month, the annual plan, and
the theme day before 七一. Year-level findings sit on the year's plan file
when it exists, else on branch.yaml (Clarification 6).
"""
from __future__ import annotations

import datetime as dt
import re

from ..model import periods as P
from ..model.entities import Branch, Record, Site, to_date
from ..model.vocabulary import contains, simplify
from .meetings import THEME_DAY, PeriodCheck, held, within, year_anchor
from .registry import RuleContext, rule

_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)  # spaces and punctuation, ignored when titles are compared


def theme_days(site: Site, branch_id: str) -> list[Record]:
    return held(site, branch_id, THEME_DAY)


def planned_month(record: Record) -> tuple[int, int]:
    """The month a theme day belongs to: the one it was planned for when it was ``moved`` (valid ``from``).

    A theme day moved out of its month is `theme-day/moved`'s finding; counted for
    the month it was planned for, it is not also a month without a theme day.
    """
    move = record.data.get("moved")
    planned = to_date(move.get("from")) if isinstance(move, dict) else None
    day = planned or record.date
    return day.year, day.month


def monthly_checks(site: Site, branch: Branch, year: int, today: dt.date) -> list[PeriodCheck]:
    """Each counted month of `year`: its theme days; ok when there is exactly one."""
    by_month: dict[tuple[int, int], list[Record]] = {}
    for record in theme_days(site, branch.id):
        if year - 1 <= record.date.year <= year + 1:
            by_month.setdefault(planned_month(record), []).append(record)
    out = []
    for month in P.counted_periods(site, branch.id, year, P.MONTH, today):
        found = tuple(by_month.get((month.start.year, month.start.month), ()))
        out.append(PeriodCheck(month, found, len(found) == 1))
    return out


def _branches(ctx: RuleContext):
    return sorted(ctx.site.branches.values(), key=lambda b: b.id)


@rule("theme-day/monthly", title="每月开展 1 次主题党日", source="seed 001 §二, seed 004 §二.6")
def monthly(ctx: RuleContext) -> None:
    for branch in _branches(ctx):
        for year in P.counted_years(ctx.site, branch.id, ctx.today):
            for check in monthly_checks(ctx.site, branch, year, ctx.today):
                if check.ok:
                    continue
                rel, path = year_anchor(ctx.site, branch, check.period)
                if not check.records:
                    ctx.warn(rel, path, f"{check.period.label} 无主题党日记录",
                             "主题党日每月开展 1 次；确因特殊情况改期的，也须在当月完成")
                else:
                    days = "、".join(f"{r.date.month}月{r.date.day}日" for r in check.records)
                    ctx.warn(rel, path, f"{check.period.label} 有 {len(check.records)} 次主题党日（{days}），应每月 1 次",
                             "其中不是主题党日的活动请改正 type（同时计作主题党日的请从 covers 中去掉）")


# --- theme-day/plan -------------------------------------------------------------------------------------

def plan_deadline(year: int, filed_by: tuple[int, int]) -> dt.date:
    """The day the year's plan must be filed by ("before February", seed 001 §二), in every year alike."""
    month, day = filed_by
    return dt.date(year, month, day)


def _filed_by(params: dict) -> tuple[int, int]:
    value = str(params.get("filed_by") or "01-31")
    try:
        month, day = (int(x) for x in value.split("-"))
        dt.date(2001, month, day)
    except ValueError:
        from ..diagnostics import UsageError
        raise UsageError(f"规则“theme-day/plan”的参数 filed_by 取值“{value}”无效：应为 MM-DD，例如 01-31") from None
    return month, day


def normalised_title(text) -> str:
    return _NOISE.sub("", simplify(text)) if isinstance(text, str) else ""


def titles_match(title, planned) -> bool:
    """Equal, or one contains the other, once script, spaces and punctuation are set aside."""
    a, b = normalised_title(title), normalised_title(planned)
    return bool(a and b) and (a == b or a in b or b in a)


@rule("theme-day/plan", params={"filed_by": "01-31"},
      title="年度主题党日计划：1 月底前报备，每月主题与计划一致（调整须说明原因）", source="seed 001 §二, seed 004 §二.6")
def plan(ctx: RuleContext) -> None:
    filed_by = _filed_by(ctx.params)
    for branch in _branches(ctx):
        for year in P.counted_years(ctx.site, branch.id, ctx.today) + _announced_years(ctx, branch):
            _plan_year(ctx, branch, year, plan_deadline(year, filed_by))


def _announced_years(ctx: RuleContext, branch: Branch) -> list[int]:
    """Years after today's that already have theme days (announcements): their titles are checked too."""
    return sorted({r.date.year for r in theme_days(ctx.site, branch.id) if r.date.year > ctx.today.year})


def _plan_year(ctx: RuleContext, branch: Branch, year: int, deadline: dt.date) -> None:
    plan = ctx.site.plans.get((branch.id, year))
    due = f"应于 {deadline.isoformat()} 前报机关党委备案"
    if plan is None:
        rel = f"content/branches/{branch.id}/plans/{year}.yaml"
        # A plan file there with a data error, or whose `year` disagrees with its name, is reported as such.
        there = ctx.site.has_broken(rel) or any(p.rel == rel for p in ctx.site.plans.values())
        if deadline < ctx.today and not there:
            ctx.warn(branch.rel, ("name",), f"缺少 {year} 年度主题党日计划（plans/{year}.yaml），{due}",
                     f"在 content/branches/{branch.id}/plans/{year}.yaml 中写出每月的主题（zhibu new 计划）")
        return
    if plan.filed is None:
        if deadline < ctx.today:
            ctx.warn(plan.rel, ("year",), f"{year} 年度计划未写报备日期 filed，{due}")
    elif plan.filed > deadline:
        ctx.warn(plan.rel, ("filed",), f"{year} 年度计划报备于 {plan.filed.isoformat()}，晚于 {deadline.isoformat()}")
    _plan_themes(ctx, branch, year, plan)


def _plan_themes(ctx: RuleContext, branch: Branch, year: int, plan) -> None:
    def planned(m):
        theme = plan.themes.get(m)
        return theme.get("title") if isinstance(theme, dict) else None

    # Only the theme days are judged against the plan (rules.md: exists, filed in time, titles match):
    # a month the plan leaves without a theme is not a finding of its own.
    unusable = {id(r) for r in ctx.site.counted_only}  # counted for the months, judged by no rule (schema error)
    for record in theme_days(ctx.site, branch.id):
        if id(record) in unusable:
            continue
        in_year, month = planned_month(record)
        title = planned(month)
        if in_year != year or not title or titles_match(record.title, title):
            continue
        change = record.data.get("plan_change")
        if isinstance(change, str) and change.strip():
            continue
        ctx.warn(record.rel, ("title",),
                 f"主题“{record.title}”与 {year} 年度计划中 {month} 月的主题“{title}”不一致，且未说明原因",
                 "按计划开展；确需调整的，在 plan_change 中写明原因")


# --- theme-day/july-first ---------------------------------------------------------------------------------

@rule("theme-day/july-first", params={"phrase": "重温入党誓词"}, default_on=False,
      title="七一前（6月1日—7月1日）开展以“重温入党誓词”为主题的主题党日", source="seed 004 §二.6")
def july_first(ctx: RuleContext) -> None:
    phrase = str(ctx.params.get("phrase") or "重温入党誓词")
    for branch in _branches(ctx):
        first = P.first_record_date(ctx.site, branch.id)
        for year in P.counted_years(ctx.site, branch.id, ctx.today):
            check = july_first_check(ctx.site, branch, year, ctx.today, first, phrase)
            if check is None or check.ok:
                continue
            rel, path = year_anchor(ctx.site, branch, P.month(year, 6))
            ctx.warn(rel, path, f"{check.period.label}无以“{phrase}”为主题的主题党日",
                     f"每年七一前开展“{phrase}、争做优秀党员”主题党日，标题中写明“{phrase}”")


def july_first_check(site: Site, branch: Branch, year: int, today: dt.date, first, phrase: str) -> PeriodCheck | None:
    before = P.window(dt.date(year, 6, 1), dt.date(year, 7, 1), f"{year}年七一前（6月1日—7月1日）")
    if not P.is_counted(before, today, first):
        return None
    found = tuple(r for r in within(theme_days(site, branch.id), before) if contains(r.title, phrase))
    return PeriodCheck(before, found, bool(found))
