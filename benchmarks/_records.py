"""One branch of a benchmark project: its roster, activity records, plans and dues.

`write_branch` is the unit of work (it runs in a worker process when generating in
parallel): given a `Branch` planned by make_project.py it writes every file of that
branch and returns what the organisation-level files need (record paths, theme days).

The text is produced with string templates, never a YAML dumper: it is an order of
magnitude faster and keeps the layout close to what a secretary writes by hand.
Every value written here satisfies content-format.md and the `national` profile of
rules.md: theme days carry all nine steps in order, attendance lists every roster member
exactly once, absences have written leave, and step ① names this branch's 支委会 record.
"""

from __future__ import annotations

import base64
import calendar
import datetime as dt
import os
import random
from dataclasses import dataclass, field

import _text as T

# A 16x12 red JPEG (287 bytes): a real image, so tools that open photos do not choke.
PHOTO_BYTES = base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERX"
    "RTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2Nj"
    "Y2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAAMABADASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAA"
    "AAX/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAABAb/xAAUEQEAAAAAAAAAAAAAAAAA"
    "AAAA/9oADAMBAAIRAxEAPwCOACqH/9k="
)

DAY = dt.timedelta(days=1)


@dataclass(slots=True)
class Member:
    name: str
    status: str  # 正式 | 预备
    joined: dt.date
    since: dt.date | None = None
    left: dt.date | None = None
    leader: bool = False
    exempt: str | None = None
    dues: float = 50  # monthly amount in yuan

    def on_roster(self, day: dt.date) -> bool:
        return (self.since is None or self.since <= day) and (self.left is None or self.left > day)


@dataclass(slots=True)
class Group:
    name: str
    leader: str
    members: list[str]


@dataclass(slots=True)
class Branch:
    id: str
    name: str
    type: str
    parent: str
    secretary: str
    committee: list[str]
    elected: dt.date
    groups: list[Group]
    members: list[Member]
    years: list[int]
    extras: dict[int, int] = field(default_factory=dict)  # year -> number of 谈心谈话/其他 records


def mandatory_records(groups: int) -> int:
    """12 theme days, 12 支委会, 12 党小组会 per group, 4 党员大会, 4 党课, 组织生活会, 民主评议."""
    return 12 + 12 + 12 * groups + 4 + 4 + 1 + 1


@dataclass(slots=True)
class Event:
    date: dt.date
    type: str
    slug: str
    title: str
    extra: dict = field(default_factory=dict)


def weekday_on_or_after(day: dt.date) -> dt.date:
    """The first working day on or after `day` (weekends and fixed-date holidays skipped)."""
    while day.weekday() >= 5 or (day.month, day.day) in T.HOLIDAYS:
        day += DAY
    return day


def cn_number(n: int) -> str:
    """1..99 in Chinese numerals (一, 十二, 二十三)."""
    if n < 10:
        return T.CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else T.CN_DIGITS[tens]
    return head + "十" + (T.CN_DIGITS[ones] if ones else "")


def names(items) -> str:
    return ", ".join(items)


