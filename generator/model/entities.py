"""The domain model: frozen values built from validated documents.

Each entity keeps `rel` (its file) and `data` (the normalised field values) so
rules can point at any field; the typed attributes are the ones rules use most.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

Date = dt.date


def to_date(value) -> Date | None:
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Member:
    name: str
    status: str
    joined: Date | None
    since: Date | None
    left: Date | None
    leader: bool
    exempt: str | None
    index: int  # position in the roster list, for findings

    def on_roster(self, day: Date) -> bool:
        return (self.since is None or self.since <= day) and (self.left is None or self.left > day)

    def during(self, start: Date, end: Date) -> bool:
        """On the roster at some time in [start, end]."""
        return (self.since is None or self.since <= end) and (self.left is None or self.left > start)


@dataclass(frozen=True, slots=True)
class Group:
    name: str
    leader: str | None
    members: tuple[str, ...]
    index: int


@dataclass(frozen=True, slots=True)
class Branch:
    id: str
    rel: str
    data: dict
    name: str
    type: str
    secretary: str | None
    committee: tuple[str, ...]
    elected: Date | None
    fixed_day: int | None
    groups: tuple[Group, ...]
    members: tuple[Member, ...]
    by_name: dict = field(default_factory=dict, compare=False, repr=False)
    rosters: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        if not self.by_name:
            self.by_name.update((m.name, m) for m in self.members)

    def member(self, name: str) -> Member | None:
        return self.by_name.get(name)

    def roster_on(self, day: Date) -> list[Member]:
        """Members on the roster on `day` (memoised: every rule asks for the same dates)."""
        cached = self.rosters.get(day)
        if cached is None:
            cached = self.rosters[day] = tuple(m for m in self.members if m.on_roster(day))
        return list(cached)

    def names_on(self, day: Date) -> frozenset:
        """The names on the roster on `day` (memoised)."""
        key = ("names", day)
        cached = self.rosters.get(key)
        if cached is None:
            cached = self.rosters[key] = frozenset(m.name for m in self.roster_on(day))
        return cached

    def group(self, name: str) -> Group | None:
        for g in self.groups:
            if g.name == name:
                return g
        return None

    @property
    def has_committee(self) -> bool:
        return bool(self.committee)


@dataclass(frozen=True, slots=True)
class Record:
    branch: str
    rel: str
    stem: str
    data: dict
    type: str
    covers: tuple[str, ...]
    title: str
    date: Date
    valid: bool  # False when the file has a reference or file-name error (still counted)
    body: str = ""                    # only while it holds the placeholder `zhibu new` wrote (else not kept)
    body_line: int = 1

    kinds: tuple[str, ...] = ()       # its type and everything it covers, computed once
    kind_set: frozenset = frozenset()

    def __post_init__(self):
        if not self.kinds:
            kinds = (self.type,) + tuple(k for k in self.covers if k != self.type)
            object.__setattr__(self, "kinds", kinds)
            object.__setattr__(self, "kind_set", frozenset(kinds))

    @property
    def year(self) -> int:
        return self.date.year


@dataclass(frozen=True, slots=True)
class Plan:
    branch: str
    rel: str
    data: dict
    year: int
    filed: Date | None
    themes: dict  # month (int) → {"title", "kind"}


@dataclass(frozen=True, slots=True)
class Dues:
    branch: str
    rel: str
    data: dict
    year: int
    paid: dict  # name → list of 12 amounts or None


@dataclass(frozen=True, slots=True)
class Notice:
    rel: str
    stem: str
    data: dict
    body: str
    body_line: int
    branch: str | None
    published: Date
    until: Date | None

    @property
    def public(self) -> bool:
        return self.data.get("scope") == "党外"


@dataclass(frozen=True, slots=True)
class Case:
    rel: str
    slug: str
    data: dict
    body: str
    body_line: int
    year: int
    branch: str | None


@dataclass(frozen=True, slots=True)
class Casebook:
    rel: str
    year: int
    data: dict


@dataclass(frozen=True, slots=True)
class Awards:
    rel: str
    year: int
    data: dict
    decided: Date | None


@dataclass(slots=True)
class Site:
    org: dict | None = None
    org_rel: str | None = None
    branches: dict[str, Branch] = field(default_factory=dict)
    records: list[Record] = field(default_factory=list)
    plans: dict[tuple[str, int], Plan] = field(default_factory=dict)
    dues: dict[tuple[str, int], Dues] = field(default_factory=dict)
    notices: list[Notice] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    casebooks: dict[int, Casebook] = field(default_factory=dict)
    awards: dict[int, Awards] = field(default_factory=dict)
    # Records with a schema error whose type and date are understood: counted for the meetings they
    # record, so one mistake is one finding (not also "no 支委会 in March"), and judged by no other rule.
    counted_only: list[Record] = field(default_factory=list)
    # Files that exist but could not be used (their own data error says why): never reported as missing.
    unusable: set[str] = field(default_factory=set)
    # indexes built once by assemble()
    records_by_branch: dict[str, list[Record]] = field(default_factory=dict)
    record_by_stem: dict[tuple[str, str], Record] = field(default_factory=dict)

    def branch_records(self, branch_id: str) -> list[Record]:
        return self.records_by_branch.get(branch_id, [])

    def has_broken(self, rel: str) -> bool:
        """Whether ``rel`` exists but has a data error of its own (so it is not in the model)."""
        return rel in self.unusable

    def branch_is_broken(self, branch_id) -> bool:
        return isinstance(branch_id, str) and f"content/branches/{branch_id}/branch.yaml" in self.unusable

    def years(self) -> list[int]:
        found = {r.year for r in self.records} | {y for _, y in self.plans}
        return sorted(found)
