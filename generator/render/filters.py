"""Template filters shared by the public site and the archive: dates, numbers, links, Markdown.

``|md`` renders Markdown through ``render.markdown`` (sanitised with nh3). It is
applied in the template, not in the view, so a page whose context did not change
is never rendered again; and one-paragraph plain text — most summaries — takes
a fast path that gives the same HTML without starting the Markdown engine.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import jinja2
from markupsafe import Markup

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


def pct(value, digits: int = 0) -> str:
    if value is None:
        return "—"
    return f"{value * 100:.{digits}f}%"


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


@jinja2.pass_context
def link(context, url: str) -> str:
    """A route URL as a relative, quoted link from the page being rendered."""
    return context["root"] + href(url)


def install(env: jinja2.Environment) -> jinja2.Environment:
    env.filters.update(cn_date=cn_date, iso=iso, weekday=weekday, pct=pct, md=md, link=link, href=href)
    return env
