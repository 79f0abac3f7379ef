"""The theme day (主题党日): its nine steps and what each must show (seed 001 unless noted).

A record counts as a theme day when its type or one of its `covers` is 主题党日.
A theme day dated after today is an announcement: only what is already there is
checked (steps ①–③ present, the order of what exists, step ① and the notice
period, a move, the fixed day); the rest waits until the day has passed.
"""
from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction

from ..model.entities import Record, Site, to_date
from ..model.roster import counted, is_exempt
from ..model.vocabulary import missing_six_items, simplify
from .records import (count, is_announcement, is_theme_day, kinds, pct, pct_below, ratio_param, step_date,
                      steps_of, theme_days, whole_param)
from .attendance import strangers
from .registry import RuleContext, rule

CIRCLED = "①②③④⑤⑥⑦⑧⑨"
STEP_NAMES = {
    "1": "召开支委会确定主题", "2": "报机关党委审定", "3": "公开公示", "4": "召集会议", "5": "党员签到",
    "6": "通报到会情况", "7": "组织开展活动", "8": "主题测评", "9": "总结提升",
}
_STEP_TEMPLATES = {
    "1": "1: {date: 支委会日期, record: 支委会记录的文件名（不含 .md）}",
    "2": "2: {date: 报审日期, approved_by: 机关党委}",
    "3": "3: {date: 公示日期, channel: 公示栏、微信群}",
    "4": "4: {date: %s}",
    "5": "5: {signed: 签到人数}",
    "6": "6: {expected: 应到人数, actual: 实到人数}",
    "7": "7: {items: [诵读党章, 缴纳党费, …]}",
    "8": "8: {respondents: 参评人数, satisfied: 满意人数}",
    "9": "9: {date: 总结日期, summary: 总结要点}",
}
ANNOUNCED_STEPS = ("1", "2", "3")  # what an announcement already has (content-format.md)


def step_label(key: str) -> str:
    return f"步骤{CIRCLED[int(key) - 1]}"


def _past_theme_days(ctx: RuleContext):
    return [r for r in theme_days(ctx) if not is_announcement(r, ctx.today)]


# --- the steps --------------------------------------------------------------------

@rule("theme-day/steps", title="主题党日九个步骤齐全", source="seed 001 §六")
def steps(ctx: RuleContext) -> None:
    for record in theme_days(ctx):
        have = steps_of(record)
        wanted = ANNOUNCED_STEPS if is_announcement(record, ctx.today) else tuple(STEP_NAMES)
        for key in wanted:
            if key in have:
                continue
            template = _STEP_TEMPLATES[key]
            if key == "4":
                template = template % record.date.isoformat()
            ctx.warn(record.rel, ("steps",), f"{step_label(key)} {STEP_NAMES[key]}缺失",
                     f"在 steps 下补写：{template}")


@rule("theme-day/step-order", title="主题党日步骤顺序", source="seed 001 §六")
def step_order(ctx: RuleContext) -> None:
    hint = "九个步骤应依次进行：① ≤ ② ≤ ③ ≤ ④（即活动日）≤ ⑨"
    for record in theme_days(ctx):
        have = steps_of(record)
        day = record.date
        previous: tuple[str, dt.date] | None = None
        for key in ("1", "2", "3"):
            when = step_date(have, key)
            if when is None:
                continue
            if when > day:
                ctx.warn(record.rel, ("steps", key, "date"),
                         f"{step_label(key)} 日期 {when.isoformat()} 晚于活动日 {day.isoformat()}", hint)
                continue
            if previous is not None and when < previous[1]:
                ctx.warn(record.rel, ("steps", key, "date"),
                         f"{step_label(key)} 日期 {when.isoformat()} 早于{step_label(previous[0])} 日期 "
                         f"{previous[1].isoformat()}", hint)
            else:
                previous = (key, when)
        when = step_date(have, "4")
        if when is not None and when != day:
            ctx.warn(record.rel, ("steps", "4", "date"),
                     f"步骤④ 召集会议日期 {when.isoformat()} 与活动日 {day.isoformat()} 不一致",
                     "步骤④ 的日期就是活动举行的日期 date")
        when = step_date(have, "9")
        if when is not None and when < day:
            ctx.warn(record.rel, ("steps", "9", "date"),
                     f"步骤⑨ 总结日期 {when.isoformat()} 早于活动日 {day.isoformat()}", hint)


