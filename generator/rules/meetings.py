"""`meetings/*`: 三会一课 and the other meetings, counted per branch and period.

A record counts for its `type` and for each kind in `covers`. Only counted
periods are judged (periods.py: ended before today, from the month of the
branch's first record). A missing meeting is reported on the year's plan file
when it exists, else on branch.yaml, with the period named in the message
(Clarification 6).

`evaluate(rule_id, site, branch, params, year, today)` gives every judged
period with the records that satisfied it; the rules turn the failed ones into
findings and the report (report/figures.py) draws its branch × month matrix
from the same values, so the two never disagree.
"""
from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass

from ..diagnostics import UsageError
from ..model import periods as P
from ..model.entities import Branch, Record, Site
from ..model.vocabulary import simplify
from .registry import RuleContext, rule

MEMBER_MEETING, COMMITTEE, GROUP, LECTURE = "支部党员大会", "支委会", "党小组会", "党课"
LIFE_MEETING, REVIEW, THEME_DAY = "组织生活会", "民主评议党员", "主题党日"

# The days "around 七一" in which xianning-2016 wants one 党课 (seed 002 §三.4: "七一"前后，要集中安排1次).
JULY_FIRST_WINDOW = ((6, 1), (7, 31))
JULY_FIRST_TEXT = "七一前后（6月1日—7月31日）"


@dataclass(frozen=True, slots=True)
class PeriodCheck:
    """One judged period: the records that count for it and whether the requirement holds."""
    period: P.Period
    records: tuple[Record, ...]
    ok: bool
    subject: str | None = None        # the group, secretary or leader concerned
    anchor: Record | None = None      # a record the finding sits on (per-theme-day checks)


# --- what counts --------------------------------------------------------------------------------

def kinds_of(record: Record) -> set[str]:
    return record.kind_set


_index_of: tuple[Site, int, dict] | None = None  # the last site indexed: rules and the report ask it many times


class ByDate(list):
    """Records in date order with their dates, which `within` cuts by bisection. Read it, do not change it."""
    __slots__ = ("dates",)


def held(site: Site, branch_id: str, kind: str) -> list[Record]:
    """The branch's records that count as `kind` (type or covers), by date."""
    global _index_of
    if _index_of is None or _index_of[0] is not site or _index_of[1] != len(site.records):
        index: dict[tuple[str, str], list[Record]] = {}
        for record in site.records:
            for k in kinds_of(record):
                index.setdefault((record.branch, k), []).append(record)
        if site.counted_only:  # held all the same, though their files have schema errors
            for record in site.counted_only:
                for k in kinds_of(record):
                    index.setdefault((record.branch, k), []).append(record)
            for records in index.values():
                records.sort(key=lambda r: (r.date, r.rel))
        _index_of = (site, len(site.records), {key: (records, _dates(records)) for key, records in index.items()})
    entry = _index_of[2].get((branch_id, kind))
    if entry is None:
        return []
    out = ByDate(entry[0])
    out.dates = entry[1]
    return out


def _dates(records: list[Record]) -> tuple | None:
    """The records' dates when they are all there and in order (as assemble sorts them), else None."""
    dates = tuple(r.date for r in records)
    if None in dates or any(a > b for a, b in zip(dates, dates[1:])):
        return None
    return dates


def within(records, period: P.Period) -> tuple[Record, ...]:
    dates = getattr(records, "dates", None)
    if dates is not None:  # the records from `period.start` to `period.end`, both included
        return tuple(records[bisect.bisect_left(dates, period.start):bisect.bisect_right(dates, period.end)])
    return tuple(r for r in records if period.contains(r.date))


# --- where a year-level finding sits ------------------------------------------------------------

def year_anchor(site: Site, branch: Branch, period: P.Period, branch_path: tuple = ("name",)) -> tuple[str, tuple]:
    """The plan of the period's year (at the month's theme when the period is a month), else branch.yaml."""
    plan = site.plans.get((branch.id, period.year))
    if plan is None:
        return branch.rel, branch_path
    if period.kind == P.MONTH or (period.kind == "window" and period.start.month == period.end.month):
        return plan.rel, ("themes", str(period.start.month))
    return plan.rel, ("year",)


# --- parameters -------------------------------------------------------------------------------------

