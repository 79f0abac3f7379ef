"""Who may be honoured in a year (评先选优): per branch, eligible or not and why.

Seed 001 §七: a branch with 3 or more theme days below 60 % satisfaction in the
year, and its 班子成员, are not eligible. Seed 004 §二.9: a branch whose 换届 is
overdue is not eligible. Seed 000 (活动方案 §四(三)): 红旗支部 at most 1/3 of
the branches (with fewer than 3 branches, 1), 模范党员 at most 20 % of the
members (with 5 or fewer, 1).

Pure functions over the Site, `today` and the profile's parameters; the
`awards/*` rules, `zhibu report`, the archive dashboard and `zhibu new awards`
all ask here, so they always agree.

    params = EligibilityParams.from_profile(profile)
    table = year_eligibility(site, 2024, today, params)   # branch id → BranchEligibility
    table["caizheng-1"].eligible, table["caizheng-1"].summary
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from fractions import Fraction

from ..rules.branch import overdue_on, term_due, term_years
from ..rules.records import pct, ratio_param, whole_param
from ..rules.theme_day import low_satisfaction_days
from .entities import Branch, Site

LOW_RULE = "awards/low-satisfaction"
TERM_RULE = "awards/term"
RED_FLAG_RULE = "awards/red-flag-share"
MODEL_RULE = "awards/model-share"

# The defaults of the awards/* rules (the seeds' figures); the profiles repeat them.
LOW_DEFAULTS = {"low_satisfaction": 0.6, "max_low": 3}
TERM_DEFAULTS = {"term_years": 3, "term_years_by_type": {"社区": 5, "农村": 5}}
RED_FLAG_DEFAULTS = {"red_flag_share": "1/3", "red_flag_minimum": 1}
MODEL_DEFAULTS = {"model_share": 0.2, "model_minimum": 1}

ELIGIBLE_TEXT = "可参评"
INELIGIBLE_TEXT = "不具备评选资格"


# --- parameters ---------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class EligibilityParams:
    """What makes a branch ineligible: the low-satisfaction threshold and count, and the term of office.

    `check_low` / `check_term` are False when the profile switches the rule off: that reason is then not given.
    """
    low_satisfaction: Fraction = Fraction(3, 5)
    max_low: int = 3
    term: dict = field(default_factory=lambda: dict(TERM_DEFAULTS))
    check_low: bool = True
    check_term: bool = True

    @classmethod
    def from_rule_params(cls, low: dict | None = None, term: dict | None = None, *,
                         check_low: bool = True, check_term: bool = True) -> EligibilityParams:
        low = {**LOW_DEFAULTS, **(low or {})}
        term = {**TERM_DEFAULTS, **(term or {})}
        return cls(ratio_param(low.get("low_satisfaction"), 0.6), whole_param(low.get("max_low"), 3),
                   {"term_years": term.get("term_years"), "term_years_by_type": term.get("term_years_by_type")},
                   check_low, check_term)

    @classmethod
    def from_profile(cls, profile) -> EligibilityParams:
        """The parameters of `awards/low-satisfaction` and `awards/term` in `profile` (None: the defaults)."""
        if profile is None:
            return cls()
        from ..rules.registry import RULES, load_rule_modules
        load_rule_modules()
        low, term = RULES.get(LOW_RULE), RULES.get(TERM_RULE)
        if low is None or term is None:
            return cls()
        return cls.from_rule_params(profile.params_for(LOW_RULE, low), profile.params_for(TERM_RULE, term),
                                    check_low=profile.enabled(LOW_RULE, low), check_term=profile.enabled(TERM_RULE, term))


# --- one branch in one year ------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Reason:
    rule: str                          # awards/low-satisfaction or awards/term
    text: str                          # "2024 年有 3 次主题党日满意率低于 60%"
    records: tuple[str, ...] = ()      # the file stems of the low theme days


@dataclass(frozen=True, slots=True)
class BranchEligibility:
    branch: str
    name: str
    year: int
    judged_on: dt.date                 # the day the term was judged on (the awards' `decided`, else the year's end)
    reasons: tuple[Reason, ...]

    @property
    def eligible(self) -> bool:
        return not self.reasons

    @property
    def reason_text(self) -> str:
        return "；".join(r.text for r in self.reasons)

    @property
    def summary(self) -> str:
        """"可参评" or "不具备评选资格：<reasons>" — for the report, the dashboard and the scaffold."""
        return ELIGIBLE_TEXT if self.eligible else f"{INELIGIBLE_TEXT}：{self.reason_text}"

    def because(self, rule_id: str) -> tuple[Reason, ...]:
        return tuple(r for r in self.reasons if r.rule == rule_id)

    def as_dict(self) -> dict:
        return {"eligible": self.eligible, "judged_on": self.judged_on.isoformat(),
                "reasons": [{"rule": r.rule, "text": r.text} for r in self.reasons]}


def judgement_day(site: Site, year: int, today: dt.date) -> dt.date:
    """The day eligibility is judged on: the year's awards `decided` when there is one; before the decision,
    today while the year runs and the last day of the year once it has ended."""
    awards = site.awards.get(year)
    if awards is not None and awards.decided is not None:
        return awards.decided
    return min(today, dt.date(year, 12, 31))


def low_satisfaction_reason(site: Site, branch_id: str, year: int, today: dt.date,
                            params: EligibilityParams) -> Reason | None:
    """Seed 001 §七: `max_low` or more theme days of the year (held by today) below the threshold."""
    if not params.check_low:
        return None
    low = low_satisfaction_days(site, branch_id, year, today, params.low_satisfaction)
    if len(low) < params.max_low:
        return None
    return Reason(LOW_RULE, f"{year} 年有 {len(low)} 次主题党日满意率低于 {pct(params.low_satisfaction)}",
                  tuple(r.stem for r in low))


def term_reason(branch: Branch, on: dt.date, params: EligibilityParams) -> Reason | None:
    """Seed 004 §二.9: the 换届 is overdue on `on` (the same judgement as `branch/term`)."""
    if not params.check_term or not overdue_on(branch, on, params.term):
        return None
    due = term_due(branch, params.term)
    return Reason(TERM_RULE, f"换届已逾期：上次选举 {branch.elected.isoformat()}，任期 {term_years(branch, params.term)} 年，"
                             f"应于 {due.isoformat()} 前换届，{on.isoformat()} 时仍未换届")


def branch_eligibility(site: Site, branch_id: str, year: int, today: dt.date, params: EligibilityParams,
                       *, on: dt.date | None = None) -> BranchEligibility:
    """Whether `branch_id` may be a 红旗支部 of `year` (and its 班子成员 模范党员), with the reasons if not."""
    branch = site.branches[branch_id]
    day = on or judgement_day(site, year, today)
    reasons = tuple(r for r in (low_satisfaction_reason(site, branch_id, year, today, params),
                                term_reason(branch, day, params)) if r is not None)
    return BranchEligibility(branch_id, branch.name, year, day, reasons)


def year_eligibility(site: Site, year: int, today: dt.date, params: EligibilityParams) -> dict[str, BranchEligibility]:
    """Every branch of the organisation in `year`, in branch id order."""
    day = judgement_day(site, year, today)
    return {b: branch_eligibility(site, b, year, today, params, on=day) for b in sorted(site.branches)}


# --- members -------------------------------------------------------------------------------------------

def leadership(branch: Branch) -> set[str]:
    """The branch's 班子成员: the committee, and the secretary (the whole 班子 of a branch without a committee)."""
    names = set(branch.committee)
    if branch.secretary:
        names.add(branch.secretary)
    return names


