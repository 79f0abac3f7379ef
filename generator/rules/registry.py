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


def run_rules(site: Site, profile, today: dt.date, locator: Locator) -> tuple[list[Finding], list[str]]:
    load_rule_modules()
    ctx = RuleContext(site, today, {}, locator)
    for rule_id in sorted(RULES):
        spec = RULES[rule_id]
        if not profile.enabled(rule_id, spec):
            continue
        ctx.rule_id = rule_id
        ctx.params = profile.params_for(rule_id, spec)
        spec.func(ctx)
    return ctx.findings, ctx.notes