def _granularity(rule_id: str, name: str, value) -> str:
    if value not in P.GRANULARITIES:
        raise UsageError(f"规则“{rule_id}”的参数 {name} 取值“{value}”无效：应为 month、quarter、half 或 year")
    return value


def _months(rule_id: str, value) -> list[int]:
    if not isinstance(value, list) or not all(isinstance(m, int) and 1 <= m <= 12 for m in value):
        raise UsageError(f"规则“{rule_id}”的参数 months 应为 1–12 的月份列表，例如 [6, 12]")
    return sorted(set(value))


def period_for(rule_id: str, branch: Branch, params: dict) -> str:
    """The granularity that applies to this branch: by type, then without groups, then the default."""
    by_type = params.get("period_by_type") or {}
    if not isinstance(by_type, dict):
        raise UsageError(f"规则“{rule_id}”的参数 period_by_type 应为“支部类型: 周期”的映射")
    for key, value in by_type.items():
        if simplify(str(key)) == branch.type:
            return _granularity(rule_id, f"period_by_type.{key}", value)
    if not branch.groups and params.get("period_without_groups"):
        return _granularity(rule_id, "period_without_groups", params["period_without_groups"])
    return _granularity(rule_id, "period", params.get("period"))


def required_periods(rule_id: str, site: Site, branch: Branch, params: dict, year: int,
                     today: dt.date) -> list[P.Period]:
    """The counted periods of `year` in which the meeting is required."""
    first = P.first_record_date(site, branch.id)
    if params.get("months"):
        wanted = [P.month(year, m) for m in _months(rule_id, params["months"])]
        return [p for p in wanted if P.is_counted(p, today, first)]
    return P.counted_periods_from(first, year, period_for(rule_id, branch, params), today)


def requirement_text(rule_id: str, branch: Branch, params: dict, kind: str) -> str:
    if params.get("months"):
        months = "、".join(f"{m}月" for m in _months(rule_id, params["months"]))
        return f"每年{months}召开{kind}"
    every = P.GRANULARITY_CN[period_for(rule_id, branch, params)]
    return f"{every}至少召开 1 次{kind}" if kind != LECTURE else f"{every}至少安排 1 次党课"


# --- evaluation ---------------------------------------------------------------------------------------

def _periodic(rule_id, site, branch, params, year, today, kind) -> list[PeriodCheck]:
    records = held(site, branch.id, kind)
    out = []
    for period in required_periods(rule_id, site, branch, params, year, today):
        found = within(records, period)
        out.append(PeriodCheck(period, found, bool(found)))
    return out


def _member_meeting(site, branch, params, year, today) -> list[PeriodCheck]:
    if not params.get("per_theme_day"):
        return _periodic("meetings/member-meeting", site, branch, params, year, today, MEMBER_MEETING)
    # xianning-2016: a 支部党员大会 at every theme day — the theme-day record covers it, or a
    # 支部党员大会 record of the same day exists. This replaces the count per period.
    meetings = held(site, branch.id, MEMBER_MEETING)
    first = P.first_record_date(site, branch.id)
    out = []
    for record in held(site, branch.id, THEME_DAY):
        if record.date.year != year or record.date > today or first is None:
            continue
        same_day = tuple(r for r in meetings if r.date == record.date)
        day = P.window(record.date, record.date, f"{record.date.year}年{record.date.month}月{record.date.day}日")
        out.append(PeriodCheck(day, same_day, bool(same_day), anchor=record))
    return out


def _committee(site, branch, params, year, today) -> list[PeriodCheck]:
    if not branch.has_committee:
        return []
    return _periodic("meetings/committee", site, branch, params, year, today, COMMITTEE)


def _groups(site, branch, params, year, today) -> list[PeriodCheck]:
    records = held(site, branch.id, GROUP)
    out = []
    for period in required_periods("meetings/group", site, branch, params, year, today):
        for group in branch.groups:
            if not any(m.during(period.start, period.end) for m in branch.members if m.name in group.members):
                continue  # nobody of the group was on the roster then
            # A 党小组会 of this group; a branch-wide activity that covers 党小组会 (no `group`) counts for all.
            found = tuple(r for r in within(records, period)
                          if r.data.get("group") in (None, "", group.name))
            out.append(PeriodCheck(period, found, bool(found), subject=group.name))
    return out