@rule("theme-day/committee", title="步骤①由支委会确定主题", source="seed 001 §六 ①")
def committee(ctx: RuleContext) -> None:
    for record in theme_days(ctx):
        step1 = steps_of(record).get("1")
        if not step1 or not isinstance(step1.get("record"), str):
            continue
        stem = step1["record"]
        target = ctx.site.record_by_stem.get((record.branch, stem))
        if target is None:
            continue  # `ref/record` already says so (Clarification 7)
        branch = ctx.site.branches.get(record.branch)
        without_committee = branch is not None and not branch.has_committee
        accepted = {"支委会", "支部党员大会"} if without_committee else {"支委会"}
        wanted = "支委会或支部党员大会" if without_committee else "支委会"
        if not kinds(target) & accepted:
            hint = ("本支部未设支委会：步骤① 可指向确定主题的支部党员大会记录" if without_committee else
                    "步骤① 应指向确定本次活动主题和计划的支委会记录；未设支委会的支部才可指向支部党员大会")
            ctx.warn(record.rel, ("steps", "1", "record"),
                     f"步骤① 引用的记录“{stem}”是{simplify(target.type)}，不是{wanted}", hint)
            continue
        when = to_date(step1.get("date"))
        if when is not None and target.date is not None and target.date > when:
            ctx.warn(record.rel, ("steps", "1", "record"),
                     f"步骤① 引用的{simplify(target.type)}记录日期 {target.date.isoformat()} 晚于步骤① 日期 "
                     f"{when.isoformat()}", "步骤① 的日期应为召开该次会议的日期")


@rule("theme-day/notice", params={"notice_days": 5}, title="提前公示活动安排", source="seed 001 §二")
def notice(ctx: RuleContext) -> None:
    days = whole_param(ctx.params.get("notice_days"), 5)
    for record in theme_days(ctx):
        when = step_date(steps_of(record), "3")
        if when is None or when > record.date:  # a 公示 after the day is `theme-day/step-order`
            continue
        gap = (record.date - when).days
        if gap >= days:
            continue
        if gap == 0:
            message = f"步骤③ 公示日期 {when.isoformat()} 就是活动日，应至少提前 {days} 天公示"
        else:
            message = (f"步骤③ 公示日期 {when.isoformat()} 距活动日 {record.date.isoformat()} 仅 {gap} 天，"
                       f"应至少提前 {days} 天")
        ctx.warn(record.rel, ("steps", "3", "date"), message,
                 f"实行活动预告制度：应至少提前 {days} 天以适当方式向本支部党员公示活动安排")


# --- the day itself -----------------------------------------------------------------

def _present(record: Record) -> list[str]:
    att = record.data.get("attendance")
    names = att.get("present") if isinstance(att, dict) else None
    if not isinstance(names, list):
        return []
    return list(dict.fromkeys(name for name in names if isinstance(name, str)))  # once each, in order


@rule("theme-day/attendance", params={"min_attendance": 0.8}, title="主题党日到会率", source="seed 001 §三")
def attendance(ctx: RuleContext) -> None:
    threshold = ratio_param(ctx.params.get("min_attendance"), 0.8)
    for record in _past_theme_days(ctx):
        branch = ctx.site.branches.get(record.branch)
        if branch is None:
            continue
        roster = branch.roster_on(record.date)  # a theme day is for the whole branch (seed 001 §三)
        base = counted(roster)
        if not base or strangers(branch, record):
            continue  # a misspelt name is `ref/member`: the rate is judged once it is fixed
        names = {m.name for m in base}
        came = sum(1 for n in _present(record) if n in names)
        rate = Fraction(came, len(base))
        if rate >= threshold:
            continue
        exempt = len(roster) - len(base)
        note = f"，不含 {exempt} 名免计党员" if exempt else ""
        ctx.warn(record.rel, ("attendance", "present"),
                 f"到会率 {pct_below(rate, threshold)}（{came}/{len(base)}{note}），低于 {pct(threshold)}",
                 f"每次参加人数应达到本支部党员总数的 {pct(threshold)} 以上，确因有事无法参加的应书面请假；"
                 "年老体弱等确实无法参加的党员可在 branch.yaml 中用 exempt 注明，不计入到会率")


