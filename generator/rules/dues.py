"""`dues/unpaid`: a member who has not paid party dues for `unpaid_months` months in a row (党章 第九条).

The ledgers of all years are read as one sequence of months. Only months the
member was on the roster count (a month outside the roster neither lengthens
nor breaks a run); a month without a ledger, or not yet ended before today,
breaks it. A run is reported once, on the ledger of the year in which it
reaches its length, at ("paid", name), naming the whole run.
"""
from __future__ import annotations

import datetime as dt

from ..model.entities import Branch, Member, Site
from ..model.periods import last_day, run_label
from .registry import RuleContext, rule

PAID, UNPAID, BREAK, SKIP = "paid", "unpaid", "break", "skip"


def month_states(site: Site, branch: Branch, member: Member, today: dt.date) -> list[tuple[tuple[int, int], str]]:
    """((year, month), state) for every month from the first to the last ledger of the branch."""
    years = sorted(y for (b, y) in site.dues if b == branch.id)
    if not years:
        return []
    out = []
    for year in range(years[0], years[-1] + 1):
        ledger = site.dues.get((branch.id, year))
        amounts = ledger.paid.get(member.name) if ledger else None
        for m in range(1, 13):
            start, end = dt.date(year, m, 1), last_day(year, m)
            if not member.during(start, end):
                state = SKIP
            elif end >= today or not isinstance(amounts, list) or m > len(amounts):
                state = BREAK
            else:
                state = UNPAID if amounts[m - 1] is None else PAID
            out.append(((year, m), state))
    return out


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
    for branch in sorted(ctx.site.branches.values(), key=lambda b: b.id):
        names = sorted({n for (b, _), d in ctx.site.dues.items() if b == branch.id for n in d.paid})
        for name in names:
            member = branch.member(name)
            if member is None:
                continue  # ref/member already says so
            for months, reached in unpaid_runs(month_states(ctx.site, branch, member, ctx.today), length):
                ledger = ctx.site.dues[(branch.id, reached[0])]
                ctx.warn(ledger.rel, ("paid", name),
                         f"{name} 连续 {len(months)} 个月未缴党费（{run_label(months[0], months[-1])}）",
                         "无正当理由连续 6 个月不交纳党费的，视为自行脱党；请核实情况，已缴的月份填写金额")
