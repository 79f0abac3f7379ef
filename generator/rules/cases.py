"""`case/sections` and `case/per-branch`: the case studies (案例) of seed 003 and seed 000 §三(四)."""
from __future__ import annotations

from ..casebook.sections import HEADINGS, find_parts
from ..diagnostics import warning
from ..model import periods as P
from .meetings import year_anchor
from .registry import RuleContext, rule


@rule("case/sections", title="案例包含背景、做法、成效、启示四部分", source="seed 003")
def sections(ctx: RuleContext) -> None:
    for case in sorted(ctx.site.cases, key=lambda c: c.rel):
        parts = find_parts(case.body)
        if parts.complete:
            continue
        missing = "、".join(parts.missing)
        accepted = "；".join(f"{role}：{'、'.join(sorted(HEADINGS[role]))}" for role in parts.missing)
        # The part is missing, so there is no line of its own: point at the start of the body.
        ctx.findings.append(warning(ctx.rule_id, case.rel, (case.body_line, 1),
                                    f"案例缺少“{missing}”部分（应有背景、做法、成效、启示四部分）",
                                    f"用小标题标出各部分，可用的标题：{accepted}"))


@rule("case/per-branch", params={"cases_per_branch": 2},
      title="每个支部每年报送案例不超过 2 篇", source="seed 000 §三(四)")
def per_branch(ctx: RuleContext) -> None:
    limit = ctx.params.get("cases_per_branch", 2)
    counts: dict[tuple[str, int], list] = {}
    for case in ctx.site.cases:
        if case.branch in ctx.site.branches:
            counts.setdefault((case.branch, case.year), []).append(case)
    for (branch_id, year), cases in sorted(counts.items()):
        if len(cases) <= limit:
            continue
        branch = ctx.site.branches[branch_id]
        rel, path = year_anchor(ctx.site, branch, P.whole_year(year))
        titles = "、".join(f"《{c.data.get('title') or c.slug}》" for c in sorted(cases, key=lambda c: c.rel))
        ctx.warn(rel, path, f"{year}年 报送案例 {len(cases)} 篇（{titles}），超过每个支部每年 {limit} 篇",
                 "只保留最有代表性的案例，其余可合并或留作下一年")