@rule("theme-day/sign-in", title="签到与通报人数一致", source="seed 001 §六 ⑤⑥")
def sign_in(ctx: RuleContext) -> None:
    for record in _past_theme_days(ctx):
        have = steps_of(record)
        came = len(_present(record))
        signed = count((have.get("5") or {}).get("signed"))
        if signed is not None and signed != came:
            ctx.warn(record.rel, ("steps", "5", "signed"), f"步骤⑤ 签到人数 {signed} 与出席人数 {came} 不一致",
                     "签到人数应等于 attendance.present 中的人数")
        step6 = have.get("6") or {}
        actual = count(step6.get("actual"))
        if actual is not None and actual != came:
            ctx.warn(record.rel, ("steps", "6", "actual"), f"步骤⑥ 实到人数 {actual} 与出席人数 {came} 不一致",
                     "实到人数应等于 attendance.present 中的人数")
        expected = count(step6.get("expected"))
        branch = ctx.site.branches.get(record.branch)
        if expected is not None and branch is not None:
            roster = branch.roster_on(record.date)
            size = len(roster)
            if expected != size:
                exempt = sum(1 for m in roster if is_exempt(m))
                note = f"，含 {exempt} 名免计党员" if exempt else ""
                ctx.warn(record.rel, ("steps", "6", "expected"),
                         f"步骤⑥ 应到人数 {expected} 与 {record.date.isoformat()} 名册人数 {size} 不一致{note}",
                         "应到人数是活动当天支部名册上的全体党员（免计党员也计入应到），见 branch.yaml")


_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")


def _minutes(value) -> int | None:
    match = _TIME.match(value.strip()) if isinstance(value, str) else None
    return int(match.group(1)) * 60 + int(match.group(2)) if match else None


def _hours(minutes: int) -> str:
    h, m = divmod(minutes, 60)
    if not h:
        return f"{m} 分钟"
    return f"{h} 小时" + (f" {m} 分钟" if m else "")


@rule("theme-day/duration", params={"min_hours": 3.5}, title="活动时间不少于半天", source="seed 001 §二")
def duration(ctx: RuleContext) -> None:
    try:
        limit = Fraction(str(ctx.params.get("min_hours")))
    except (ValueError, ZeroDivisionError):
        limit = Fraction(7, 2)
    for record in _past_theme_days(ctx):
        start, end = record.data.get("start"), record.data.get("end")
        a, b = _minutes(start), _minutes(end)
        if a is None or b is None:
            continue
        if b < a:
            ctx.warn(record.rel, ("end",), f"结束时间 {end} 早于开始时间 {start}",
                     "时间用 24 小时制，例如下午两点写 \"14:00\"")
        elif Fraction(b - a, 60) < limit:
            ctx.warn(record.rel, ("end",),
                     f"活动时长 {_hours(b - a)}（{start}–{end}），少于 {float(limit):g} 小时",
                     "主题党日时间不少于半天；结束时间写实际结束的时间")


@rule("theme-day/evaluation", title="主题测评", source="seed 001 §七")
def evaluation(ctx: RuleContext) -> None:
    for record in _past_theme_days(ctx):
        step8 = steps_of(record).get("8")
        if not step8:
            continue  # a missing step ⑧ is `theme-day/steps`
        respondents, satisfied = count(step8.get("respondents")), count(step8.get("satisfied"))
        if respondents == 0:
            ctx.warn(record.rel, ("steps", "8", "respondents"), "步骤⑧ 参评人数为 0：活动后应当即开展主题测评",
                     "填写参评人数和满意人数，例如 8: {respondents: 20, satisfied: 18}")
        elif respondents is not None and satisfied is not None and satisfied > respondents:
            ctx.warn(record.rel, ("steps", "8", "satisfied"),
                     f"步骤⑧ 满意人数 {satisfied} 多于参评人数 {respondents}")


