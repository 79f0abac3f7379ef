"""A fast path for the Markdown most records are written in, giving the very bytes of the full engine.

Records are mostly ``## 标题`` headings, paragraphs, simple lists and
``**姓名**：`` in bold. Python-Markdown spends milliseconds on each such body
(ten thousand records: tens of seconds); this module renders exactly that
subset in microseconds and answers ``None`` for anything else, which then goes
to the full engine. The subset is kept narrow on purpose:

* blocks separated by blank lines; a block is either a list (every line
  ``- item`` or ``1. item``, none of them starting with more syntax) or
  paragraph lines with ATX headings (``## 标题``) among them;
* inline: plain text and ``**bold**`` (no other ``*``);
* no character Markdown or HTML could read as syntax anywhere: backslash,
  backtick, ``< > & [ ] _ | ~ = {}``, tabs, leading or trailing spaces, and no
  character that is not printable (the non-breaking space included);
* no list right after another list (the engine would merge them, loosely).

The test suite compares both paths on every record body of a generated
project and on random texts: whatever this path accepts, the engine renders
identically (after the same sanitiser).
"""
from __future__ import annotations

import re

from markdown.extensions.toc import slugify_unicode, unique

_REJECT = re.compile(r"[\\`<>&\[\]_|~={}]|[ ]$|^[ ]|\*\*\*", re.M)
_HEADING = re.compile(r"(#{1,6}) +([^#* ][^#*]*)\Z")
_OL = re.compile(r"([1-9]\d{0,8})\. +(\S.*)\Z")
_UL = re.compile(r"- +(\S.*)\Z")
_STRONG = re.compile(r"\*\*([^*\s](?:[^*\n]*[^*\s])?)\*\*")
# A line that would start a block the engine reads differently from a paragraph line.
_BLOCKISH = re.compile(r"[#>+\-]|\*(?!\*[^*\s])|\d+[.)]")
_SAFE_PREFIX = re.compile(r"[\w-]*\Z")


def fast_markdown(text: str, id_prefix: str = "") -> str | None:
    """The engine's HTML for ``text``, or None when ``text`` is outside the subset."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _REJECT.search(text) or not _SAFE_PREFIX.match(id_prefix):
        return None
    lines = text.split("\n")
    for line in lines:
        if line and not line.isprintable():
            return None
    out: list[str] = []
    ids: tuple[set[str], dict[str, int]] = (set(), {})
    previous_list = False
    block: list[str] = []
    for line in lines + [""]:
        if line:
            block.append(line)
            continue
        if not block:
            continue
        html, is_list = _block(block, id_prefix, ids)
        if html is None or (is_list and previous_list):
            return None
        out.append(html)
        previous_list = is_list
        block = []
    return "\n".join(out)


def _block(lines: list[str], prefix: str, ids: tuple[set[str], dict[str, int]]) -> tuple[str | None, bool]:
    first = lines[0]
    if _OL.match(first) or _UL.match(first):
        return _list(lines), True
    parts: list[str] = []
    paragraph: list[str] = []
    for line in lines:
        heading = _HEADING.match(line) if line.startswith("#") else None
        if heading:
            if paragraph:
                parts.append(_paragraph(paragraph))
                paragraph = []
            level, title = len(heading.group(1)), heading.group(2).strip()
            anchor = unique(prefix + (slugify_unicode(title, "-") or "section"), *ids)
            parts.append(f'<h{level} id="{anchor}">{title}</h{level}>')
            continue
        if _BLOCKISH.match(line):
            return None, False
        paragraph.append(line)
    if paragraph:
        parts.append(_paragraph(paragraph))
    if any(p is None for p in parts):
        return None, False
    return "\n".join(parts), False


def _paragraph(lines: list[str]) -> str | None:
    body = _inline("\n".join(lines))
    return None if body is None else f"<p>{body}</p>"


def _list(lines: list[str]) -> str | None:
    ordered = _OL.match(lines[0]) is not None
    pattern = _OL if ordered else _UL
    items = []
    for line in lines:
        m = pattern.match(line)
        if m is None:
            return None
        text = m.group(m.lastindex)
        if _BLOCKISH.match(text):
            return None
        inline = _inline(text)
        if inline is None:
            return None
        items.append(f"<li>{inline}</li>")
    if ordered:
        start = _OL.match(lines[0]).group(1)
        opening = "<ol>" if start == "1" else f'<ol start="{start}">'
        return opening + "\n" + "\n".join(items) + "\n</ol>"
    return "<ul>\n" + "\n".join(items) + "\n</ul>"


def _inline(text: str) -> str | None:
    if "*" not in text:
        return text
    html = _STRONG.sub(r"<strong>\1</strong>", text)
    return None if "*" in html else html
