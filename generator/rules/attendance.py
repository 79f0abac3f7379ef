"""Attendance of one record: everyone listed once, written leave, makeups (seed 001 §三 §六, seed 004 §二.6).

The roster a record is checked against depends on its type (Clarification 2,
`model.roster.expected_roster`); exempt members are still listed (Clarification 3).
Announcements (records dated after today) wait until their date has passed.
"""
from __future__ import annotations

import datetime as dt

from ..model.entities import to_date
from ..model.roster import expected_roster
from ..model.vocabulary import same, simplify
from .records import is_announcement, is_theme_day, whole_param
from .registry import RuleContext, rule

WRITTEN = "书面"


def _attendance(record) -> tuple[list, dict]:
    att = record.data.get("attendance")
    if not isinstance(att, dict):
        return [], {}
    present = att.get("present") if isinstance(att.get("present"), list) else []
    absent = att.get("absent") if isinstance(att.get("absent"), dict) else {}
    return [n for n in present if isinstance(n, str)], absent


def strangers(branch, record) -> list[str]:
    """Names in the record's attendance that are not on the branch roster on its date (`ref/member`)."""
    present, absent = _attendance(record)
    on_roster = branch.names_on(record.date)
    return [n for n in dict.fromkeys(present + [n for n in absent if isinstance(n, str)]) if n not in on_roster]


def _past_records(ctx: RuleContext):
    for record in ctx.site.records:
        if record.date is not None and not is_announcement(record, ctx.today):
            yield record


@rule("attendance/roster", title="出席缺席登记完整", source="seed 001 §三")
def roster(ctx: RuleContext) -> None:
    for record in _past_records(ctx):
        present, absent = _attendance(record)
        seen: set[str] = set(present)
        if len(seen) < len(present) or not seen.isdisjoint(absent):  # else nobody is listed twice
            seen = set()
            for i, name in enumerate(present):
                if name in seen:
                    ctx.warn(record.rel, ("attendance", "present", i), f"{name} 在出席名单中重复出现",
                             "每人只登记一次")
                seen.add(name)
            for name in absent:
                if name in seen:
                    ctx.warn(record.rel, ("attendance", "absent", name), f"{name} 同时登记为出席和缺席",
                             "只保留其中一处")
        branch = ctx.site.branches.get(record.branch)
        if branch is None:
            continue
        on_roster = branch.names_on(record.date)
        if not on_roster.issuperset(present) or any(isinstance(n, str) and n not in on_roster for n in absent):
            continue  # a misspelt name is `ref/member` (`strangers`); judge the list once it is fixed
        listed = seen | set(absent)
        missing = [m.name for m in expected_roster(branch, record) if m.name not in listed]
        if not missing:
            continue
        whom = {"支委会": "支委", "党小组会": "党小组成员"}.get(simplify(record.type), "党员")
        ctx.warn(record.rel, ("attendance",),
                 f"{record.date.isoformat()} 名册上的{whom} {'、'.join(missing)} 既未登记出席也未登记缺席",
                 "在 attendance.present 中登记出席，或在 attendance.absent 中登记缺席原因和请假方式")


@rule("attendance/leave", title="缺席须书面请假", source="seed 001 §三")
def leave(ctx: RuleContext) -> None:
    for record in _past_records(ctx):
        _, absent = _attendance(record)
        for name, entry in absent.items():
            value = entry.get("leave") if isinstance(entry, dict) else None
            if same(value, WRITTEN):
                continue
            if value is None:
                message = f"缺席的 {name} 未写明请假方式，应书面请假"
            elif same(value, "无"):
                message = f"缺席的 {name} 未请假（leave: 无），应书面请假"
            else:
                message = f"缺席的 {name} 未书面请假（leave: {value}）"
            ctx.warn(record.rel, ("attendance", "absent", name, "leave"), message,
                     "确因有事无法参加的应书面请假，支部保存请假条；补交书面请假后改为 leave: 书面")


@rule("attendance/makeup", params={"makeup_days": 30}, title="缺席党员及时补课",
      source="seed 001 §六, seed 004 §二.6")
def makeup(ctx: RuleContext) -> None:
    days = whole_param(ctx.params.get("makeup_days"), 30)
    for record in _past_records(ctx):
        if not is_theme_day(record):
            continue
        _, absent = _attendance(record)
        deadline = record.date + dt.timedelta(days=days)
        for name, entry in absent.items():
            entry = entry if isinstance(entry, dict) else {}
            when = to_date(entry.get("makeup"))
            path = ("attendance", "absent", name, "makeup")
            if when is None:
                if ctx.today > deadline:  # the window is still open until then
                    ctx.warn(record.rel, path,
                             f"缺席的 {name} 没有补课记录：应在活动日 {record.date.isoformat()} 后 {days} 天内"
                             f"（最迟 {deadline.isoformat()}）补课",
                             "补课（补学、送学上门）后填写 makeup: 补课日期")
            elif when < record.date:
                ctx.warn(record.rel, path,
                         f"{name} 的补课日期 {when.isoformat()} 早于活动日 {record.date.isoformat()}",
                         "makeup 应为缺席之后补课的日期")
            elif when > deadline:
                ctx.warn(record.rel, path,
                         f"{name} 的补课日期 {when.isoformat()} 在活动日 {record.date.isoformat()} 后 "
                         f"{(when - record.date).days} 天，超过 {days} 天",
                         f"缺席的党员应在活动后 {days} 天内补课（补学、送学上门）")