def satisfaction(record: Record) -> Fraction | None:
    """satisfied ÷ respondents of step ⑧, or None when there is no usable evaluation."""
    step8 = steps_of(record).get("8") or {}
    respondents, satisfied = count(step8.get("respondents")), count(step8.get("satisfied"))
    if not respondents or satisfied is None or satisfied > respondents:
        return None
    return Fraction(satisfied, respondents)


def low_satisfaction_days(site: Site, branch_id: str, year: int, today: dt.date,
                          low: float | Fraction = Fraction(3, 5)) -> list[Record]:
    """The branch's theme days of `year` (held by `today`) whose satisfaction is below `low`.

    Seed 001 §七: three or more in a year make the branch and its committee
    ineligible for awards (`theme-day/low-satisfaction`, `awards/low-satisfaction`).
    """
    limit = ratio_param(low, 0.6)
    out = []
    for record in site.branch_records(branch_id):
        if record.date is None or record.date.year != year or record.date > today or not is_theme_day(record):
            continue
        rate = satisfaction(record)
        if rate is not None and rate < limit:
            out.append(record)
    return out


@rule("theme-day/low-satisfaction", params={"low_satisfaction": 0.6, "max_low": 3},
      title="测评满意率低的次数", source="seed 001 §七")
def low_satisfaction(ctx: RuleContext) -> None:
    limit = ratio_param(ctx.params.get("low_satisfaction"), 0.6)
    most = whole_param(ctx.params.get("max_low"), 3)
    found = ctx.shared.setdefault("theme-day/low-satisfaction", {})
    for branch_id, branch in sorted(ctx.site.branches.items()):
        years = sorted({r.date.year for r in ctx.site.branch_records(branch_id) if r.date is not None})
        for year in years:
            low = low_satisfaction_days(ctx.site, branch_id, year, ctx.today, limit)
            if len(low) < most:
                continue
            found[(branch_id, year)] = [r.stem for r in low]
            details = "、".join(f"{r.date.isoformat()} {pct_below(satisfaction(r), limit)}" for r in low)
            ctx.warn(branch.rel, (),
                     f"{year}年有 {len(low)} 次主题党日测评满意率低于 {pct(limit)}（{details}），"
                     f"支部及其班子成员不得纳入当年评先选优",
                     f"本年度内测评结果 {most} 次以上满意率低于 {pct(limit)} 的，"
                     "所在党支部及其班子成员不得纳入评先选优范围，并督促及时整改")


@rule("theme-day/report", params={"report_days": 2}, title="活动后及时报送纪实表", source="seed 001 §六")
def report(ctx: RuleContext) -> None:
    days = whole_param(ctx.params.get("report_days"), 2)
    for record in _past_theme_days(ctx):
        deadline = record.date + dt.timedelta(days=days)
        value = record.data.get("reported")
        when = to_date(value)
        if when is None:
            if value is None and ctx.today > deadline:
                ctx.warn(record.rel, ("reported",),
                         f"纪实表未报送：应在活动后 {days} 天内（最迟 {deadline.isoformat()}）报送机关党委",
                         "报送后填写 reported: 报送日期")
        elif when < record.date:
            ctx.warn(record.rel, ("reported",),
                     f"报送日期 {when.isoformat()} 早于活动日 {record.date.isoformat()}",
                     "纪实表在活动之后报送；reported 应为实际报送的日期")
        elif when > deadline:
            ctx.warn(record.rel, ("reported",),
                     f"报送日期 {when.isoformat()} 晚于活动后 {days} 天（活动日 {record.date.isoformat()}）",
                     f"活动结束后 {days} 日内上报活动纪实表至机关党委；reported 写实际报送的日期")