def _lecture(site, branch, params, year, today) -> list[PeriodCheck]:
    out = _periodic("meetings/lecture", site, branch, params, year, today, LECTURE)
    if params.get("around_july_first"):
        (m1, d1), (m2, d2) = JULY_FIRST_WINDOW
        around = P.window(dt.date(year, m1, d1), dt.date(year, m2, d2), f"{year}年{JULY_FIRST_TEXT}")
        if P.is_counted(around, today, P.first_record_date(site, branch.id)):
            found = within(held(site, branch.id, LECTURE), around)
            out.append(PeriodCheck(around, found, bool(found)))
    return out


def lectures_by(site: Site, branch: Branch, name: str, period: P.Period) -> tuple[Record, ...]:
    return tuple(r for r in within(held(site, branch.id, LECTURE), period) if r.data.get("speaker") == name)


def _speaker_year(site, branch, params, year, today, names) -> list[PeriodCheck]:
    first = P.first_record_date(site, branch.id)
    period = P.whole_year(year)
    if not P.is_counted(period, today, first):
        return []
    start = max(period.start, P.counting_start(first))
    need = _count(params)
    out = []
    for name in names:
        member = branch.member(name)
        if member is None or not member.during(start, period.end):
            continue  # a member counts for a period only while on the roster
        found = lectures_by(site, branch, name, period)
        out.append(PeriodCheck(period, found, len(found) >= need, subject=name))
    return out


def _count(params: dict) -> int:
    value = params.get("min_count", 1)
    return value if isinstance(value, int) and value >= 1 else 1


def _secretary(site, branch, params, year, today) -> list[PeriodCheck]:
    return _speaker_year(site, branch, params, year, today, [branch.secretary] if branch.secretary else [])


def _leaders(site, branch, params, year, today) -> list[PeriodCheck]:
    # The secretary is judged by meetings/secretary-lecture: one cause, one finding.
    names = [m.name for m in branch.members if m.leader and m.name != branch.secretary]
    return _speaker_year(site, branch, params, year, today, names)


def _life(site, branch, params, year, today):
    return _periodic("meetings/life-meeting", site, branch, params, year, today, LIFE_MEETING)


def _review(site, branch, params, year, today):
    return _periodic("meetings/review", site, branch, params, year, today, REVIEW)


EVALUATORS = {
    "meetings/member-meeting": _member_meeting,
    "meetings/committee": _committee,
    "meetings/group": _groups,
    "meetings/lecture": _lecture,
    "meetings/secretary-lecture": _secretary,
    "meetings/leader-lecture": _leaders,
    "meetings/life-meeting": _life,
    "meetings/review": _review,
}


def evaluate(rule_id: str, site: Site, branch: Branch, params: dict, year: int, today: dt.date) -> list[PeriodCheck]:
    """Every judged period of `year` for one meetings rule and one branch."""
    return EVALUATORS[rule_id](site, branch, params, year, today)


def _each_check(ctx: RuleContext):
    for branch in sorted(ctx.site.branches.values(), key=lambda b: b.id):
        for year in P.counted_years(ctx.site, branch.id, ctx.today):
            for check in evaluate(ctx.rule_id, ctx.site, branch, ctx.params, year, ctx.today):
                if not check.ok:
                    yield branch, check


def _report_missing(ctx: RuleContext, kind: str, what: str, branch_path: tuple = ("name",)) -> None:
    for branch, check in _each_check(ctx):
        rel, path = year_anchor(ctx.site, branch, check.period, branch_path)
        need = requirement_text(ctx.rule_id, branch, ctx.params, kind)
        ctx.warn(rel, path, f"{check.period.label} 无{what}记录",
                 f"本规则要求{need}；若该活动与其他活动合并进行，请在那条记录的 covers 中注明“{kind}”")


# --- the rules --------------------------------------------------------------------------------------

_PERIOD_PARAMS = {"period": "quarter", "period_by_type": {}, "period_without_groups": None, "months": None}


@rule("meetings/member-meeting", params={**_PERIOD_PARAMS, "per_theme_day": False},
      title="支部党员大会：每季度至少 1 次（可按是否设党小组、或每期主题党日召开）",
      source="条例; seed 004 §二.2; seed 002 §三.1")
