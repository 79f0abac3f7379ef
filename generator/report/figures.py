"""The compliance figures of `zhibu report`: per branch, year and month, computed from a CheckResult.

Pure functions: the same periods and parameters the rules use (rules/meetings.py
`evaluate`, rules/theme_day_year.py `monthly_checks`), so a ✗ here is always a
finding there. For each rule group and month the status is

    held         ✓  an activity of that kind took place in the month (and the rule holds)
    missing      ✗  the month lies in a judged period whose requirement failed
    none         ·  nothing that month, and nothing is missing (e.g. a quarter already satisfied)
    not-counted  –  the month is not judged: not ended, before the branch's first record, or the rule does not apply
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from fractions import Fraction

from ..diagnostics import ERROR, Finding
from ..model import periods as P
from ..model.eligibility import BranchEligibility, EligibilityParams, branch_eligibility
from ..model.entities import Branch, Record, Site
from ..model.roster import counted
from ..rules import meetings as M
from ..rules.records import count, pct, steps_of
from ..rules.registry import RULES, load_rule_modules
from ..rules.theme_day import satisfaction
from ..rules.theme_day_year import monthly_checks

HELD, MISSING, NONE, NOT_COUNTED = "held", "missing", "none", "not-counted"
SYMBOLS = {HELD: "✓", MISSING: "✗", NONE: "·", NOT_COUNTED: "–"}
LEGEND = "✓ 已开展  ✗ 缺少（未达要求）  · 本月无需  – 不计（未结束、早于首条记录或不适用）"
# The same statuses as words, for the files people open in Excel or WPS: a glyph renders badly in some
# fonts, and a word can be filtered and counted (COUNTIF). "未达要求" rather than "未开展": a month may
# have had the activity and still fail its period (two theme days, a quarter short of its count).
WORDS = {HELD: "已开展", MISSING: "未达要求", NONE: "无需", NOT_COUNTED: "不计"}
WORDS_LEGEND = "已开展：开展了这类活动；未达要求：所在考核期未达到要求；无需：本期无需开展；不计：未结束、早于首条记录或不适用"

# (column label, rule ID, the kind of activity that counts)
GROUPS: tuple[tuple[str, str, str], ...] = (
    ("主题党日", "theme-day/monthly", M.THEME_DAY),
    ("支委会", "meetings/committee", M.COMMITTEE),
    ("党员大会", "meetings/member-meeting", M.MEMBER_MEETING),
    ("党小组会", "meetings/group", M.GROUP),
    ("党课", "meetings/lecture", M.LECTURE),
    ("组织生活会", "meetings/life-meeting", M.LIFE_MEETING),
    ("民主评议", "meetings/review", M.REVIEW),
)
GROUP_LABELS = tuple(label for label, _, _ in GROUPS)


@dataclass(frozen=True, slots=True)
class Ratio:
    part: int
    whole: int

    @property
    def rate(self) -> Fraction:
        return Fraction(self.part, self.whole)

    def as_dict(self) -> dict:
        return {"part": self.part, "whole": self.whole, "rate": round(float(self.rate), 4)}


@dataclass(slots=True)
class MonthFigures:
    month: int
    status: dict[str, str]
    theme_days: int = 0
    attendance: Ratio | None = None     # present ÷ counted roster over the month's theme days
    satisfaction: Ratio | None = None   # satisfied ÷ respondents over the month's theme days
    findings: int = 0


@dataclass(slots=True)
class BranchYear:
    branch: str
    name: str
    type: str
    year: int
    months: list[MonthFigures]
    status: dict[str, str]              # the whole year
    attendance: Ratio | None
    satisfaction: Ratio | None
    by_rule: dict[str, int] = field(default_factory=dict)
    errors: int = 0
    warnings: int = 0
    eligibility: BranchEligibility | None = None  # for the year's honours (评先选优), as awards/* judge it


@dataclass(slots=True)
class Report:
    today: dt.date
    profile: str
    rows: list[BranchYear]
    findings: list[Finding]                 # the findings in scope, in the order of `check`
    finding_branch: dict[Finding, str | None]
    finding_year: dict[Finding, int | None]


# --- where a finding belongs --------------------------------------------------------------------------

_BRANCH_PATH = re.compile(r"content/branches/([^/]+)/")
_YEAR_PATH = re.compile(r"/(?:records|notices|cases)/(\d{4})/|/(?:plans|dues)/(\d{4})\.yaml$|^content/awards/(\d{4})\.yaml$")
_RECORD_DATE = re.compile(r"/(\d{4})-(\d{2})-\d{2}-[^/]*\.md$")
_MESSAGE_PERIOD = re.compile(r"^(\d{4}) ?年(?:(\d{1,2})月)?")


def finding_branch(site: Site, f: Finding) -> str | None:
    m = _BRANCH_PATH.match(f.file)
    if m:
        return m.group(1)
    for item in site.notices + site.cases:
        if item.rel == f.file:
            return item.branch
    return None


def finding_period(f: Finding, today: dt.date) -> tuple[int, int | None]:
    """(year, month or None): from a record's date, the period a message names, the file's year folder;
    a finding about the present state of a branch (换届, 支委会设置) belongs to the year of today."""
    m = _RECORD_DATE.search(f.file)
    if m and "/records/" in f.file:
        return int(m.group(1)), int(m.group(2))
    m = _MESSAGE_PERIOD.match(f.message)
    if m:
        return int(m.group(1)), int(m.group(2)) if m.group(2) else None
    m = _YEAR_PATH.search(f.file)
    if m:
        return int(next(g for g in m.groups() if g)), None
    return today.year, None


# --- statuses -------------------------------------------------------------------------------------------

def _overlaps(a: P.Period, b: P.Period) -> bool:
    return a.start <= b.end and b.start <= a.end


def _applies(rule_id: str, branch: Branch) -> bool:
    if rule_id == "meetings/committee":
        return branch.has_committee
    if rule_id == "meetings/group":
        return bool(branch.groups)
    return True


def group_checks(site: Site, profile, branch: Branch, year: int, today: dt.date, rule_id: str) -> list | None:
    """The judged periods of one group's rule, or None when the profile switches it off or it does not apply."""
    spec = RULES.get(rule_id)
    if spec is None or profile is None or not profile.enabled(rule_id, spec) or not _applies(rule_id, branch):
        return None
    if rule_id == "theme-day/monthly":
        return monthly_checks(site, branch, year, today)
    return M.evaluate(rule_id, site, branch, profile.params_for(rule_id, spec), year, today)


