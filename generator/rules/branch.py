"""`branch/committee` and `branch/term`: how a branch is set up, judged on `today`, reported on branch.yaml."""
from __future__ import annotations

import datetime as dt

from ..model.entities import Branch
from ..model.periods import add_years
from ..model.vocabulary import simplify
from .registry import RuleContext, rule

FULL = "正式"


@rule("branch/committee", params={"min_full_members": 7},
      title="正式党员 7 人以上的支部设立支部委员会", source="条例; seed 004 §二.1")
def committee(ctx: RuleContext) -> None:
    need = ctx.params.get("min_full_members", 7)
    for branch in sorted(ctx.site.branches.values(), key=lambda b: b.id):
        full = [m for m in branch.roster_on(ctx.today) if simplify(m.status) == FULL]
        if len(full) >= need and not branch.has_committee:
            ctx.warn(branch.rel, ("committee",) if "committee" in branch.data else ("members",),
                     f"支部有正式党员 {len(full)} 名（{ctx.today.isoformat()}），达到 {need} 名，应设立支部委员会",
                     "选举产生支部委员会后，在 committee 中列出支委姓名，并更新 elected")


def term_years(branch: Branch, params: dict) -> int:
    """The committee's term for this branch: by branch type when the profile says so, else `term_years`."""
    by_type = params.get("term_years_by_type") or {}
    for key, years in by_type.items():
        if simplify(str(key)) == branch.type and isinstance(years, int):
            return years
    years = params.get("term_years", 3)
    return years if isinstance(years, int) and years > 0 else 3


def term_due(branch: Branch, params: dict) -> dt.date | None:
    """The day by which the next election must be held (the anniversary itself is still in time)."""
    return add_years(branch.elected, term_years(branch, params)) if branch.elected else None


def overdue_on(branch: Branch, day: dt.date, params: dict) -> bool:
    """True when the 换届 is overdue on `day` (awards/term asks this on the awards' `decided`)."""
    due = term_due(branch, params)
    return due is not None and day > due


@rule("branch/term", params={"term_years": 3, "term_years_by_type": {"社区": 5, "农村": 5}},
      title="支部委员会按期换届（一般 3 年，村、社区 5 年）", source="seed 004 §二.9; 条例")
def term(ctx: RuleContext) -> None:
    for branch in sorted(ctx.site.branches.values(), key=lambda b: b.id):
        if not overdue_on(branch, ctx.today, ctx.params):
            continue
        years = term_years(branch, ctx.params)
        ctx.warn(branch.rel, ("elected",),
                 f"换届已逾期：上次选举 {branch.elected.isoformat()}，已满 {years} 年（应于 {term_due(branch, ctx.params).isoformat()} 前换届）",
                 "按期换届；确需延期的须报上级党组织批准。换届后更新 elected 和 committee")
