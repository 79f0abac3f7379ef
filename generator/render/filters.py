"""Template filters shared by the public site and the archive: dates, numbers, links, Markdown.

``|md`` renders Markdown through ``render.markdown`` (sanitised with nh3). It is
applied in the template, not in the view, so a page whose context did not change
is never rendered again; and one-paragraph plain text — most summaries — takes
a fast path that gives the same HTML without starting the Markdown engine.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from functools import lru_cache

import jinja2
from markupsafe import Markup, escape

from .markdown import render_markdown
from .routes import href

WEEKDAYS = "一二三四五六日"
# Anything Markdown could read as syntax (or as an HTML entity) leaves the fast path.
_SYNTAX = re.compile(r"[\\`*_\[\]<>#!|&~:=+\-]|^\s*\d+[.)]|^\s|\s$|  \n|\t", re.M)


def as_date(value) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def cn_date(value, with_year: bool = True) -> str:
    day = as_date(value)
    if day is None:
        return "" if value is None else str(value)
    return f"{day.year}年{day.month}月{day.day}日" if with_year else f"{day.month}月{day.day}日"


def iso(value) -> str:
    day = as_date(value)
    return day.isoformat() if day else ""


def weekday(value) -> str:
    day = as_date(value)
    return "星期" + WEEKDAYS[day.weekday()] if day else ""


def pct(value) -> str:
    """A rate as readers see it: a whole number when exact, else one decimal, cut rather than rounded
    so that 7/8 reads 87.5% and a rate just under a threshold never reads as the threshold (79.96% → 79.9%)."""
    if value is None:
        return "—"
    tenths = math.floor(round(value * 1000, 6))
    return f"{tenths // 10}%" if tenths % 10 == 0 else f"{tenths / 10:.1f}%"


@lru_cache(maxsize=4096)
def _markdown(text: str) -> str:
    stripped = text.strip()
    if stripped and not _SYNTAX.search(stripped):
        return f"<p>{stripped}</p>"  # one paragraph, no markup, no '&<>': what Markdown would give
    return render_markdown(text)


def md(text) -> Markup:
    """Markdown → sanitised HTML (None or empty → nothing)."""
    if not text:
        return Markup("")
    return Markup(_markdown(str(text)))


_HEADING = re.compile(r"<h([1-6])((?:\s[^>]*)?)>(.*?)</h\1>", re.S)


@lru_cache(maxsize=1024)
def _nested(text: str, id_prefix: str, top: int) -> str:
    html = render_markdown(text, id_prefix=id_prefix)
    levels = [int(m.group(1)) for m in _HEADING.finditer(html)]
    shift = top - min(levels) if levels else 0

    def reshape(match: re.Match) -> str:
        level = min(max(int(match.group(1)) + shift, top), 6)
        return f"<h{level}{match.group(2)}>{match.group(3)}</h{level}>"

    return _HEADING.sub(reshape, html)


def md_nested(text, id_prefix: str, top: int = 3) -> Markup:
    """Markdown for a document inside a page (a case in the casebook): its headings start at ``h{top}``
    and their ids begin with ``id_prefix``, so two documents never share an anchor."""
    if not text:
        return Markup("")
    return Markup(_nested(str(text), str(id_prefix), int(top)))


_PHONE = re.compile(r"(?<![\d-])(?:0\d{2,3}[-－ ]?)?\d{7,8}(?:[-－]\d{1,5})?(?![\d-])")
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")


def phones(value) -> Markup:
    """Keep telephone numbers on one line (``<span class="tel">``): a phone must not break them at the hyphen.
    Plain text is escaped first; HTML (Markup) is changed only between its tags."""
    html = str(value) if isinstance(value, Markup) else str(escape("" if value is None else value))
    parts = _TAG_OR_TEXT.split(html)
    for i in range(0, len(parts), 2):  # even items are text, odd items are tags
        parts[i] = _PHONE.sub(lambda m: f'<span class="tel">{m.group(0)}</span>', parts[i])
    return Markup("".join(parts))


@jinja2.pass_context
def link(context, url: str) -> str:
    """A route URL as a relative, quoted link from the page being rendered."""
    return context["root"] + href(url)


def install(env: jinja2.Environment) -> jinja2.Environment:
    env.filters.update(cn_date=cn_date, iso=iso, weekday=weekday, pct=pct, md=md, link=link, href=href,
                       md_nested=md_nested, phones=phones)
    return env