def status_of(period: P.Period, checks, records, start: dt.date | None, today: dt.date) -> str:
    """The status of one group in `period` (a month or the year); `start` is where counting begins."""
    if start is None or period.end < start:
        return NOT_COUNTED  # before the branch's first record
    if checks and any(not c.ok and _overlaps(c.period, period) for c in checks):
        return MISSING
    if any(period.contains(r.date) and r.date <= today for r in records):
        return HELD
    if checks and any(_overlaps(c.period, period) for c in checks):
        return NONE  # within a judged period that holds
    return NOT_COUNTED


# --- figures ----------------------------------------------------------------------------------------------

def _theme_day_ratios(site: Site, branch: Branch, days: list[Record]) -> tuple[Ratio | None, Ratio | None]:
    came = base = happy = asked = 0
    for record in days:
        roster = {m.name for m in counted(branch.roster_on(record.date))}
        present = (record.data.get("attendance") or {}).get("present")
        came += len({n for n in present if n in roster}) if isinstance(present, list) else 0
        base += len(roster)
        if satisfaction(record) is not None:  # a usable step ⑧
            step8 = steps_of(record)["8"]
            happy, asked = happy + count(step8["satisfied"]), asked + count(step8["respondents"])
    return (Ratio(came, base) if base else None), (Ratio(happy, asked) if asked else None)


def branch_year(site: Site, profile, branch: Branch, year: int, today: dt.date) -> BranchYear:
    first = P.first_record_date(site, branch.id)
    start = P.counting_start(first) if first else None
    per_group = []
    for label, rule_id, kind in GROUPS:
        records = [r for r in M.held(site, branch.id, kind) if r.date.year == year]
        per_group.append((label, group_checks(site, profile, branch, year, today, rule_id), records))
    theme_days = [r for r in M.held(site, branch.id, M.THEME_DAY) if r.date.year == year and r.date <= today]
    months = []
    for m in range(1, 13):
        month = P.month(year, m)
        status = {label: status_of(month, checks, records, start, today) for label, checks, records in per_group}
        days = [r for r in theme_days if r.date.month == m]
        attendance, happy = _theme_day_ratios(site, branch, days)
        months.append(MonthFigures(m, status, len(days), attendance, happy))
    whole = P.whole_year(year)
    status = {label: status_of(whole, checks, records, start, today) for label, checks, records in per_group}
    attendance, happy = _theme_day_ratios(site, branch, theme_days)
    return BranchYear(branch.id, branch.name, branch.type, year, months, status, attendance, happy)


def report_years(site: Site, branch_ids: list[str], today: dt.date) -> list[int]:
    """From the earliest record of the branches in scope up to the year of today."""
    firsts = [d for d in (P.first_record_date(site, b) for b in branch_ids) if d is not None]
    if not firsts:
        return []
    return list(range(min(firsts).year, today.year + 1))


def compute(result, today: dt.date, *, year: int | None = None, branch: str | None = None) -> Report:
    """The report over a CheckResult: every branch (or one) and every year (or one)."""
    load_rule_modules()
    site = result.site
    ids = [branch] if branch else sorted(site.branches)
    years = [year] if year else report_years(site, ids, today)
    rows = [branch_year(site, result.profile, site.branches[b], y, today) for b in ids for y in years]
    params = EligibilityParams.from_profile(result.profile)
    for row in rows:
        row.eligibility = branch_eligibility(site, row.branch, row.year, today, params)
    where = {f: finding_branch(site, f) for f in result.findings}
    when = {f: finding_period(f, today)[0] for f in result.findings}
    scoped = [f for f in result.findings if (branch is None or where[f] == branch) and (year is None or when[f] == year)]
    index = {(r.branch, r.year): r for r in rows}
    for f in scoped:
        row = index.get((where[f], when[f]))
        if row is None:
            continue
        row.by_rule[f.rule] = row.by_rule.get(f.rule, 0) + 1
        if f.severity == ERROR:
            row.errors += 1
        else:
            row.warnings += 1
        month = finding_period(f, today)[1]
        if month:
            row.months[month - 1].findings += 1
    name = result.profile.name if result.profile else ""
    return Report(today, name, rows, scoped, {f: where[f] for f in scoped}, {f: when[f] for f in scoped})


def percent(ratio: Ratio | None) -> str:
    """"93.33%" (exact up to two decimals, as in the findings), or "" when there is nothing to rate."""
    return "" if ratio is None else pct(ratio.rate)


def percent_number(ratio: Ratio | None) -> str:
    """The same figure without the sign, for a column whose header names the unit: "93.33", or ""."""
    return percent(ratio).removesuffix("%")


def percent_places(ratio: Ratio) -> int:
    """How many decimals `percent` shows for this ratio (0, 1 or 2)."""
    return len(percent_number(ratio).partition(".")[2])
