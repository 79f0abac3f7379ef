"""Build the Site from loaded Documents and check every reference (`ref/*`).

A document with a reference or file-name error still enters the model (it is
counted for the meetings it records, Clarification 7); one that could not be
read or violates its schema does not — except a record whose type and date are
understood, which is still counted for the meetings it records (``counted_only``).
"""
from __future__ import annotations

import bisect
import datetime as dt
import difflib
import os
import stat
from pathlib import Path

from ..diagnostics import Finding, error
from ..load.document import Document
from ..load.locator import Locator
from .entities import (Awards, Branch, Case, Casebook, Dues, Group, Member, Notice, Plan, Record, Site,
                       to_date)
from .vocabulary import RECORD_TYPES, simplify

UNUSABLE = {"yaml", "yaml/duplicate-key", "encoding", "schema"}
COUNTABLE = {"schema", "yaml/duplicate-key"}  # the file was read: what it records is known


def usable(doc: Document) -> bool:
    return doc.data is not None and not any(f.rule in UNUSABLE for f in doc.findings)


def assemble(docs: list[Document], root: Path, locator: Locator, today: dt.date | None = None) -> tuple[Site, list[Finding]]:
    site = build(docs)
    return site, references(site, docs, root, locator, today)


def build(docs: list[Document]) -> Site:
    """The model of the usable documents, without judging what they refer to."""
    site = Site()
    for doc in docs:
        if usable(doc):
            _add(site, doc)
            continue
        site.unusable.add(doc.rel)
        site.unusable.add(_named_right(doc))  # branch.yml is where branch.yaml is expected
        if doc.source.kind == "record":
            record = countable(doc)
            if record is not None:
                site.counted_only.append(record)
    site.records.sort(key=lambda r: (r.branch, r.date, r.rel))
    site.counted_only.sort(key=lambda r: (r.branch, r.date, r.rel))
    for record in site.records:
        site.records_by_branch.setdefault(record.branch, []).append(record)
        site.record_by_stem[(record.branch, record.stem)] = record
    return site


def references(site: Site, docs: list[Document], root: Path, locator: Locator,
               today: dt.date | None = None) -> list[Finding]:
    """The `ref/*` findings of the model built from `docs`: members, branches, records and photos referred to.

    A branch's secretary is today's: on ``today``'s roster.

    They only add findings (the model is the same with or without them), so a
    check may look for them beside the rules, in another process.
    """
    refs = _Refs(root, locator)
    refs.today = today
    # A record with its own data error still exists: pointing at it is no second error.
    refs.existing = {(d.source.branch, _stem(d.rel)) for d in docs if d.source.kind == "record"}
    for branch in site.branches.values():
        refs.branch(branch)
    for record in site.records:
        refs.record(site, record)
    for dues in site.dues.values():
        refs.dues(site, dues)
    for notice in site.notices:
        refs.branch_ref(site, notice.rel, notice.branch)
    for case in site.cases:
        refs.branch_ref(site, case.rel, case.branch)
        refs.photos(case.rel, case.data)
    for awards in site.awards.values():
        refs.awards(site, awards)
    return refs.findings


def _add(site: Site, doc: Document) -> None:
    s, d = doc.source, doc.data
    if s.kind == "org":
        site.org, site.org_rel = d, s.rel
    elif s.kind == "branch":
        site.branches[s.branch] = _branch(s.branch, s.rel, d)
    elif s.kind == "record":
        stem = _stem(s.rel)
        site.records.append(Record(s.branch, s.rel, stem, d, d["type"], tuple(d.get("covers") or ()),
                                   d["title"], to_date(d["date"]), doc.valid, doc.body or "", doc.body_line))
    elif s.kind == "plan":
        themes = {int(k): v for k, v in (d.get("themes") or {}).items() if str(k).isdigit()}
        site.plans[(s.branch, int(d["year"]))] = Plan(s.branch, s.rel, d, int(d["year"]), to_date(d.get("filed")), themes)
    elif s.kind == "dues":
        site.dues[(s.branch, int(d["year"]))] = Dues(s.branch, s.rel, d, int(d["year"]), d.get("paid") or {})
    elif s.kind == "notice":
        site.notices.append(Notice(s.rel, _stem(s.rel), d, doc.body or "", doc.body_line, d.get("branch"),
                                   to_date(d["published"]), to_date(d.get("until"))))
    elif s.kind == "case":
        site.cases.append(Case(s.rel, s.slug, d, doc.body or "", doc.body_line, int(d.get("year") or s.year),
                               d.get("branch")))
    elif s.kind == "casebook":
        site.casebooks[int(s.year)] = Casebook(s.rel, int(s.year), d)
    elif s.kind == "awards":
        site.awards[int(d["year"])] = Awards(s.rel, int(d["year"]), d, to_date(d.get("decided")))


