"""Periods: calendar units, which of them are counted (Clarification 1), and the labels messages use."""
import datetime as dt

import pytest
from hypothesis import given, strategies as st

from generator.model import periods as P

days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))
years = st.integers(min_value=2000, max_value=2100)
kinds = st.sampled_from(P.GRANULARITIES)


# --- examples -------------------------------------------------------------------------------------

def test_labels():
    assert P.month(2024, 3).label == "2024年3月"
    assert P.quarter(2024, 2).label == "2024年第二季度"
    assert P.half(2024, 2).label == "2024年下半年"
    assert P.whole_year(2024).label == "2024年"


def test_leap_february():
    assert P.month(2024, 2).end == dt.date(2024, 2, 29)
    assert P.month(2023, 2).end == dt.date(2023, 2, 28)
    assert P.month(2100, 2).end == dt.date(2100, 2, 28)  # not a leap year


def test_quarter_bounds():
    q = P.period_containing(dt.date(2024, 5, 31), P.QUARTER)
    assert (q.start, q.end, q.index) == (dt.date(2024, 4, 1), dt.date(2024, 6, 30), 2)


def test_the_period_containing_today_is_not_counted():
    first = dt.date(2024, 1, 10)
    assert P.counted_periods_from(first, 2024, P.MONTH, dt.date(2024, 3, 31)) == [P.month(2024, 1), P.month(2024, 2)]
    # the day after the month ends, it counts
    assert P.counted_periods_from(first, 2024, P.MONTH, dt.date(2024, 4, 1))[-1] == P.month(2024, 3)


def test_quarter_not_yet_ended():
    first = dt.date(2024, 1, 10)
    assert P.counted_periods_from(first, 2024, P.QUARTER, dt.date(2024, 6, 30)) == [P.quarter(2024, 1)]
    assert P.counted_periods_from(first, 2024, P.QUARTER, dt.date(2024, 7, 1)) == [P.quarter(2024, 1), P.quarter(2024, 2)]


def test_counting_starts_with_the_month_of_the_first_record():
    first = dt.date(2024, 5, 20)
    today = dt.date(2025, 1, 1)
    assert [p.index for p in P.counted_periods_from(first, 2024, P.MONTH, today)] == list(range(5, 13))
    # the quarter that contains the first record counts; the one before does not
    assert [p.index for p in P.counted_periods_from(first, 2024, P.QUARTER, today)] == [2, 3, 4]
    assert P.counted_periods_from(first, 2024, P.YEAR, today) == [P.whole_year(2024)]
    assert P.counted_periods_from(first, 2023, P.YEAR, today) == []


def test_a_branch_without_records_counts_nothing():
    assert P.counted_periods_from(None, 2024, P.MONTH, dt.date(2030, 1, 1)) == []


def test_unknown_granularity():
    with pytest.raises(ValueError):
        P.periods_in_year(2024, "week")


def test_add_years_from_29_february():
    assert P.add_years(dt.date(2020, 2, 29), 3) == dt.date(2023, 2, 28)
    assert P.add_years(dt.date(2020, 2, 29), 4) == dt.date(2024, 2, 29)


def test_run_labels():
    assert P.run_label((2024, 7), (2024, 12)) == "2024年7月—12月"
    assert P.run_label((2023, 10), (2024, 3)) == "2023年10月—2024年3月"
    assert P.run_label((2024, 5), (2024, 5)) == "2024年5月"


# --- properties ------------------------------------------------------------------------------------

@given(years, kinds)
def test_periods_partition_the_year(year, kind):
    ps = P.periods_in_year(year, kind)
    assert ps[0].start == dt.date(year, 1, 1) and ps[-1].end == dt.date(year, 12, 31)
    for a, b in zip(ps, ps[1:]):
        assert b.start == a.end + dt.timedelta(days=1)
    assert sum((p.end - p.start).days + 1 for p in ps) == (dt.date(year, 12, 31) - dt.date(year, 1, 1)).days + 1
    assert [p.index for p in ps] == list(range(1, len(ps) + 1))
    assert len({p.label for p in ps}) == len(ps)


@given(days, kinds)
def test_period_containing(day, kind):
    p = P.period_containing(day, kind)
    assert p.contains(day)
    assert p in P.periods_in_year(day.year, kind)
    assert len(p.months) == P.SPAN[kind]


@given(days, days, years, kinds)
def test_counted_means_ended_and_not_before_the_first_record(first, today, year, kind):
    counted = P.counted_periods_from(first, year, kind, today)
    for p in P.periods_in_year(year, kind):
        expected = p.end < today and p.end >= first.replace(day=1)
        assert (p in counted) == expected
    assert all(not p.contains(today) for p in counted)


@given(days, days, st.integers(min_value=0, max_value=800), years, kinds)
def test_counted_grows_with_today(first, today, later, year, kind):
    before = set(P.counted_periods_from(first, year, kind, today))
    after = set(P.counted_periods_from(first, year, kind, today + dt.timedelta(days=later)))
    assert before <= after


@given(days, st.integers(min_value=1, max_value=30))
def test_add_years_keeps_the_day_or_falls_back_to_28_february(day, n):
    later = P.add_years(day, n)
    assert later.year == day.year + n and later.month == day.month
    assert later.day == day.day or (day.month, day.day, later.day) == (2, 29, 28)
