"""The casebook as plain values, and which cases go into it in what order.

``Casebook`` and ``CaseEntry`` are what the loader hands over (cases marked
``status: 入选``); ``select_and_order`` drops the cases that lack one of the
four parts and applies ``order`` (or the default: by category, then branch
name, ties by slug), reporting every decision as a ``BookNote``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.casebook.sections import find_parts
from generator.model.vocabulary import simplify


@dataclass(frozen=True, slots=True)
class CasePhoto:
    path: Path  # absolute, or relative to the working directory
    caption: str


@dataclass(frozen=True, slots=True)
class CaseEntry:
    slug: str
    title: str
    branch_id: str
    branch_name: str
    category: str
    summary: str
    keywords: tuple[str, ...]
    body_markdown: str
    body_line: int  # line of the body's first line in the source file
    source: str  # relative to the project root, "/" separators
    photos: tuple[CasePhoto, ...] = ()


@dataclass(frozen=True, slots=True)
class Casebook:
    year: int
    title: str
    editor: str
    date: str  # YYYY-MM-DD
    preface_markdown: str
    order: tuple[str, ...] | None
    cases: tuple[CaseEntry, ...]
    source: str = ""  # casebook.yaml, relative to the project root
    order_line: int = 1  # line of the ``order`` key, for findings

    @property
    def settings_file(self) -> str:
        return self.source or f"content/cases/{self.year}/casebook.yaml"


@dataclass(frozen=True, slots=True)
class BookNote:
    """A problem found while making the book; maps onto the project's Finding."""

    rule: str
    file: str
    line: int
    column: int
    message: str


def _quoted(names) -> str:
    return "".join(f"“{name}”" for name in names)


def _default_key(case: CaseEntry) -> tuple[str, str, str]:
    """By category (either script counts as one), then branch name, then slug."""
    return (simplify(case.category), case.branch_name, case.slug)


def select_and_order(book: Casebook) -> tuple[tuple[CaseEntry, ...], list[BookNote]]:
    """The cases that go into the book, in book order, and the notes about it."""
    notes: list[BookNote] = []
    complete: list[CaseEntry] = []
    for case in book.cases:
        parts = find_parts(case.body_markdown)
        if parts.complete:
            complete.append(case)
            continue
        notes.append(
            BookNote(
                "case/sections",
                case.source,
                case.body_line,
                1,
                f"案例缺少{_quoted(parts.missing)}部分，未编入汇编",
            )
        )
    by_default = sorted(complete, key=_default_key)
    if book.order is None:
        return tuple(by_default), notes

    by_slug = {case.slug: case for case in complete}
    all_slugs = {case.slug for case in book.cases}
    ordered: list[CaseEntry] = []
    seen: set[str] = set()
    for slug in book.order:
        if slug in seen:
            notes.append(_order_note(book, f"order 中“{slug}”重复出现，只排一次"))
            continue
        seen.add(slug)
        if slug in by_slug:
            ordered.append(by_slug[slug])
        elif slug not in all_slugs:
            notes.append(
                _order_note(book, f"order 中的“{slug}”不是本年度入选的案例，已忽略")
            )
    rest = [case for case in by_default if case.slug not in seen]
    for case in rest:
        notes.append(
            _order_note(book, f"入选案例“{case.slug}”未列入 order，排在汇编最后")
        )
    return tuple(ordered + rest), notes


def _order_note(book: Casebook, message: str) -> BookNote:
    return BookNote("casebook/order", book.settings_file, book.order_line, 1, message)
