"""Findings: the values every stage returns instead of printing or raising.

A Finding names a rule, a severity, a place (file relative to the project root
with '/' separators, 1-based line and column) and a Chinese message.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    file: str
    line: int
    column: int
    rule: str
    severity: str
    message: str
    hint: str | None = None

    def as_row(self) -> tuple:
        return (self.file, self.line, self.column, self.rule, self.severity, self.message, self.hint)

    def as_dict(self) -> dict:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "hint": self.hint,
        }


def error(rule: str, file: str, pos: tuple[int, int], message: str, hint: str | None = None) -> Finding:
    return Finding(file, pos[0], pos[1], rule, ERROR, message, hint)


def warning(rule: str, file: str, pos: tuple[int, int], message: str, hint: str | None = None) -> Finding:
    return Finding(file, pos[0], pos[1], rule, WARNING, message, hint)


def _natural(text: str) -> tuple:
    """Numbers inside a message compare as numbers: 2024年7月 before 2024年10月."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


def sort_findings(findings) -> list[Finding]:
    return sorted(set(findings), key=lambda f: (f.file, f.line, f.column, f.rule, _natural(f.message)))


class UsageError(Exception):
    """A configuration or usage problem: exit code 2, a Chinese message, no traceback.

    ``findings``: the problems with their positions, when they are in a file (zhibu.yaml),
    so `check --format json|sarif|github` can print them as it prints any finding.
    """

    def __init__(self, message: str, findings: list[Finding] | None = None):
        super().__init__(message)
        self.findings = list(findings or ())
