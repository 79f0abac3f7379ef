"""Rules on one activity record as a document: `record/elements` (seed 004 §二.2, Clarification 8).

Also the small helpers the attendance and theme-day rules share: which records
are announcements, which count as a theme day, the steps mapping, exact ratios
and percentages that never round across a threshold.
"""
from __future__ import annotations

import datetime as dt
from fractions import Fraction

from ..model.entities import Record, to_date
from ..model.vocabulary import simplify
from .registry import RuleContext, rule

THEME_DAY = "主题党日"
# 三会一课 and the theme day: their records must have every element (seed 004 §二.2).
MEETINGS = frozenset({"支部党员大会", "支委会", "党小组会", "党课", THEME_DAY})


# --- shared helpers -------------------------------------------------------------

def is_announcement(record: Record, today: dt.date) -> bool:
    """A record dated after today announces an activity that has not happened yet (content-format.md);
    one dated today is a held activity, judged like any other (as the loader requires its fields)."""
    return record.date is not None and record.date > today


def kinds(record: Record) -> frozenset[str]:
    """The kinds a record counts as (type and covers); the loader has made them Simplified."""
    return record.kind_set


def is_theme_day(record: Record) -> bool:
    return THEME_DAY in kinds(record)


def theme_days(ctx: RuleContext):
    """Every record that counts as a 主题党日 and has a date, in branch and date order (computed once)."""
    found = ctx.shared.get("theme_days")
    if found is None:
        found = ctx.shared["theme_days"] = [r for r in ctx.site.records if r.date is not None and is_theme_day(r)]
    return list(found)


def steps_of(record: Record) -> dict:
    """The steps mapping with string keys "1".."9"; a step that is not a mapping is left out."""
    steps = record.data.get("steps")
    if not isinstance(steps, dict):
        return {}
    return {str(k): v for k, v in steps.items() if isinstance(v, dict)}


def step_date(steps: dict, key: str) -> dt.date | None:
    step = steps.get(key)
    return to_date(step.get("date")) if isinstance(step, dict) else None


def count(value) -> int | None:
    """A head count from the data, or None when it is not a whole number."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value


def whole_param(value, default: int) -> int:
    """A whole-number parameter (days, a count), or `default` when it is not one."""
    if isinstance(value, bool):
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def ratio_param(value, default: float) -> Fraction:
    """A ratio parameter as an exact fraction; 80 is read as 80 % like 0.8."""
    try:
        frac = Fraction(str(value))
    except (ValueError, ZeroDivisionError):
        frac = Fraction(str(default))
    return frac / 100 if frac > 1 else frac


def pct(value: Fraction) -> str:
    """A percentage: a whole number, or as many decimals as needed to be exact (up to 2)."""
    percent = value * 100
    for digits in range(0, 3):
        text = f"{float(percent):.{digits}f}"
        if Fraction(text) == percent:
            return f"{text}%"
    return f"{float(percent):.2f}%"


def pct_below(value: Fraction, threshold: Fraction) -> str:
    """A percentage for a value below `threshold`, never rounded up to the threshold (79.6 % is not "80%")."""
    percent, limit = value * 100, threshold * 100
    for digits in range(0, 5):
        text = f"{float(percent):.{digits}f}"
        if Fraction(text) < limit:
            return f"{text}%"
    return f"{float(percent):.4f}%"


# --- record/elements --------------------------------------------------------------

# (path, element name, hint when missing); an empty string or list counts as missing
# for the first group, only an absent key for the second (Clarification 8).
_NON_EMPTY = (
    (("title",), "主题（title）", None),
    (("start",), "开始时间（start）", "时间写作带引号的 \"HH:MM\"，例如 start: \"08:30\""),
    (("end",), "结束时间（end）", "时间写作带引号的 \"HH:MM\"，例如 end: \"12:00\""),
    (("place",), "地点（place）", None),
)
_PRESENT_EVEN_EMPTY = (
    (("attendance", "absent"), "缺席人员（attendance.absent）", "没有缺席时也要写 absent: {}"),
    (("attendance", "observers"), "列席人员（attendance.observers）", "没有列席时也要写 observers: []"),
    (("votes",), "表决情况（votes）", "没有表决事项时写 votes: []"),
    (("resolutions",), "决议分工落实情况（resolutions）", "没有决议时写 resolutions: []"),
)


def _get(data, path):
    node = data
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return _MISSING
        node = node[key]
    return node


_MISSING = object()


@rule("record/elements", title="会议记录要素齐全", source="seed 004 §二.2")
def elements(ctx: RuleContext) -> None:
    for record in ctx.site.records:
        if not (kinds(record) & MEETINGS) or is_announcement(record, ctx.today):
            continue
        data = record.data
        what = next(k for k in (simplify(x) for x in record.kinds) if k in MEETINGS)
        for path, name, hint in _NON_EMPTY:
            value = _get(data, path)
            if value is _MISSING or value is None or (isinstance(value, str) and not value.strip()):
                ctx.warn(record.rel, path, f"{what}记录缺少要素：{name}", hint)
        present = _get(data, ("attendance", "present"))
        if present is _MISSING or present is None:
            ctx.warn(record.rel, ("attendance", "present"), f"{what}记录缺少要素：出席人员（attendance.present）",
                     "在 attendance.present 中列出出席的党员")
        elif isinstance(present, list) and not present:
            ctx.warn(record.rel, ("attendance", "present"), f"{what}记录的出席人员为空：会议应有出席者",
                     "在 attendance.present 中列出出席的党员")
        for path, name, hint in _PRESENT_EVEN_EMPTY:
            value = _get(data, path)
            if value is _MISSING or value is None:
                ctx.warn(record.rel, path, f"{what}记录缺少要素：{name}", hint)
        speeches = _get(data, ("speeches",))
        if speeches is _MISSING or speeches is None:
            ctx.warn(record.rel, ("speeches",), f"{what}记录缺少要素：发言内容（speeches）",
                     "每人次发言写一项：- {speaker: 姓名, text: 发言要点}")
        elif isinstance(speeches, list) and not speeches:
            ctx.warn(record.rel, ("speeches",), f"{what}记录的发言内容为空：会议应记录发言",
                     "每人次发言写一项：- {speaker: 姓名, text: 发言要点}")