def member_meeting(ctx: RuleContext) -> None:
    if not ctx.params.get("per_theme_day"):
        _report_missing(ctx, MEMBER_MEETING, "支部党员大会")
        return
    for branch, check in _each_check(ctx):
        # A missing meeting, like every other: on the year's plan (at the month's theme), else on branch.yaml
        # (rules.md, Clarification 6), the theme day named in the message.
        rel, path = year_anchor(ctx.site, branch, P.month(check.period.start.year, check.period.start.month))
        ctx.warn(rel, path, f"{check.period.label}的主题党日未同时召开支部党员大会",
                 "党员大会须在每期主题党日召开：在 covers 中加上“支部党员大会”，或另写同一天的支部党员大会记录")


@rule("meetings/committee", params={**_PERIOD_PARAMS, "period": "month"},
      title="支委会：每月至少 1 次（设支委会的支部）", source="条例; seed 004 §二.2")
def committee(ctx: RuleContext) -> None:
    _report_missing(ctx, COMMITTEE, "支委会", ("committee",))


@rule("meetings/group", params={**_PERIOD_PARAMS, "period": "month"},
      title="党小组会：每个党小组每月至少 1 次", source="条例; seed 004 §二.2")
def group(ctx: RuleContext) -> None:
    for branch, check in _each_check(ctx):
        g = branch.group(check.subject)
        rel, path = year_anchor(ctx.site, branch, check.period, ("groups", g.index, "name"))
        need = requirement_text(ctx.rule_id, branch, ctx.params, GROUP)
        ctx.warn(rel, path, f"{check.period.label} {check.subject} 无党小组会记录",
                 f"本规则要求每个党小组{need}；党小组会记录的 group 应写“{check.subject}”")


@rule("meetings/lecture", params={**_PERIOD_PARAMS, "around_july_first": False},
      title=f"党课：每季度至少 1 次（可按支部类型每月；可要求{JULY_FIRST_TEXT}集中安排 1 次）",
      source="条例; seed 004 §二.2; seed 002 §三.4")
def lecture(ctx: RuleContext) -> None:
    _report_missing(ctx, LECTURE, "党课")


@rule("meetings/secretary-lecture", params={"min_count": 1},
      title="支部书记每年至少讲 1 次党课", source="seed 004 §一.3")
def secretary_lecture(ctx: RuleContext) -> None:
    for branch, check in _each_check(ctx):
        rel, path = year_anchor(ctx.site, branch, check.period, ("secretary",))
        ctx.warn(rel, path, _speaker_message(check, f"书记{check.subject}", "讲党课", _count(ctx.params)),
                 "党课记录的 speaker 写授课人姓名；与其他活动合并的党课请在 covers 中注明“党课”并写 speaker")


@rule("meetings/leader-lecture", params={"min_count": 1},
      title="党员领导干部每年至少到所在支部讲 1 次党课", source="seed 002 §三.4")
def leader_lecture(ctx: RuleContext) -> None:
    for branch, check in _each_check(ctx):
        member = branch.member(check.subject)
        rel, path = year_anchor(ctx.site, branch, check.period, ("members", member.index, "leader"))
        ctx.warn(rel, path, _speaker_message(check, f"党员领导干部{check.subject}", "在本支部讲党课", _count(ctx.params)),
                 "党课记录的 speaker 写授课人姓名；花名册中 leader: true 的党员每年须到所在支部讲党课")


def _speaker_message(check: PeriodCheck, who: str, did: str, need: int) -> str:
    if not check.records:
        return f"{check.period.label} {who}未{did}（应每年至少 {need} 次）"
    return f"{check.period.label} {who}仅{did} {len(check.records)} 次（应每年至少 {need} 次）"


@rule("meetings/life-meeting", params={**_PERIOD_PARAMS, "period": "year"},
      title="组织生活会：每年至少 1 次（可每半年，或在指定月份）", source="条例; seed 004 §二.3; seed 002 §四.1")
def life_meeting(ctx: RuleContext) -> None:
    _report_missing(ctx, LIFE_MEETING, "组织生活会")


@rule("meetings/review", params={**_PERIOD_PARAMS, "period": "year"},
      title="民主评议党员：每年 1 次（可指定月份）", source="条例; seed 004 §二.4; seed 002 §四.2")
def review(ctx: RuleContext) -> None:
    _report_missing(ctx, REVIEW, "民主评议党员")