@rule("theme-day/moved", title="改期须在当月并说明原因", source="seed 001 §二")
def moved(ctx: RuleContext) -> None:
    for record in theme_days(ctx):
        move = record.data.get("moved")
        if not isinstance(move, dict):
            continue
        planned = to_date(move.get("from"))
        if planned is not None and (planned.year, planned.month) != (record.date.year, record.date.month):
            ctx.warn(record.rel, ("moved", "from"),
                     f"主题党日由原定 {planned.isoformat()} 改到 {record.date.isoformat()}，"
                     f"不在原定的 {planned.year}年{planned.month}月",
                     "确需提前或顺延的，须报党委备案并说明原因，但必须在当月完成")
        reason = move.get("reason")
        if not (isinstance(reason, str) and reason.strip()):
            since = f"由原定 {planned.isoformat()} " if planned else ""
            ctx.warn(record.rel, ("moved",), f"主题党日{since}改期，未说明原因",
                     "写明原因，例如 moved: {from: 2024-06-15, reason: 遇周末顺延}")


# --- profile-specific ---------------------------------------------------------------

def _is_workday(day: dt.date, unknown: set[int]) -> bool:
    """The official PRC calendar (holidays and adjusted workdays); weekends only outside its data."""
    try:
        import chinese_calendar
        return bool(chinese_calendar.is_workday(day))
    except (NotImplementedError, ImportError):
        unknown.add(day.year)
        return day.weekday() < 5


def fixed_theme_day(year: int, month: int, day: int, unknown: set[int]) -> tuple[dt.date, dt.date]:
    """(the nominal day, the day the theme day is held): day `day` of the month (the last day
    of a shorter month), moved to the next working day when it is a holiday or a weekend."""
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    nominal = dt.date(year, month, min(max(day, 1), last))
    held = nominal
    for _ in range(60):
        if _is_workday(held, unknown):
            break
        held += dt.timedelta(days=1)
    return nominal, held


@rule("theme-day/fixed-day", params={"day": 15}, default_on=False, title="固定活动日", source="seed 000")
def fixed_day(ctx: RuleContext) -> None:
    default = whole_param(ctx.params.get("day"), 15)
    unknown: set[int] = set()
    for record in theme_days(ctx):
        branch = ctx.site.branches.get(record.branch)
        own = branch.fixed_day if branch is not None else None
        day = own if isinstance(own, int) and not isinstance(own, bool) and 1 <= own <= 31 else default
        nominal, held = fixed_theme_day(record.date.year, record.date.month, day, unknown)
        if record.date == held:
            continue  # the fixed day, or the working day it moves to when it is a holiday (seed 000: 顺延)
        move = record.data.get("moved")
        planned = to_date(move.get("from")) if isinstance(move, dict) else None
        if planned is not None and planned in fixed_theme_day(planned.year, planned.month, day, unknown):
            continue  # moved from its month's fixed day: `theme-day/moved` judges the move (one cause, one finding)
        why = (f"每月 {day} 日，{nominal.isoformat()} 为节假日或周末，顺延至下一个工作日" if held != nominal
               else f"每月 {day} 日")
        ctx.warn(record.rel, ("date",),
                 f"主题党日 {record.date.isoformat()} 不在本月固定活动日 {held.isoformat()}（{why}）",
                 f"确需改期的，写明 moved: {{from: {held.isoformat()}, reason: 改期原因}}；"
                 "支部另有固定日的，在 branch.yaml 中写 fixed_day")
    if unknown:
        years = "、".join(str(y) for y in sorted(unknown))
        ctx.note(f"官方节假日安排不含 {years} 年：这些年份的固定活动日只按周末顺延（theme-day/fixed-day）")


@rule("theme-day/six-items", default_on=False, title="六事联动", source="seed 002 §二")
def six_items(ctx: RuleContext) -> None:
    for record in _past_theme_days(ctx):
        step7 = steps_of(record).get("7")
        if not step7:
            continue  # a missing step ⑦ is `theme-day/steps`
        missing = missing_six_items(step7.get("items") if isinstance(step7.get("items"), list) else [])
        if missing:
            ctx.warn(record.rel, ("steps", "7", "items"), f"步骤⑦ 未列出“六事联动”中的 {'、'.join(missing)}",
                     "“六事联动”：每期主题党日都要诵读党章、缴纳党费、学习党规党情和党的创新理论、"
                     "开展组织生活、实行民主议事、落实公开制度")

