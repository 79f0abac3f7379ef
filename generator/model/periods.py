"""Calendar periods — months, quarters, half years, years — and which of them count for a branch.

A period is counted (rules.md, Clarification 1) only once it has ended before
`today` (the period that contains `today` is not counted), and only from the
month of the branch's first record: a period that ended before that month is
not counted, one that contains it is.

    >>> counted_periods_from(dt.date(2024, 5, 20), 2024, "quarter", dt.date(2024, 12, 31))
    [2024年第二季度, 2024年第三季度]
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

MONTH, QUARTER, HALF, YEAR = "month", "quarter", "half", "year"
GRANULARITIES = (MONTH, QUARTER, HALF, YEAR)
# how many months one period of each granularity spans
SPAN = {MONTH: 1, QUARTER: 3, HALF: 6, YEAR: 12}
GRANULARITY_CN = {MONTH: "每月", QUARTER: "每季度", HALF: "每半年", YEAR: "每年"}
_QUARTER_CN = ("第一季度", "第二季度", "第三季度", "第四季度")
_HALF_CN = ("上半年", "下半年")


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """A closed range of days [start, end] with a Chinese label naming it."""
    start: dt.date
    end: dt.date
    kind: str
    label: str

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def index(self) -> int:
        """1-based position within its year: month 1–12, quarter 1–4, half 1–2, year 1."""
        return (self.start.month - 1) // SPAN.get(self.kind, 1) + 1

    @property
    def months(self) -> tuple[tuple[int, int], ...]:
        """(year, month) of every month the period touches."""
        out, y, m = [], self.start.year, self.start.month
        while (y, m) <= (self.end.year, self.end.month):
            out.append((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return tuple(out)

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def __repr__(self) -> str:
        return self.label


def last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def month(year: int, m: int) -> Period:
    return Period(dt.date(year, m, 1), last_day(year, m), MONTH, f"{year}年{m}月")


def quarter(year: int, q: int) -> Period:
    first = 3 * (q - 1) + 1
    return Period(dt.date(year, first, 1), last_day(year, first + 2), QUARTER, f"{year}年{_QUARTER_CN[q - 1]}")


def half(year: int, h: int) -> Period:
    first = 6 * (h - 1) + 1
    return Period(dt.date(year, first, 1), last_day(year, first + 5), HALF, f"{year}年{_HALF_CN[h - 1]}")


def whole_year(year: int) -> Period:
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), YEAR, f"{year}年")


def window(start: dt.date, end: dt.date, label: str) -> Period:
    """A period that is not a calendar unit, e.g. the days around 1 July."""
    return Period(start, end, "window", label)


_MAKERS = {MONTH: month, QUARTER: quarter, HALF: half}


def check_granularity(kind: str) -> str:
    if kind not in GRANULARITIES:
        raise ValueError(f"unknown period {kind!r}; expected one of {', '.join(GRANULARITIES)}")
    return kind


def periods_in_year(year: int, kind: str) -> list[Period]:
    """The periods of one granularity that make up a year, in order."""
    check_granularity(kind)
    if kind == YEAR:
        return [whole_year(year)]
    return [_MAKERS[kind](year, i) for i in range(1, 12 // SPAN[kind] + 1)]


def period_containing(day: dt.date, kind: str) -> Period:
    check_granularity(kind)
    if kind == YEAR:
        return whole_year(day.year)
    return _MAKERS[kind](day.year, (day.month - 1) // SPAN[kind] + 1)


def has_ended(period: Period, today: dt.date) -> bool:
    """Ended before today: the period that contains today has not."""
    return period.end < today


def counting_start(first_record: dt.date) -> dt.date:
    """Counting begins with the month of the branch's first record."""
    return first_record.replace(day=1)


def is_counted(period: Period, today: dt.date, first_record: dt.date | None) -> bool:
    if first_record is None:
        return False
    return has_ended(period, today) and period.end >= counting_start(first_record)


def counted_periods_from(first_record: dt.date | None, year: int, kind: str, today: dt.date) -> list[Period]:
    """The periods of `year` that count, given the branch's first record date."""
    return [p for p in periods_in_year(year, kind) if is_counted(p, today, first_record)]


_firsts: tuple | None = None  # (site, its record count, branch → earliest date): rules ask for every branch and year


def first_record_date(site, branch_id: str) -> dt.date | None:
    """The date of the branch's earliest record, or None when it has none."""
    global _firsts
    if _firsts is None or _firsts[0] is not site or _firsts[1] != len(site.records):
        _firsts = (site, len(site.records), {})
    known = _firsts[2]
    if branch_id not in known:
        dates = [r.date for r in site.branch_records(branch_id)]
        dates += [r.date for r in site.counted_only if r.branch == branch_id]
        known[branch_id] = min(dates, default=None)
    return known[branch_id]


def counted_periods(site, branch_id: str, year: int, kind: str, today: dt.date) -> list[Period]:
    """The counted periods of a branch for one year and granularity."""
    return counted_periods_from(first_record_date(site, branch_id), year, kind, today)


def counted_years(site, branch_id: str, today: dt.date) -> list[int]:
    """Every year from the branch's first record up to the year of today (some may count nothing yet)."""
    first = first_record_date(site, branch_id)
    if first is None or first >= today:
        return []
    return list(range(first.year, today.year + 1))


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def month_label(year: int, m: int) -> str:
    return f"{year}年{m}月"


def run_label(first: tuple[int, int], last: tuple[int, int]) -> str:
    """A run of months: 2024年7月—12月, or 2023年10月—2024年3月 across a year boundary."""
    (y1, m1), (y2, m2) = first, last
    if (y1, m1) == (y2, m2):
        return month_label(y1, m1)
    if y1 == y2:
        return f"{y1}年{m1}月—{m2}月"
    return f"{y1}年{m1}月—{y2}年{m2}月"