def _named_right(doc: Document) -> str:
    """The path the document is expected at: its own, with the extension its kind has (.md or .yaml)."""
    stem = doc.rel.rsplit(".", 1)[0]
    return stem + (".md" if doc.source.kind in ("record", "notice", "case") else ".yaml")


def countable(doc: Document) -> Record | None:
    """A record with schema errors or a repeated key that still says what it was and when: counted, not judged
    (the meetings it records were held; one cause, one finding)."""
    d = doc.data
    if not isinstance(d, dict) or any(f.rule in UNUSABLE and f.rule not in COUNTABLE for f in doc.findings):
        return None
    kind, day, covers = simplify(d.get("type")), d.get("date"), d.get("covers") or ()
    if isinstance(day, str):
        day = to_date(day)
    if kind not in RECORD_TYPES or type(day) is not dt.date or not isinstance(covers, (list, tuple)):
        return None
    covers = tuple(c for c in (simplify(c) for c in covers) if c in RECORD_TYPES)
    title = d.get("title") if isinstance(d.get("title"), str) else ""
    return Record(doc.source.branch, doc.rel, _stem(doc.rel), d, kind, covers, title, day, False)


def _stem(rel: str) -> str:
    """File name without folder and extension, as os.path.splitext cuts it (pathlib cost 30 µs a call)."""
    name = rel.rpartition("/")[2]
    dot = name.rfind(".")
    return name[:dot] if dot > 0 and name[:dot].lstrip(".") else name


def _all_listed(by_name: dict, off: frozenset, names) -> bool:
    """Every name in `names` is on the roster (in `by_name`, not in `off`): then no name needs a look."""
    try:
        names = set(names)
    except TypeError:  # something unhashable: the names are looked at one by one
        return False
    return by_name.keys() >= names and off.isdisjoint(names)


def _branch(branch_id: str, rel: str, d: dict) -> Branch:
    members = tuple(
        Member(m["name"], m.get("status", "正式"), to_date(m.get("joined")), to_date(m.get("since")),
               to_date(m.get("left")), bool(m.get("leader")), m.get("exempt"), i)
        for i, m in enumerate(d.get("members") or ()))
    groups = tuple(Group(g["name"], g.get("leader"), tuple(g.get("members") or ()), i)
                   for i, g in enumerate(d.get("groups") or ()))
    return Branch(branch_id, rel, d, d["name"], d.get("type", ""), d.get("secretary"),
                  tuple(d.get("committee") or ()), to_date(d.get("elected")), d.get("fixed_day"), groups, members)


