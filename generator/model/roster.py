"""Whose attendance a record is checked against (Clarification 2) and who counts for 到会率 (Clarification 3).

    expected_roster(branch, record)  the members expected at the activity, in roster order
    counted(members)                 the same without exempt members (the 到会率 denominator)
"""
from __future__ import annotations

from .entities import Branch, Member, Record
from .vocabulary import simplify

# Types whose roster is the whole branch on the record's date.
WHOLE_BRANCH = frozenset({"主题党日", "支部党员大会", "党课", "组织生活会", "民主评议党员"})
COMMITTEE = "支委会"
GROUP = "党小组会"


def expected_roster(branch: Branch, record: Record) -> list[Member]:
    """The members expected at `record`: decided by its `type` (not by `covers`).

    Whole roster on the date for 主题党日, 支部党员大会, 党课, 组织生活会 and
    民主评议党员; the committee members for 支委会; the group's members for
    党小组会; nobody for 谈心谈话 and 其他. Names that are not on the roster on
    that date are left out (they are `ref/member` errors).
    """
    kind = simplify(record.type) if isinstance(record.type, str) else ""
    on_roster = branch.roster_on(record.date)
    if kind in WHOLE_BRANCH:
        return on_roster
    if kind == COMMITTEE:
        names = set(branch.committee)
        return [m for m in on_roster if m.name in names]
    if kind == GROUP:
        group = branch.group(record.data.get("group")) if isinstance(record.data.get("group"), str) else None
        if group is None:
            return []
        names = set(group.members)
        return [m for m in on_roster if m.name in names]
    return []


def is_exempt(member: Member) -> bool:
    """An exempt member (年老体弱 …) is listed as usual but not counted for 到会率."""
    if isinstance(member.exempt, str):
        return bool(member.exempt.strip())
    return member.exempt is True


def counted(members) -> list[Member]:
    """`members` without the exempt ones: the denominator of 到会率."""
    return [m for m in members if not is_exempt(m)]
