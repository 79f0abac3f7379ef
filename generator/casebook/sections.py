"""The four parts of a case study, recognised by role from its headings.

Every case of seed 003 has four parts: 背景, 做法, 成效, 启示. Their headings vary
in the wild (``二、主要做法。``, ``（三）取得成效``, ``經驗啟示``); content-format.md
lists the accepted words per role. ``find_parts`` is shared by the
``case/sections`` rule and the casebook.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

ROLES: tuple[str, ...] = ("背景", "做法", "成效", "启示")

HEADINGS: dict[str, frozenset[str]] = {
    "背景": frozenset({"背景", "背景动因", "实施背景", "产生背景", "背景分析", "基本情况"}),
    "做法": frozenset({"做法", "主要做法", "主要作法", "具体做法", "思路及做法"}),
    "成效": frozenset({"成效", "主要成效", "取得成效", "基本成效", "初步成效", "工作成效"}),
    "启示": frozenset(
        {"启示", "经验启示", "探索启示", "几点启示", "工作启示", "探讨", "探讨建议", "深化设想"}
    ),
}
_ROLE_OF = {word: role for role, words in HEADINGS.items() for word in words}

_NUMERALS = "一二三四五六七八九十百零〇"
# 一、 / 第一、 / (一) / （一） / 1. / 1、 / (1) — each optionally followed by spaces.
_PREFIX = re.compile(
    rf"^(?:第?[{_NUMERALS}]+\s*[、.．:：]|[(（]\s*[{_NUMERALS}\d]+\s*[)）]\s*[、.．]?"
    r"|\d+\s*[、.．:：)）])\s*"
)
_TRAILING = re.compile(r"[\s。．.：:；;，,、！!？?]+$")
_EMPHASIS = re.compile(r"[*_`]+")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


@dataclass(frozen=True, slots=True)
class PartHeading:
    """A heading that opens one of the four parts."""

    role: str  # one of ROLES
    line: int  # 1-based line in the Markdown text
    level: int  # 1–6
    text: str  # the heading as written


@dataclass(frozen=True, slots=True)
class CaseParts:
    """Which parts a case has, in the order they appear, and which are missing."""

    parts: tuple[PartHeading, ...]  # the first heading of each role found
    missing: tuple[str, ...]  # roles not found, in the order of ROLES

    @property
    def complete(self) -> bool:
        return not self.missing

    def line(self, role: str) -> int | None:
        """Line of the heading that opens ``role``, or ``None``."""
        for part in self.parts:
            if part.role == role:
                return part.line
        return None


@lru_cache(maxsize=1)
def _to_simplified():
    try:
        import opencc
    except ImportError:  # pragma: no cover - opencc is a dependency
        return lambda text: text
    return opencc.OpenCC("t2s").convert


def normalize_heading(text: str) -> str:
    """The heading reduced to its key words: no numbering, punctuation, markup."""
    text = _EMPHASIS.sub("", text).strip()
    text = _PREFIX.sub("", text)
    text = _TRAILING.sub("", text)
    text = re.sub(r"\s+", "", text)
    return _to_simplified()(text)


def role_of_heading(text: str) -> str | None:
    """The role (``背景`` …) a heading opens, or ``None`` for other headings."""
    return _ROLE_OF.get(normalize_heading(text))


def iter_headings(markdown_text: str):
    """Yield ``(line, level, text)`` for every ATX and setext heading.

    Lines inside fenced code blocks are skipped. Setext underlines follow
    Python-Markdown, which renders the book.
    """
    lines = markdown_text.splitlines()
    fence: str | None = None
    previous: tuple[int, str] | None = None  # candidate setext text line
    for index, line in enumerate(lines):
        number = index + 1
        match = _FENCE.match(line)
        if fence is not None:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            continue
        if match:
            fence = match.group(1)
            previous = None
            continue
        atx = _ATX.match(line)
        if atx:
            yield number, len(atx.group(1)), (atx.group(2) or "").strip()
            previous = None
            continue
        setext = _SETEXT.match(line)
        if setext and previous is not None:
            yield previous[0], 1 if setext.group(1)[0] == "=" else 2, previous[1]
            previous = None
            continue
        stripped = line.strip()
        # As in Python-Markdown, the line just above the underline is the
        # heading, even when it ends a longer paragraph.
        indented = line.startswith("    ") or line.startswith("\t")
        previous = None if not stripped or indented else (number, stripped)


def find_parts(markdown_text: str) -> CaseParts:
    """Recognise the four parts of a case body by the roles of its headings."""
    found: dict[str, PartHeading] = {}
    for line, level, text in iter_headings(markdown_text):
        role = role_of_heading(text)
        if role is not None and role not in found:
            found[role] = PartHeading(role, line, level, text)
    parts = tuple(sorted(found.values(), key=lambda part: part.line))
    missing = tuple(role for role in ROLES if role not in found)
    return CaseParts(parts, missing)