class _Refs:
    def __init__(self, root: Path, locator: Locator):
        self.root = root
        self.content = (root / "content").resolve()
        self.content_str = str(self.content)
        self.content_prefix = os.path.join(self.content_str, "")
        self._folders: dict[str, str] = {}
        self._changes: dict[str, tuple] = {}
        self.loc = locator
        self.findings: list[Finding] = []
        self.existing: set[tuple[str, str]] = set()  # (branch, file stem) of every record file
        self.today: dt.date | None = None

    def add(self, rule: str, rel: str, path: tuple, message: str, hint: str | None = None) -> None:
        self.findings.append(error(rule, rel, self.loc.pos(rel, path), message, hint))

    # --- members -------------------------------------------------------------
    def member(self, branch: Branch, rel: str, path: tuple, name, day=None, what: str = "") -> None:
        if not isinstance(name, str):
            return
        m = branch.member(name)
        if m is not None and (day is None or m.on_roster(day)):
            return
        when = f" {day.isoformat()} 的" if day else "的"
        message = f"{what}“{name}”不在{branch.name}{when}党员名册中"
        if m is not None and m.left and day and m.left <= day:
            hint = f"{name} 已于 {m.left.isoformat()} 转出本支部"
        elif m is not None and m.since and day and m.since > day:
            hint = f"{name} 于 {m.since.isoformat()} 才转入本支部"
        else:
            guess = difflib.get_close_matches(name, [x.name for x in branch.members], n=1, cutoff=0.5)
            hint = f"是否应为“{guess[0]}”？" if guess else f"请先在 {branch.rel} 的 members 中登记此人"
        self.add("ref/member", rel, path, message, hint)

    def branch(self, b: Branch) -> None:
        # The secretary is today's and must be on today's roster. Committee and group lists may keep
        # members who have since left: their past meetings are judged by who was on the roster then.
        seen: dict[str, int] = {}
        for m in b.members:
            if m.name in seen:
                self.add("schema", b.rel, ("members", m.index, "name"),
                         f"名册中“{m.name}”已在第 {seen[m.name] + 1} 位登记过：同一支部的党员不能重名",
                         "重名时用可区分的写法，例如 张伟(大)、张伟(小)，并在记录中使用同样的写法")
            else:
                seen[m.name] = m.index
        if b.secretary:
            self.member(b, b.rel, ("secretary",), b.secretary, self.today, what="书记")
        for i, name in enumerate(b.committee):
            self.member(b, b.rel, ("committee", i), name, what="支委")
        for g in b.groups:
            if g.leader:
                self.member(b, b.rel, ("groups", g.index, "leader"), g.leader, what="党小组组长")
            for j, name in enumerate(g.members):
                self.member(b, b.rel, ("groups", g.index, "members", j), name, what="党小组成员")

    def record(self, site: Site, r: Record) -> None:
        b = site.branches.get(r.branch)
        if b is None:
            if not site.branch_is_broken(r.branch):  # else its branch.yaml's own error says it all
                self.add("ref/branch", r.rel, ("type",), f"支部“{r.branch}”不存在：缺少 content/branches/{r.branch}/branch.yaml")
            return
        d, day = r.data, r.date
        by_name = b.by_name

        def listed(name) -> bool:
            """On the roster that day: the common case, decided here without the message machinery."""
            m = by_name.get(name) if isinstance(name, str) else None
            return m is not None and (m.since is None or m.since <= day) and (m.left is None or m.left > day)

        for key, what in (("host", "主持人"), ("recorder", "记录人"), ("speaker", "授课人")):
            if not listed(d.get(key)):
                self.member(b, r.rel, (key,), d.get(key), day, what)
        att = d.get("attendance") or {}
        off = self._off_roster(b, day)
        present = att.get("present") or ()
        if not _all_listed(by_name, off, present):
            for i, name in enumerate(present):
                if not listed(name):
                    self.member(b, r.rel, ("attendance", "present", i), name, day, "出席者")
        absent = att.get("absent") or {}
        if not _all_listed(by_name, off, absent):
            for name in absent:
                if not listed(name):
                    self.member(b, r.rel, ("attendance", "absent", name), name, day, "缺席者")
        if d.get("group") and b.group(d["group"]) is None:
            names = "、".join(g.name for g in b.groups) or "（本支部没有党小组）"
            self.add("ref/branch", r.rel, ("group",), f"{b.name}没有名为“{d['group']}”的党小组", f"已有的党小组：{names}")
        step1 = ((d.get("steps") or {}).get("1") or {})
        target = step1.get("record") if isinstance(step1, dict) else None
        if target and (r.branch, str(target)) not in self.existing:
            self.add("ref/record", r.rel, ("steps", "1", "record"),
                     f"步骤①引用的记录“{target}”在{b.name}中不存在",
                     "record 应为该支委会记录的文件名（不含 .md），例如 2024-06-03-支委会")
        self.photos(r.rel, d)

    def _off_roster(self, b: Branch, day) -> frozenset:
        """The names of the roster that are not on it on `day` (each member by `by_name`, as `member` judges).

        Whether a member is on the roster changes only on a `since` or `left`
        date, so the set is the same between two such dates: it is made once
        per stretch of days and branch.
        """
        changes = self._changes.get(b.id)
        if changes is None:
            changes = self._changes[b.id] = (
                sorted({m.since for m in b.by_name.values() if m.since} | {m.left for m in b.by_name.values() if m.left}),
                {})
        dates, sets = changes
        stretch = bisect.bisect_right(dates, day)
        off = sets.get(stretch)
        if off is None:
            off = sets[stretch] = frozenset(
                n for n, m in b.by_name.items()
                if not ((m.since is None or m.since <= day) and (m.left is None or m.left > day)))
        return off

    def dues(self, site: Site, dues: Dues) -> None:
        b = site.branches.get(dues.branch)
        if b is None:
            if not site.branch_is_broken(dues.branch):
                self.add("ref/branch", dues.rel, ("year",), f"支部“{dues.branch}”不存在")
            return
        start, end = dt.date(dues.year, 1, 1), dt.date(dues.year, 12, 31)
        for name in dues.paid:
            m = b.member(name)
            if m is None or not m.during(start, end):
                self.member(b, dues.rel, ("paid", name), name, None if m is None else end, "党费名单中的")

    def branch_ref(self, site: Site, rel: str, branch_id) -> None:
        if branch_id and branch_id not in site.branches and not site.branch_is_broken(branch_id):
            guess = difflib.get_close_matches(str(branch_id), sorted(site.branches), n=1, cutoff=0.5)
            self.add("ref/branch", rel, ("branch",), f"支部“{branch_id}”不存在",
                     f"是否应为“{guess[0]}”？" if guess else "branch 应为 content/branches/ 下的支部目录名")

    def awards(self, site: Site, a: Awards) -> None:
        for i, bid in enumerate(a.data.get("red_flag_branches") or ()):
            if bid not in site.branches and not site.branch_is_broken(bid):
                self.add("ref/branch", a.rel, ("red_flag_branches", i), f"支部“{bid}”不存在")
        for i, entry in enumerate(a.data.get("model_members") or ()):
            b = site.branches.get(entry.get("branch"))
            if b is None:
                if not site.branch_is_broken(entry.get("branch")):
                    self.add("ref/branch", a.rel, ("model_members", i, "branch"), f"支部“{entry.get('branch')}”不存在")
            else:
                self.member(b, a.rel, ("model_members", i, "name"), entry.get("name"), a.decided, "模范党员")
        for i, ref in enumerate(a.data.get("best_theme_days") or ()):
            bid, _, stem = str(ref).partition("/")
            if (bid, stem) not in self.existing:
                self.add("ref/record", a.rel, ("best_theme_days", i), f"最佳主题党日“{ref}”对应的记录不存在",
                         "格式为 <支部编号>/<记录文件名（不含 .md）>")

    # --- media ---------------------------------------------------------------
    def photos(self, rel: str, data: dict) -> None:
        for i, photo in enumerate(data.get("photos") or ()):
            src = photo.get("src") if isinstance(photo, dict) else None
            if not isinstance(src, str):
                continue
            problem = self.media_problem(src)
            if problem:
                self.add("ref/media", rel, ("photos", i, "src"), problem,
                         "照片应放在 content/media/ 下，src 写相对于 content/ 的路径，例如 media/2024/0614-1.jpg")

    def media_problem(self, src: str) -> str | None:
        if os.path.isabs(src) or src.startswith(("\\", "/")) or ":" in src.split("/")[0]:
            return f"照片路径“{src}”不能是绝对路径"
        real, is_file = self._resolve(os.path.join(self.content_str, src))
        if real != self.content_str and not real.startswith(self.content_prefix):
            return f"照片路径“{src}”指向 content/ 之外"
        if not is_file:
            return f"照片文件“{src}”不存在（应在 content/{src}）"
        return None

    def _resolve(self, target: str) -> tuple[str, bool]:
        """os.path.realpath(target) and whether it is a file, with one system call for a plain file.

        The folders' real paths are remembered (every photo of a year shares
        one); only a file name that is a link, or a dot name, takes the full walk.
        """
        folder, name = os.path.split(target)
        if name not in ("", ".", ".."):
            real_folder = self._folders.get(folder)
            if real_folder is None:
                real_folder = self._folders[folder] = os.path.realpath(folder)
            try:
                st = os.lstat(target)
            except OSError:
                return os.path.join(real_folder, name), False
            if not stat.S_ISLNK(st.st_mode):
                return os.path.join(real_folder, name), stat.S_ISREG(st.st_mode)
        real = os.path.realpath(target)
        return real, os.path.isfile(real)
