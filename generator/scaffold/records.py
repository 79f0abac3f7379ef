"""The skeleton of an activity record: every field laid out, what can be known already filled in.

Filled in from the project:

- `attendance.present`: the roster on that date whose attendance the record is checked
  against (the whole branch; the committee for 支委会; the group for 党小组会; nobody for
  谈心谈话 and 其他). Exempt members (年老体弱 …) are listed as absent with written leave.
- host, recorder, place and times: the secretary (the group leader for 党小组会) and what the
  branch's latest records say, else common defaults; a theme day lasts at least half a day.
- 主题党日: the month's theme from the year's plan as the title; the nine steps with dates
  proposed from the rules: ① the latest 支委会 of that month on or before the date (the
  支部党员大会 in a branch without a committee), ② two days after ①, ③ five days before
  the date, ④ and ⑨ on the date, `reported` the day after.

When there is no 支委会 record to point step ① at, step ① is left out with a comment
saying what to do: a made-up record name would be a data error (`ref/record`), a missing
step is only a compliance finding, so the file still loads.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ruamel.yaml.comments import CommentedMap

from ..diagnostics import UsageError
from ..model.entities import Branch, Member, Record, Site
from ..model.roster import is_exempt
from ..model.vocabulary import SIX_ITEMS, simplify
from .comments import SchemaDocs
from .naming import slugify
from .placeholders import PLACEHOLDER, RECORD_BODY
from .writer import document_text, inline, inline_map, note, quoted

RECORD_TYPES: tuple[str, ...] = ("主题党日", "支部党员大会", "支委会", "党小组会", "党课",
                                 "组织生活会", "民主评议党员", "谈心谈话", "其他")
THEME_DAY = "主题党日"
COMMITTEE = "支委会"
MEMBER_MEETING = "支部党员大会"
GROUP_MEETING = "党小组会"
LECTURE = "党课"
# 三会一课 and the theme day: recorder, times, speeches, votes and resolutions are required.
FULL_ELEMENTS = frozenset({MEMBER_MEETING, COMMITTEE, GROUP_MEETING, LECTURE, THEME_DAY})
WHOLE_BRANCH = frozenset({THEME_DAY, MEMBER_MEETING, LECTURE, "组织生活会", "民主评议党员"})

DEFAULT_PLACE = "党员活动室"
DEFAULT_TIMES = {THEME_DAY: ("08:30", "12:00")}
OTHER_TIMES = ("15:00", "16:30")
MIN_THEME_DAY_MINUTES = 210   # 3.5 h (theme-day/duration)
NOTICE_DAYS = 5               # ③ at least five days before the date (theme-day/notice)
REVIEW_DAYS = 2               # ② two days after ①
BODY = RECORD_BODY + "\n"


@dataclass(frozen=True, slots=True)
class RecordRequest:
    type: str            # as the secretary wrote it (Simplified or Traditional)
    date: dt.date
    title: str | None = None
    group: str | None = None
    slug: str | None = None

    @property
    def kind(self) -> str:
        return simplify(self.type)


@dataclass(frozen=True, slots=True)
class Skeleton:
    rel: str                    # where to write it, relative to the project root
    data: CommentedMap
    body: str | None = None     # Markdown body: the file is front matter + body
    trailer: str | None = None  # comment lines after the last field (optional fields left out)

    def text(self) -> str:
        return document_text(self.data, self.body, trailer=self.trailer)


def record_skeleton(site: Site, branch: Branch, req: RecordRequest, docs: SchemaDocs,
                    today: dt.date | None = None, intro: str | None = None) -> Skeleton:
    kind, day = req.kind, req.date
    if kind not in RECORD_TYPES:
        raise UsageError(f"“{req.type}”不是活动记录的类型")
    if not branch.roster_on(day):
        raise UsageError(f"{day.isoformat()} 这一天支部 {branch.id} 的花名册上没有党员：请核对日期，或 branch.yaml 中党员的 since（转入日期）")
    group = choose_group(branch, req.group) if kind == GROUP_MEETING else None
    expected = expected_members(branch, kind, day, group)
    present = [m.name for m in expected if not is_exempt(m)]
    exempt = [m for m in expected if is_exempt(m)]
    earlier = [r for r in site.branch_records(branch.id) if r.date <= day]
    host = _host(branch, kind, day, group)

    planned = _planned_theme(site, branch, day) if kind == THEME_DAY else None
    title = (req.title or "").strip() or planned or kind
    slug = slugify(req.slug or title, fallback=kind)
    rel = f"content/branches/{branch.id}/records/{day.year}/{day.isoformat()}-{slug}.md"

    d = CommentedMap()
    field = lambda *path: docs.field("record", *path)  # noqa: E731
    d["type"] = req.type
    d["covers"] = inline()
    d["title"] = title
    d["date"] = day
    start, end = _times(earlier, kind)
    d["start"] = quoted(start)
    d["end"] = quoted(end)
    d["place"] = _place(earlier)
    d["host"] = host
    d["recorder"] = _recorder(earlier, expected, host, branch, day)
    if kind == GROUP_MEETING:
        d["group"] = group.name
    if kind == LECTURE:
        d["speaker"] = host
    d["summary"] = quoted("")
    attendance = CommentedMap()
    attendance["present"] = inline(present)
    attendance["absent"] = CommentedMap(
        (m.name, inline_map(reason=m.exempt if isinstance(m.exempt, str) else "免于计入到会率", leave="书面", makeup=None))
        for m in exempt)
    if not exempt:
        attendance["absent"].fa.set_flow_style()
    attendance["observers"] = inline()
    d["attendance"] = attendance
    d["speeches"] = inline()
    d["votes"] = inline()
    d["resolutions"] = inline()
    if kind == THEME_DAY:
        d["reported"] = day + dt.timedelta(days=1)
        d["plan_change"] = None
    d["photos"] = inline()

    # -- comments -----------------------------------------------------------------------------
    header = [intro] if intro else []
    header += [docs.script(f"{kind}记录（{branch.name}）。# 后面是说明，可以保留，也可以删去。"),
              docs.script("已预填能确定的内容：请核对出席名单、时间、地点、主持人和记录人，再补写其余部分；"
                          "保存后运行 zhibu check，会逐项说明还缺什么。")]
    if today is not None and day > today:
        header.append(docs.script("这一天在“今天”之后，是活动预告：先写好类型、主题、日期、开始时间和地点"
                                  + ("以及步骤①—③" if kind == THEME_DAY else "")
                                  + "，活动结束后再补全其余内容。"))
    d.yaml_set_start_comment("\n".join(header))
    note(d, "type", field("type"))
    note(d, "covers", field("covers"))
    title_note = field("title")
    if kind == THEME_DAY:
        if planned and not req.title:
            title_note += docs.script(f"\n已取 {day.year} 年计划中 {day.month} 月的主题。")
        elif not planned:
            title_note += docs.script(f"\n{day.year} 年计划中没有 {day.month} 月的主题（可用 zhibu new plan 新建计划）：请填写主题。")
    note(d, "title", title_note)
    for key in ("date", "start", "end", "place", "host", "recorder", "summary", "attendance", "photos"):
        note(d, key, field(key))
    if kind == GROUP_MEETING:
        note(d, "group", field("group"))
    if kind == LECTURE:
        note(d, "speaker", field("speaker"))
    roster_note = {
        COMMITTEE: "已列出这一天的全体支委会委员",
        GROUP_MEETING: f"已列出这一天{group.name if group else '党小组'}的全体成员",
    }.get(kind, "已列出这一天花名册上的全体党员" if kind in WHOLE_BRANCH else "写参加的党员姓名")
    note(attendance, "present", field("attendance", "present") + docs.script(
        f"\n{roster_note}：没有到会的人请从这里删去，写到下面的 absent 中。"), indent=2)
    note(attendance, "absent", field("attendance", "absent") + (
        docs.script("\n免于计入到会率的党员已列为缺席，请补上补课（送学上门）的日期。") if exempt else ""), indent=2)
    note(attendance, "observers", field("attendance", "observers"), indent=2)
    who = host or "张伟"
    note(d, "speeches", field("speeches") + docs.script(
        f"\n有发言时写成（每人次一行）：\n  speeches:\n    - {{speaker: {who}, text: 发言要点}}"))
    n = len(present)
    note(d, "votes", field("votes") + docs.script(
        f"\n有表决时写成：\n  votes:\n    - {{item: 表决事项, for: {n}, against: 0, abstain: 0, method: 举手}}"))
    note(d, "resolutions", field("resolutions") + docs.script(
        f"\n有决议时写成：\n  resolutions:\n    - {{text: 决议内容, owner: {who}, due: {(day + dt.timedelta(days=14)).isoformat()}, status: 进行中}}"))
    moved = docs.script(docs.field("record", "moved") + f"\nmoved: {{from: {day.isoformat()}, reason: 改期原因}}")
    if kind == THEME_DAY:
        note(d, "reported", moved + "\n" + field("reported"))
        note(d, "plan_change", field("plan_change"))
        _steps(d, site, branch, day, present, expected, docs)
    else:
        note(d, "photos", moved + "\n" + field("photos"))
    return Skeleton(rel, d, docs.script(BODY))


# -- who was expected, who leads ------------------------------------------------------------------

def choose_group(branch: Branch, name: str | None):
    if not branch.groups:
        raise UsageError(f"支部 {branch.id} 没有党小组：先在 branch.yaml 的 groups 中写明党小组，再新建党小组会记录")
    if name:
        group = branch.group(name) or next((g for g in branch.groups if simplify(g.name) == simplify(name)), None)
        if group is None:
            names = "、".join(g.name for g in branch.groups)
            raise UsageError(f"支部 {branch.id} 没有名为“{name}”的党小组（现有：{names}）")
        return group
    if len(branch.groups) == 1:
        return branch.groups[0]
    names = "、".join(g.name for g in branch.groups)
    raise UsageError(f"支部 {branch.id} 有多个党小组（{names}）：请用 --group 指明是哪个党小组开会")


def expected_members(branch: Branch, kind: str, day: dt.date, group=None) -> list[Member]:
    """Whose attendance the record is checked against (rules.md, Clarification 2)."""
    on_roster = branch.roster_on(day)
    if kind in WHOLE_BRANCH:
        return on_roster
    if kind == COMMITTEE:
        names = set(branch.committee)
        return [m for m in on_roster if m.name in names]
    if kind == GROUP_MEETING and group is not None:
        names = set(group.members)
        return [m for m in on_roster if m.name in names]
    return []


def _host(branch: Branch, kind: str, day: dt.date, group) -> str | None:
    on_roster = {m.name for m in branch.roster_on(day)}
    if kind == GROUP_MEETING and group is not None and group.leader in on_roster:
        return group.leader
    if branch.secretary in on_roster:
        return branch.secretary
    return next(iter(m.name for m in branch.roster_on(day)), branch.secretary)


def _recorder(earlier: list[Record], expected: list[Member], host, branch: Branch, day: dt.date):
    on_roster = {m.name for m in branch.roster_on(day)}
    candidates = [m.name for m in expected] or [m.name for m in branch.roster_on(day)]
    for record in reversed(earlier):
        name = record.data.get("recorder")
        if isinstance(name, str) and name != host and name in on_roster and name in candidates:
            return name
    committee = [n for n in branch.committee if n in on_roster and n != host]
    for name in committee + candidates:
        if name != host:
            return name
    return host


# -- where and when -------------------------------------------------------------------------------

def _minutes(text) -> int | None:
    if not isinstance(text, str) or len(text) != 5 or text[2] != ":":
        return None
    try:
        return int(text[:2]) * 60 + int(text[3:])
    except ValueError:
        return None


def _times(earlier: list[Record], kind: str) -> tuple[str, str]:
    for record in reversed(earlier):
        if simplify(record.type) != kind:
            continue
        start, end = record.data.get("start"), record.data.get("end")
        a, b = _minutes(start), _minutes(end)
        if a is None or b is None or b <= a:
            continue
        if kind == THEME_DAY and b - a < MIN_THEME_DAY_MINUTES:
            continue
        return start, end
    return DEFAULT_TIMES.get(kind, OTHER_TIMES)


def _place(earlier: list[Record]) -> str:
    for record in reversed(earlier):
        place = record.data.get("place")
        if isinstance(place, str) and place.strip():
            return place
    return DEFAULT_PLACE


def _planned_theme(site: Site, branch: Branch, day: dt.date) -> str | None:
    plan = site.plans.get((branch.id, day.year))
    theme = plan.themes.get(day.month) if plan else None
    title = theme.get("title") if isinstance(theme, dict) else None
    if not isinstance(title, str) or not title.strip() or title.strip() == PLACEHOLDER:
        return None
    return title.strip()


# -- the nine steps -------------------------------------------------------------------------------

def deciding_meeting(site: Site, branch: Branch, day: dt.date) -> Record | None:
    """The record step ① points at: the latest 支委会 of the month on or before `day`
    (a 支部党员大会 in a branch without a committee, Clarification 4)."""
    kinds = {COMMITTEE} if branch.has_committee else {COMMITTEE, MEMBER_MEETING}
    found = [r for r in site.branch_records(branch.id)
             if r.date <= day and (r.date.year, r.date.month) == (day.year, day.month)
             and simplify(r.type) in kinds]
    return found[-1] if found else None


def propose_step_dates(day: dt.date, first: dt.date | None) -> dict[int, dt.date]:
    """① ≤ ② ≤ ③ ≤ ④ = day: ② two days after ①, ③ five days before the day."""
    third = day - dt.timedelta(days=NOTICE_DAYS)
    if first is None:
        second = third - dt.timedelta(days=REVIEW_DAYS)
    else:
        second = min(first + dt.timedelta(days=REVIEW_DAYS), max(third, first))
        third = max(third, second)
    dates = {2: second, 3: third, 4: day, 9: day}
    if first is not None:
        dates[1] = first
    return dates


def _steps(d: CommentedMap, site: Site, branch: Branch, day: dt.date, present: list[str],
           expected: list[Member], docs: SchemaDocs) -> None:
    meeting = deciding_meeting(site, branch, day)
    dates = propose_step_dates(day, meeting.date if meeting else None)
    steps = CommentedMap()
    if meeting is not None:
        steps[1] = inline_map(date=dates[1], record=meeting.stem)
    steps[2] = inline_map(date=dates[2], approved_by="机关党委")
    steps[3] = inline_map(date=dates[3], channel="公示栏、微信群")
    steps[4] = inline_map(date=dates[4])
    steps[5] = inline_map(signed=len(present))
    steps[6] = inline_map(expected=len(expected), actual=len(present))
    steps[7] = inline_map(items=inline(SIX_ITEMS))
    steps[8] = inline_map(respondents=len(present), satisfied=len(present))
    steps[9] = inline_map(date=dates[9])
    d["steps"] = steps
    note(d, "steps", docs.field("record", "steps") + docs.script(
        "\n日期按规则推算：②在①之后两天，③比活动日期早 5 天，④⑨为活动当天；请按实际改正。"))
    step = lambda n: docs.field("record", "steps", str(n))  # noqa: E731
    if meeting is not None:
        note(steps, 1, step(1), indent=2)
        second = step(2)
    else:
        kind = COMMITTEE if branch.has_committee else f"{COMMITTEE}（或{MEMBER_MEETING}）"
        second = "\n".join([
            step(1),
            docs.script(f"本月在 {day.isoformat()} 之前还没有{kind}记录：请先运行"),
            f"  zhibu new {COMMITTEE if branch.has_committee else MEMBER_MEETING} --branch {branch.id} --date YYYY-MM-DD",
            docs.script("新建并填写确定本次主题的那次会议的记录，再在下面加一行（record 写那份记录的文件名，不含 .md）："),
            "1: {date: YYYY-MM-DD, record: YYYY-MM-DD-名称}",
            step(2),
        ])
    note(steps, 2, second, indent=2)
    for n in range(3, 10):
        extra = {
            5: "已按出席名单人数预填，请按签到册改正。",
            6: "应到为这一天的应到人数，实到为出席名单人数。",
            7: "已列出“六事联动”六项，删去未开展的，补上其他内容。",
            8: "已按出席人数预填参评和满意人数，请按测评结果改正；可加 scores: {主题特色鲜明: 4.8, 内容充实健康: 4.6, 方式灵活生动: 4.5, 效果突出显著: 4.7}。",
            9: "可加 summary: 主要结论或整改措施。",
        }.get(n)
        note(steps, n, step(n) + ("\n" + docs.script(extra) if extra else ""), indent=2)