class BranchWriter:
    """Writes the files of one branch into a project root."""

    def __init__(self, root: str, branch: Branch, seed: str, today: dt.date, limit: int | None = None):
        self.root = root
        self.b = branch
        self.rng = random.Random(f"{seed}:{branch.id}")
        self.today = today
        self.limit = limit  # tiny projects: stop after this many records
        self.by_name = {m.name: m for m in branch.members}
        self.committee = [self.by_name[n] for n in branch.committee]
        self.used: set[str] = set()
        self.records: list[str] = []
        self.theme_days: dict[int, list[str]] = {}
        self.bytes = 0
        self.files = 0
        self.base = os.path.join(root, "content", "branches", branch.id)

    # ----------------------------------------------------------------- output
    def _write(self, rel_dir: str, name: str, data: bytes) -> None:
        path = os.path.join(rel_dir, name)
        with open(path, "wb") as fh:
            fh.write(data)
        self.bytes += len(data)
        self.files += 1

    def run(self) -> dict:
        os.makedirs(self.base, exist_ok=True)
        self._write(self.base, "branch.yaml", self.branch_yaml().encode())
        for sub in ("plans", "dues"):
            os.makedirs(os.path.join(self.base, sub), exist_ok=True)
        for year in self.b.years:
            themes = self.plan_themes()
            self._write(os.path.join(self.base, "plans"), f"{year}.yaml", self.plan_yaml(year, themes).encode())
            self._write(os.path.join(self.base, "dues"), f"{year}.yaml", self.dues_yaml(year).encode())
            events = self.schedule(year, themes)
            rec_dir = os.path.join(self.base, "records", str(year))
            os.makedirs(rec_dir, exist_ok=True)
            for ev in events:
                if self.limit is not None and len(self.records) >= self.limit:
                    break
                stem = f"{ev.date.isoformat()}-{ev.slug}"
                text = self.render(ev)
                self._write(rec_dir, stem + ".md", text.encode())
                self.records.append(f"content/branches/{self.b.id}/records/{year}/{stem}.md")
                if ev.type == "主题党日":
                    self.theme_days.setdefault(year, []).append(stem)
        return {
            "branch": self.b.id,
            "records": self.records,
            "theme_days": self.theme_days,
            "bytes": self.bytes,
            "files": self.files,
        }

    # ------------------------------------------------------- branch-level files
    def branch_yaml(self) -> str:
        b = self.b
        out = [
            f"name: {b.name}",
            f"type: {b.type}",
            f"parent: {b.parent}",
            f"secretary: {b.secretary}",
            f"committee: [{names(b.committee)}]",
            f"elected: {b.elected.isoformat()}",
            "fixed_day: 15",
            "groups:",
        ]
        for g in b.groups:
            out += [f"  - name: {g.name}", f"    leader: {g.leader}", f"    members: [{names(g.members)}]"]
        out.append("members:")
        for m in b.members:
            out += [f"  - name: {m.name}", f"    status: {m.status}", f"    joined: {m.joined.isoformat()}"]
            if m.since:
                out.append(f"    since: {m.since.isoformat()}")
            if m.left:
                out.append(f"    left: {m.left.isoformat()}")
            if m.leader:
                out.append("    leader: true")
            if m.exempt:
                out.append(f"    exempt: {m.exempt}")
        return "\n".join(out) + "\n"

    def plan_yaml(self, year: int, themes) -> str:
        filed = weekday_on_or_after(dt.date(year, 1, self.rng.randint(5, 24)))
        out = [f"year: {year}", f"filed: {filed.isoformat()}", "themes:"]
        for month, (_, title, _) in enumerate(themes, 1):
            kind = "必选" if title in T.MUST_THEMES or month in (7, 10) else "自选"
            out.append(f"  {month}: {{title: {title}, kind: {kind}}}")
        return "\n".join(out) + "\n"

    def dues_yaml(self, year: int) -> str:
        out = [f"year: {year}", "paid:"]
        for m in self.b.members:
            months = []
            for month in range(1, 13):
                first = dt.date(year, month, 1)
                last = dt.date(year, month, calendar.monthrange(year, month)[1])
                on = (m.since is None or m.since <= last) and (m.left is None or m.left > first)
                months.append(_amount(m.dues) if on else "null")
            if any(x != "null" for x in months):
                out.append(f"  {m.name}: [{', '.join(months)}]")
        return "\n".join(out) + "\n"

    def plan_themes(self) -> list[tuple[str, str, int]]:
        """Twelve distinct topics, seasonal ones in their month more often than not."""
        rng = self.rng
        general = [t for t in T.THEMES if not t[2]]
        rng.shuffle(general)
        themes = []
        for month in range(1, 13):
            seasonal = [t for t in T.THEMES if t[2] == month]
            themes.append(rng.choice(seasonal) if seasonal and rng.random() < 0.7 else general.pop())
        return themes

    # ---------------------------------------------------------------- schedule
    def schedule(self, year: int, themes) -> list[Event]:
        rng = self.rng
        events: list[Event] = []
        for month in range(1, 13):
            committee_day = weekday_on_or_after(dt.date(year, month, rng.randint(1, 3)))
            topic = "研究确定主题党日活动方案" if rng.random() < 0.6 else f"研究主题党日方案和{rng.choice(T.COMMITTEE_TOPICS)[2:]}"
            committee = Event(committee_day, "支委会", "支委会", f"{month}月支委会：{topic}")
            events.append(committee)
            planned = dt.date(year, month, 15)
            theme_day = weekday_on_or_after(planned)
            slug, title, _ = themes[month - 1]
            extra = {"committee": committee, "theme": title}
            if theme_day != planned:
                extra["moved"] = (planned, "周末顺延")
            events.append(Event(theme_day, "主题党日", slug, title, extra))
            for g in self.b.groups:
                day = weekday_on_or_after(dt.date(year, month, rng.randint(18, 25)))
                topic = rng.choice(T.GROUP_TOPICS)
                events.append(Event(day, "党小组会", f"{g.name}会", f"{g.name}会：{topic}", {"group": g}))
            quarter = (month - 1) // 3 + 1
            if month % 3 == 2:
                day = weekday_on_or_after(dt.date(year, month, rng.randint(20, 26)))
                events.append(Event(day, "党课", "党课", rng.choice(T.LECTURE_TITLES), {"quarter": quarter}))
            if month % 3 == 0:
                day = weekday_on_or_after(dt.date(year, month, rng.randint(6, 12)))
                topic = rng.choice(T.MEMBER_MEETING_TOPICS)
                events.append(Event(day, "支部党员大会", "支部党员大会",
                                    f"第{cn_number(quarter)}季度支部党员大会：{topic}"))
        events.append(Event(weekday_on_or_after(dt.date(year, 12, rng.randint(16, 19))), "组织生活会",
                            "组织生活会", f"{year}年度组织生活会"))
        events.append(Event(weekday_on_or_after(dt.date(year, 12, rng.randint(22, 25))), "民主评议党员",
                            "民主评议党员", f"{year}年度民主评议党员"))
        for _ in range(self.b.extras.get(year, 0)):
            kind, slug, title = rng.choice(T.EXTRA_RECORDS)
            day = weekday_on_or_after(dt.date(year, rng.randint(1, 12), rng.randint(1, 26)))
            events.append(Event(day, kind, slug, title))
        self._assign_lecturers(year, events)
        events.sort(key=lambda e: (e.date, e.type != "支委会"))
        for ev in events:  # unique file names within a branch
            base, n = ev.slug, 1
            while f"{ev.date}-{ev.slug}" in self.used:
                n += 1
                ev.slug = f"{base}-{n}"
            self.used.add(f"{ev.date}-{ev.slug}")
        return events

    def _assign_lecturers(self, year: int, events: list[Event]) -> None:
        """The secretary and every 党员领导干部 give a 党课 each year (seed 004 §一.3, seed 002 §三.4)."""
        lectures = [e for e in events if e.type == "党课"]
        speakers = [self.b.secretary] + [m.name for m in self.b.members if m.leader and m.name != self.b.secretary]
        while len(speakers) < len(lectures):
            speakers.append(self.rng.choice(self.b.committee))
        self.rng.shuffle(speakers)
        for ev, speaker in zip(lectures, speakers):
            ev.extra["speaker"] = speaker

    # ---------------------------------------------------------------- records
    def roster(self, ev: Event) -> list[Member]:
        if ev.type == "支委会":
            return self.committee
        if ev.type == "党小组会":
            return [self.by_name[n] for n in ev.extra["group"].members]
        return [m for m in self.b.members if m.on_roster(ev.date)]

    def attendance(self, ev: Event, roster: list[Member], keep: set[str]):
        """Present names and absentees {name: (reason, makeup)}; at most 20 % of the non-exempt absent."""
        rng = self.rng
        absent: dict[str, tuple[str, dt.date | None]] = {}
        active = [m for m in roster if not m.exempt]
        cap = len(active) // 5
        k = min(cap, rng.choices((0, 1, 2, 3), (30, 35, 20, 15))[0])
        candidates = [m for m in active if m.name not in keep]
        away = set(m.name for m in rng.sample(candidates, min(k, len(candidates))))
        for m in roster:
            if m.exempt:
                absent[m.name] = (T.EXEMPT_ABSENCE, self._makeup(ev.date))
            elif m.name in away:
                makeup = self._makeup(ev.date) if ev.type == "主题党日" or rng.random() < 0.5 else None
                absent[m.name] = (rng.choice(T.ABSENCE_REASONS), makeup)
        present = [m for m in roster if m.name not in absent]
        return present, absent

    def _makeup(self, day: dt.date) -> dt.date:
        return min(day + self.rng.randint(1, 10) * DAY, self.today)

    def render(self, ev: Event) -> str:
        rng = self.rng
        b = self.b
        if ev.type in ("谈心谈话", "其他"):
            return self.render_other(ev)
        roster = self.roster(ev)
        if ev.type == "党小组会":
            group = ev.extra["group"]
            host = group.leader
            recorder = next(n for n in group.members if n != host and not self.by_name[n].exempt)
        else:
            host = b.secretary
            recorder = b.committee[1] if len(b.committee) > 1 else b.secretary
        keep = {host, recorder}
        if "speaker" in ev.extra:
            keep.add(ev.extra["speaker"])
        present, absent = self.attendance(ev, roster, keep)
        theme = ev.type == "主题党日"
        if theme:
            start, end = "08:30", rng.choice(("12:00", "12:00", "12:30"))
            place = rng.choice(T.FIELD_PLACES) if rng.random() < 0.3 else rng.choice(T.PLACES)
        else:
            hour = rng.choice((9, 10, 14, 15, 16))
            start, end = f"{hour:02d}:{rng.choice(('00', '30'))}", f"{hour + rng.choice((1, 2)):02d}:30"
            place = rng.choice(T.PLACES)
        topic = ev.extra.get("theme") or ev.title.split("：")[-1]
        out = [
            "---",
            f"type: {ev.type}",
            f"title: {ev.title}",
            f"date: {ev.date.isoformat()}",
            f'start: "{start}"',
            f'end: "{end}"',
            f"place: {place}",
            f"host: {host}",
            f"recorder: {recorder}",
        ]
        if ev.type == "党小组会":
            out.append(f"group: {ev.extra['group'].name}")
        if ev.type == "党课":
            out.append(f"speaker: {ev.extra['speaker']}")
        out += ["summary: |", "  " + rng.choice(T.SUMMARY_TEMPLATES[ev.type]).format(topic=topic)]
        out += self._attendance_lines(present, absent, ev)
        speakers = [m.name for m in present if m.name != host]
        speakers = rng.sample(speakers, min(len(speakers), rng.randint(2, 5))) or [host]
        out.append("speeches:")
        out += [f"  - {{speaker: {s}, text: {rng.choice(T.SPEECH_TEXTS)}}}" for s in speakers]
        out += self._votes(ev, present)
        out += self._resolutions(ev, present)
        if theme:
            if "moved" in ev.extra:
                planned, reason = ev.extra["moved"]
                out.append(f"moved: {{from: {planned.isoformat()}, reason: {reason}}}")
            out.append(f"reported: {min(ev.date + rng.randint(0, 2) * DAY, self.today).isoformat()}")
            out += self._photos(ev)
            out += self._steps(ev, roster, present)
        out.append("---")
        out.append(self.body(ev, host, len(roster), present, speakers))
        return "\n".join(out) + "\n"

    def _attendance_lines(self, present, absent, ev) -> list[str]:
        out = ["attendance:", f"  present: [{names(m.name for m in present)}]"]
        if absent:
            out.append("  absent:")
            for name, (reason, makeup) in absent.items():
                made = makeup.isoformat() if makeup else "null"
                out.append(f"    {name}: {{reason: {reason}, leave: 书面, makeup: {made}}}")
        else:
            out.append("  absent: {}")
        if ev.type in ("支部党员大会", "主题党日") and self.rng.random() < 0.25:
            observer = f"{self.rng.choice(T.OBSERVERS)} {self.rng.choice(T.SURNAMES)}{self.rng.choice(T.GIVEN)}"
            out.append(f"  observers: [{observer}]")
        else:
            out.append("  observers: []")
        return out

    def _votes(self, ev: Event, present) -> list[str]:
        rng = self.rng
        if ev.type not in ("支委会", "支部党员大会", "民主评议党员", "主题党日") or rng.random() < 0.3:
            return ["votes: []"]
        voters = sum(1 for m in present if m.status == "正式")
        abstain = 1 if voters > 5 and rng.random() < 0.1 else 0
        item = rng.choice(T.VOTE_ITEMS) if ev.type != "民主评议党员" else "民主评议党员等次"
        method = "无记名投票" if ev.type == "民主评议党员" else "举手"
        return ["votes:", f"  - {{item: {item}, for: {voters - abstain}, against: 0, abstain: {abstain}, method: {method}}}"]

    def _resolutions(self, ev: Event, present) -> list[str]:
        rng = self.rng
        n = rng.choice((0, 1, 1, 2, 2, 3))
        if not n:
            return ["resolutions: []"]
        out = ["resolutions:"]
        for text in rng.sample(T.RESOLUTION_TEXTS, n):
            owner = rng.choice(present).name
            due = ev.date + rng.randint(5, 30) * DAY
            status = "已完成" if due <= self.today else "进行中"
            out.append(f"  - {{text: {text}, owner: {owner}, due: {due.isoformat()}, status: {status}}}")
        return out

    def _photos(self, ev: Event) -> list[str]:
        year = ev.date.year
        rel = f"media/{year}/{self.b.id}"
        folder = os.path.join(self.root, "content", rel)
        os.makedirs(folder, exist_ok=True)
        out = ["photos:"]
        for i in range(1, self.rng.choice((1, 1, 2)) + 1):
            name = f"{ev.date.strftime('%m%d')}-{i}.jpg"
            self._write(folder, name, PHOTO_BYTES)
            public = "true" if i == 1 else "false"
            out.append(f"  - {{src: {rel}/{name}, caption: {self.rng.choice(T.PHOTO_CAPTIONS)}, public: {public}}}")
        return out

    def _steps(self, ev: Event, roster, present) -> list[str]:
        """The nine steps of seed 001 §六, dated ① ≤ ② ≤ ③ ≤ ④ = date ≤ ⑨, ③ at least 5 days ahead."""
        rng = self.rng
        committee: Event = ev.extra["committee"]
        s1 = committee.date
        s2 = weekday_on_or_after(s1 + DAY)
        s3 = weekday_on_or_after(s2 + DAY)
        if (ev.date - s3).days < 5:  # after a holiday week: approve and announce at once
            s2 = s3 = s1
        s9 = min(ev.date + rng.choice((0, 0, 1, 2)) * DAY, self.today)
        n = len(present)
        satisfied = n - rng.choice((0, 0, 0, 1, 1, 2)) if n > 4 else n
        items = list(T.STEP7_ITEMS) if rng.random() < 0.7 else rng.sample(T.STEP7_ITEMS, 4)
        scores = ", ".join(f"{k}: {rng.randint(42, 50) / 10}" for k in ("主题特色鲜明", "内容充实健康", "方式灵活生动", "效果突出显著"))
        return [
            "steps:",
            f"  1: {{date: {s1.isoformat()}, record: {committee.date.isoformat()}-{committee.slug}}}",
            f"  2: {{date: {s2.isoformat()}, approved_by: 机关党委}}",
            f"  3: {{date: {s3.isoformat()}, channel: {rng.choice(T.CHANNELS)}}}",
            f"  4: {{date: {ev.date.isoformat()}}}",
            f"  5: {{signed: {n}}}",
            f"  6: {{expected: {len(roster)}, actual: {n}}}",
            f"  7: {{items: [{names(items)}]}}",
            f"  8: {{respondents: {n}, satisfied: {satisfied}, scores: {{{scores}}}}}",
            f"  9: {{date: {s9.isoformat()}, summary: {rng.choice(T.STEP9_SUMMARIES)}}}",
        ]

    def body(self, ev: Event, host: str, expected: int, present, speakers) -> str:
        """The internal record (纪实): five sections, about 2.5 KB of Chinese."""
        rng = self.rng
        fill = {"host": host, "expected": expected, "actual": len(present)}
        overview, agenda_h, content, talk, decision = T.BODY_HEADINGS[ev.type == "主题党日"]
        agenda = rng.sample(T.AGENDA_ITEMS, rng.randint(3, 5))
        parts = [
            f"## {overview}\n\n{rng.choice(T.BODY_OPENINGS).format(**fill)}" + "".join(rng.sample(T.STUDY_SENTENCES, 2)),
            f"## {agenda_h}\n\n" + "\n".join(f"{i}. {a}" for i, a in enumerate(agenda, 1)),
            f"## {content}\n\n" + "".join(rng.sample(T.STUDY_SENTENCES, rng.randint(3, 5)))
            + "\n\n" + "".join(rng.sample(T.BODY_SENTENCES, rng.randint(5, 8))),
            f"## {talk}\n\n" + "\n\n".join(
                f"**{s}**：{rng.choice(T.SPEECH_TEXTS)}。{''.join(rng.sample(T.BODY_SENTENCES, 2))}" for s in speakers),
            f"## {decision}\n\n" + "".join(rng.sample(T.BODY_SENTENCES, 3)) + rng.choice(T.BODY_CLOSINGS).format(**fill),
        ]
        return "\n\n".join(parts)

    def render_other(self, ev: Event) -> str:
        """谈心谈话 and 其他: only type, title, date, place, host, attendance are required."""
        rng = self.rng
        roster = [m for m in self.b.members if m.on_roster(ev.date) and m.name != self.b.secretary]
        host = self.b.secretary if ev.type == "谈心谈话" else rng.choice(self.b.committee)
        if ev.type == "谈心谈话":
            present = [host, rng.choice(roster).name]
        else:
            present = [host] + [m.name for m in rng.sample(roster, min(len(roster), rng.randint(4, 10)))
                                if m.name != host and not m.exempt]
        hour = rng.choice((9, 10, 15))
        out = [
            "---",
            f"type: {ev.type}",
            f"title: {ev.title}",
            f"date: {ev.date.isoformat()}",
            f'start: "{hour:02d}:00"',
            f'end: "{hour + 1:02d}:00"',
            f"place: {rng.choice(T.PLACES if ev.type == '谈心谈话' else T.FIELD_PLACES)}",
            f"host: {host}",
            "summary: |",
            "  " + rng.choice(T.SUMMARY_TEMPLATES[ev.type]).format(topic=ev.title),
            "attendance:",
            f"  present: [{names(present)}]",
            "  absent: {}",
            "  observers: []",
            "---",
            "## 情况记录\n\n" + "".join(rng.sample(T.BODY_SENTENCES, rng.randint(6, 10))),
            "",
            "## 后续安排\n\n" + "".join(rng.sample(T.BODY_SENTENCES, 3)),
        ]
        return "\n".join(out) + "\n"


def _amount(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.1f}"


def write_branch(args) -> dict:
    """Worker entry point: (root, branch, seed, today, limit) -> summary of what was written."""
    root, branch, seed, today, limit = args
    return BranchWriter(root, branch, seed, today, limit).run()