def member_reasons(site: Site, branch_id: str, name: str, eligibility: BranchEligibility) -> tuple[Reason, ...]:
    """Why `name` may not be a 模范党员: the branch's reasons when they are one of its 班子成员, else none."""
    branch = site.branches.get(branch_id)
    if branch is None or name not in leadership(branch):
        return ()
    return eligibility.reasons


# --- how many ------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Limit:
    base: int       # how many branches / members there are
    limit: int      # how many may be honoured
    basis: str      # "7 个支部的 1/3", "4 名党员，不足 5 人的可评 1 人"


def share_text(share: Fraction) -> str:
    """0.2 → "20%", 0.125 → "12.5%", 1/3 → "1/3" (a percentage only when it is exact to two decimals)."""
    if (share * 10000).denominator == 1:
        return pct(share)
    return f"{share.numerator}/{share.denominator}"


def _limit(base: int, share: Fraction, minimum: int, noun: str, unit: str, count_unit: str) -> Limit:
    by_share = math.floor(base * share)
    whole = f"{base} {unit}{noun}"
    if by_share >= minimum:
        return Limit(base, by_share, f"{whole}的 {share_text(share)}")
    if share > 0:
        enough = math.ceil(Fraction(minimum) / share)  # the smallest base whose share reaches the minimum
        return Limit(base, minimum, f"{whole}，不足 {enough} {count_unit}的可评 {minimum} {count_unit}")
    return Limit(base, minimum, f"{whole}，可评 {minimum} {count_unit}")


def red_flag_limit(site: Site, params: dict | None = None) -> Limit:
    """How many 红旗支部 the organisation may name: ⌊branches × share⌋, at least the minimum."""
    p = {**RED_FLAG_DEFAULTS, **(params or {})}
    return _limit(len(site.branches), ratio_param(p.get("red_flag_share"), Fraction(1, 3)),
                  max(whole_param(p.get("red_flag_minimum"), 1), 0), "支部", "个", "个")


def members_on(site: Site, day: dt.date) -> int:
    """The organisation's members on the roster on `day`."""
    return sum(len(b.roster_on(day)) for b in site.branches.values())


def model_limit(site: Site, day: dt.date, params: dict | None = None) -> Limit:
    """How many 模范党员 the organisation may name on `day`: ⌊members × share⌋, at least the minimum."""
    p = {**MODEL_DEFAULTS, **(params or {})}
    return _limit(members_on(site, day), ratio_param(p.get("model_share"), 0.2),
                  max(whole_param(p.get("model_minimum"), 1), 0), "党员", "名", "人")
