"""The rule registry: each compliance rule is one function registered under its stable ID.

    @rule("theme-day/attendance", params={"min_attendance": 0.8})
    def attendance(ctx: RuleContext) -> None:
        ...
        ctx.warn(record.rel, ("attendance", "present"), "到会率 75%（15/20），低于 80%")

A rule reads the Site and its own parameters (from the profile) and emits
findings through the context; it never prints and never raises for bad data.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

from ..diagnostics import Finding, warning
from ..load.locator import Locator
from ..model.entities import Site


@dataclass(frozen=True, slots=True)
class RuleSpec:
    id: str
    func: Callable
    params: dict
    default_on: bool
    title: str
    source: str


RULES: dict[str, RuleSpec] = {}


def rule(rule_id: str, *, params: dict | None = None, default_on: bool = True, title: str = "", source: str = ""):
    def register(func):
        RULES[rule_id] = RuleSpec(rule_id, func, dict(params or {}), default_on, title, source)
        return func
    return register


@dataclass(slots=True)
class RuleContext:
    site: Site
    today: dt.date
    params: dict
    locator: Locator
    rule_id: str = ""
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    shared: dict = field(default_factory=dict)  # values computed once and reused by several rules

    def warn(self, rel: str, path: tuple, message: str, hint: str | None = None) -> None:
        self.findings.append(warning(self.rule_id, rel, self.locator.pos(rel, tuple(path)), message, hint))

    def note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)


def load_rule_modules() -> None:
    """Import every rule area so its rules register themselves."""
    import importlib
    import pkgutil
    from .. import rules as package
    for info in pkgutil.iter_modules(package.__path__):
        if info.name not in ("registry", "profile"):
            importlib.import_module(f"{package.__name__}.{info.name}")


PARALLEL_MIN_RECORDS = 3000  # below this a second process costs more than it saves
# Rules measured as the heaviest on a 10,000-record project: they go to the forked half.
HEAVY = ("notice/privacy", "attendance/roster")


def run_rules(site: Site, profile, today: dt.date, locator: Locator, *,
              beside: Callable[[], list[Finding]] | None = None) -> tuple[list[Finding], list[str]]:
    """Run every enabled rule; on a large project, half of them in a forked second process.

    The fork inherits the assembled Site without copying it; only the findings
    travel back. Rules are independent, so the split does not change the result;
    the notes come in the same order however the rules are split. `beside`, a
    function giving more findings about the same Site (the check's references),
    runs with the rules, in the forked process when there is one.
    """
    load_rule_modules()
    enabled = [r for r in sorted(RULES) if profile.enabled(r, RULES[r])]
    if len(site.records) < PARALLEL_MIN_RECORDS or not _can_fork():
        more = beside() if beside is not None else []
        findings, notes = _run(enabled, site, profile, today, locator)
        return findings + more, _in_order(enabled, notes)
    other, mine = _split(enabled)
    if beside is None:
        there, here = other, mine
    else:  # the references weigh about as much as the light rules the forked half would take
        there, here = [r for r in enabled if r in HEAVY], [r for r in enabled if r not in HEAVY]
    import concurrent.futures as cf
    import multiprocessing
    global _FORKED
    _FORKED = (there, site, profile, today, locator, beside)
    try:
        with cf.ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
            future = pool.submit(_run_forked)
            findings, notes = _run(here, site, profile, today, locator)
            more, more_notes = future.result()
    finally:
        _FORKED = None
    # The notes as they always came: those of `mine`, then the others' new ones.
    return findings + more, _in_order(mine + other, notes | more_notes)


def _run(rule_ids, site, profile, today, locator) -> tuple[list[Finding], dict[str, list[str]]]:
    """The rules' findings, and each rule's notes."""
    ctx = RuleContext(site, today, {}, locator)
    notes = {}
    for rule_id in rule_ids:
        spec = RULES[rule_id]
        ctx.rule_id = rule_id
        ctx.params = profile.params_for(rule_id, spec)
        ctx.notes = notes[rule_id] = []
        spec.func(ctx)
    return ctx.findings, notes


def _in_order(rule_ids: list[str], notes: dict[str, list[str]]) -> list[str]:
    """The rules' notes in the order of `rule_ids`, each note once."""
    out: list[str] = []
    for rule_id in rule_ids:
        for note in notes.get(rule_id, ()):
            if note not in out:
                out.append(note)
    return out


_FORKED = None


def _run_forked():
    rule_ids, site, profile, today, locator, beside = _FORKED
    more = beside() if beside is not None else []
    findings, notes = _run(rule_ids, site, profile, today, locator)
    return findings + more, notes


def _split(rule_ids: list[str]) -> tuple[list[str], list[str]]:
    """Two halves of about equal cost: the two heaviest rules and every eighth light one in the first."""
    heavy = [r for r in rule_ids if r in HEAVY]
    light = [r for r in rule_ids if r not in HEAVY]
    return heavy + light[::8], [r for i, r in enumerate(light) if i % 8]


def _can_fork() -> bool:
    import sys
    return sys.platform.startswith("linux")
