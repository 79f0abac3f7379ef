"""`dues/unpaid`: a member who has not paid party dues for `unpaid_months` months in a row (党章 第九条).

The ledgers of all years are read as one sequence of months. Only months the
member was on the roster count (a month outside the roster neither lengthens
nor breaks a run); a month without a ledger, or not yet ended before today,
breaks it. A run is reported once, on the ledger of the year in which it
reaches its length, at ("paid", name), naming the whole run.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

from ..model.entities import Branch, Member, Site
from ..model.periods import last_day, run_label
from .registry import RuleContext, rule

PAID, UNPAID, BREAK, SKIP = "paid", "unpaid", "break", "skip"


def month_states(site: Site, branch: Branch, member: Member, today: dt.date,
                 years: list[int] | None = None) -> list[tuple[tuple[int, int], str]]:
    """((year, month), state) for every month from the first to the last ledger of the branch.

    `years`, the branch's ledger years in order, may be given when already known.
    """
    if years is None:
        years = sorted(y for (b, y) in site.dues if b == branch.id)
    if not years:
        return []
    out = []
    for year in range(years[0], years[-1] + 1):
        ledger = site.dues.get((branch.id, year))
        amounts = ledger.paid.get(member.name) if ledger else None
        for m in range(1, 13):
            start, end = _month(year, m)
            if not member.during(start, end):
                state = SKIP
            elif end >= today or not isinstance(amounts, list) or m > len(amounts):
                state = BREAK
            else:
                state = UNPAID if amounts[m - 1] is None else PAID
            out.append(((year, m), state))
    return out


@lru_cache(maxsize=None)
def _month(year: int, m: int) -> tuple[dt.date, dt.date]:
    """The first and last day of a month (asked for every member and month of every ledger)."""
    return dt.date(year, m, 1), last_day(year, m)


def unpaid_runs(states, length: int) -> list[tuple[list[tuple[int, int]], tuple[int, int]]]:
    """Runs of at least `length` unpaid months: (the months of the run, the month it reached `length`)."""
    runs, current = [], []
    for ym, state in states + [((0, 0), BREAK)]:
        if state == UNPAID:
            current.append(ym)
        elif state == SKIP:
            continue
        else:
            if len(current) >= length:
                runs.append((current, current[length - 1]))
            current = []
    return runs


@rule("dues/unpaid", params={"unpaid_months": 6},
      title="党员连续 6 个月未缴纳党费", source="seed 004 §二.7; 党章第九条")
def unpaid(ctx: RuleContext) -> None:
    length = ctx.params.get("unpaid_months", 6)
    length = length if isinstance(length, int) and length > 0 else 6
    ledgers: dict[str, list] = {}  # branch → its ledgers (one pass, not one per branch)
    for (b, y), d in ctx.site.dues.items():
        ledgers.setdefault(b, []).append((y, d))
    for branch in sorted(ctx.site.branches.values(), key=lambda b: b.id):
        mine = ledgers.get(branch.id, [])
        names = sorted({n for _, d in mine for n in d.paid})
        years = sorted(y for y, _ in mine)
        for name in names:
            member = branch.member(name)
            if member is None:
                continue  # ref/member already says so
            for months, reached in unpaid_runs(month_states(ctx.site, branch, member, ctx.today, years), length):
                ledger = ctx.site.dues[(branch.id, reached[0])]
                ctx.warn(ledger.rel, ("paid", name),
                         f"{name} 连续 {len(months)} 个月未缴党费（{run_label(months[0], months[-1])}）",
                         "无正当理由连续 6 个月不交纳党费的，视为自行脱党；请核实情况，已缴的月份填写金额")
