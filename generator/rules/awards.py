"""`awards/*`: the year's honours (content/awards/<year>.yaml) against the seeds' limits and eligibility.

Findings sit on the awards file at the entry concerned. The judgements are the
ones of model/eligibility.py, which the report, the dashboard and `zhibu new
awards` show before the decision.
"""
from __future__ import annotations

import math
from fractions import Fraction

from ..model.eligibility import (LOW_DEFAULTS, LOW_RULE, MODEL_DEFAULTS, RED_FLAG_DEFAULTS, TERM_DEFAULTS, TERM_RULE,
                                 EligibilityParams, Limit, branch_eligibility, leadership, model_limit, red_flag_limit,
                                 share_text)
from ..model.entities import Awards
from .records import pct, ratio_param, whole_param
from .registry import RuleContext, rule

SOURCE_SHARE = "seed 000，活动方案 §四(三)"


def _awards(ctx: RuleContext) -> list[Awards]:
    return [ctx.site.awards[y] for y in sorted(ctx.site.awards)]


def _over_at(key: str, limit: Limit) -> tuple:
    """The first entry over the limit, or the key itself when none may be named at all."""
    return (key, limit.limit) if limit.limit > 0 else (key,)


def _distinct(values) -> list:
    out = []
    for value in values:
        if value not in out:
            out.append(value)
    return out


def _minimum_text(share: Fraction, minimum: int, count_unit: str, noun: str) -> str:
    if minimum <= 0 or share <= 0:
        return ""
    enough = math.ceil(Fraction(minimum) / share)
    return f"（{noun}不足 {enough} {count_unit}的，可评 {minimum} {count_unit}）"


@rule("awards/red-flag-share", params=dict(RED_FLAG_DEFAULTS),
      title="红旗支部不超过支部总数的 1/3", source=SOURCE_SHARE)
def red_flag_share(ctx: RuleContext) -> None:
    minimum = whole_param(ctx.params.get("red_flag_minimum"), 1)
    share = ratio_param(ctx.params.get("red_flag_share"), RED_FLAG_DEFAULTS["red_flag_share"])
    limit = red_flag_limit(ctx.site, ctx.params)
    for awards in _awards(ctx):
        # A branch that does not exist is `ref/branch` only (one cause, one finding): it is not counted.
        named = [b for b in _distinct(awards.data.get("red_flag_branches") or ())
                 if b in ctx.site.branches or ctx.site.branch_is_broken(b)]
        if len(named) <= limit.limit:
            continue
        ctx.warn(awards.rel, _over_at("red_flag_branches", limit),
                 f"红旗支部 超出上限：{len(named)} 个，上限 {limit.limit} 个（{limit.basis}）",
                 f"红旗支部原则上不超过所属党支部总数的 {share_text(share)}"
                 f"{_minimum_text(share, minimum, '个', '党支部总数')}；请减少 {len(named) - limit.limit} 个")


@rule("awards/model-share", params=dict(MODEL_DEFAULTS),
      title="模范党员不超过党员总数的 20%", source=SOURCE_SHARE)
def model_share(ctx: RuleContext) -> None:
    minimum = whole_param(ctx.params.get("model_minimum"), 1)
    share = ratio_param(ctx.params.get("model_share"), MODEL_DEFAULTS["model_share"])
    for awards in _awards(ctx):
        day = awards.decided or ctx.today
        # An entry whose branch or name is a reference error is reported as that only: it is not counted.
        named = [e for e in _distinct((e.get("branch"), e.get("name")) for e in awards.data.get("model_members") or ()
                                      if isinstance(e, dict)) if _is_member(ctx.site, *e, awards.decided)]
        limit = model_limit(ctx.site, day, ctx.params)
        if len(named) <= limit.limit:
            continue
        ctx.warn(awards.rel, _over_at("model_members", limit),
                 f"模范党员 超出上限：{len(named)} 人，上限 {limit.limit} 人（{limit.basis}）",
                 f"模范党员原则上不超过所属党员总数（{day.isoformat()} 在册）的 {share_text(share)}"
                 f"{_minimum_text(share, minimum, '人', '党员人数')}；请减少 {len(named) - limit.limit} 人")


def _is_member(site, branch_id, name, day) -> bool:
    """Whether (branch, name) names a member as `ref/member` accepts it (a broken branch.yaml: taken as named)."""
    branch = site.branches.get(branch_id) if isinstance(branch_id, str) else None
    if branch is None:
        return site.branch_is_broken(branch_id)
    member = branch.member(name) if isinstance(name, str) else None
    return member is not None and (day is None or member.on_roster(day))


def _ineligible(ctx: RuleContext, rule_id: str, params: EligibilityParams, hint: str) -> None:
    """Each 红旗支部, and each 模范党员 among its branch's 班子成员, that `rule_id` makes ineligible."""
    for awards in _awards(ctx):
        judged = {}

        def eligibility(branch_id: str):
            if branch_id not in judged:
                judged[branch_id] = branch_eligibility(ctx.site, branch_id, awards.year, ctx.today, params,
                                                       on=awards.decided or ctx.today)
            return judged[branch_id]

        for i, branch_id in enumerate(awards.data.get("red_flag_branches") or ()):
            if branch_id not in ctx.site.branches:
                continue  # ref/branch
            for reason in eligibility(branch_id).because(rule_id):
                ctx.warn(awards.rel, ("red_flag_branches", i), f"红旗支部 {branch_id} 不具备评选资格：{reason.text}", hint)
        for i, entry in enumerate(awards.data.get("model_members") or ()):
            branch = ctx.site.branches.get(entry.get("branch")) if isinstance(entry, dict) else None
            name = entry.get("name") if branch is not None else None
            if branch is None or name not in leadership(branch):
                continue  # an ordinary member is not concerned; an unknown branch is ref/branch
            role = "书记" if name == branch.secretary else "支委"
            for reason in eligibility(branch.id).because(rule_id):
                ctx.warn(awards.rel, ("model_members", i),
                         f"模范党员 {name}（{branch.id} {role}）不具备评选资格：{branch.id} {reason.text}", hint)


@rule("awards/low-satisfaction", params=dict(LOW_DEFAULTS),
      title="主题党日满意率低的支部及其班子成员不得评先选优", source="seed 001 §七")
def low_satisfaction(ctx: RuleContext) -> None:
    params = EligibilityParams.from_rule_params(low=ctx.params, check_term=False)
    _ineligible(ctx, LOW_RULE, params,
                f"本年度内测评结果 {params.max_low} 次以上满意率低于 {pct(params.low_satisfaction)} 的，"
                "所在党支部及其班子成员不得纳入评先选优范围")


@rule("awards/term", params=dict(TERM_DEFAULTS),
      title="未按期换届的支部及其班子成员不得评先选优", source="seed 004 §二.9")
def term(ctx: RuleContext) -> None:
    params = EligibilityParams.from_rule_params(term=ctx.params, check_low=False)
    _ineligible(ctx, TERM_RULE, params,
                "凡无特殊原因不按期换届的，不能评先评优；换届后在 branch.yaml 中更新 elected 和 committee")
