"""Routes: which page lives at which URL, rendered from which template and context.

A route's ``url`` is the file's path under its output folder (``public/`` or
``archive/``), '/'-separated and unquoted, always ending in a file name so the
site works from ``file://`` and from any sub-path. Links inside a page are
relative: ``root`` leads back to the output folder, and ``href()`` quotes.

Two routes may never write one file: ``find_collisions`` compares URLs the way
case-insensitive file systems (Windows, macOS) and Unicode normalisation do,
and reports each clash as a build error naming both sources.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable
from functools import lru_cache
from urllib.parse import quote

from ..diagnostics import Finding, error


@dataclass(slots=True)
class Route:
    """One page. Its key (``render.pages.page_key``) decides whether it is rendered again.

    A route either carries its ``context`` (the key hashes it whole), or leaves it
    to ``build`` and names in ``deps`` every content file the context is made of,
    with ``extra`` for anything else it depends on (a date, the file's findings):
    the key then hashes those files' digests and ``extra``, and the context is made
    only when the page is rendered. Both are invisible to templates.
    """
    url: str                      # path under the output folder, e.g. "activities/b/2024/x.html"
    template: str                 # e.g. "public/activity.html"
    context: dict | None          # everything the template may read, beyond the globals
    sources: tuple[str, ...] = field(default_factory=tuple)  # content files the page draws from
    build: Callable[[], dict] | None = None   # makes the context when it is not given
    deps: tuple[str, ...] | None = None       # with build: every content file the context is made of
    extra: tuple = ()                         # with build: what else the context depends on

    def make_context(self) -> dict:
        return self.context if self.context is not None else self.build()


_UNSAFE = re.compile(r'[\\/:*?"<>|#%\x00-\x1f\s]+')


def segment(text: str) -> str:
    """One URL path segment from a file stem or slug: Chinese kept, unsafe characters → '-'."""
    return _segment(str(text))


@lru_cache(maxsize=65536)
def _segment(text: str) -> str:
    cleaned = _UNSAFE.sub("-", unicodedata.normalize("NFC", text)).strip("-.")
    return cleaned or "-"


@lru_cache(maxsize=65536)
def href(url: str) -> str:
    """The quoted form of a route URL, for href and src attributes."""
    return quote(url, safe="/#-._~")


def root_of(url: str) -> str:
    """The relative prefix from the page at ``url`` back to its output folder ("" or "../…")."""
    return "../" * url.count("/")


def link(from_url: str, to_url: str) -> str:
    """A relative, quoted link from one route to another."""
    return root_of(from_url) + href(to_url)


def _fold(url: str) -> str:
    return unicodedata.normalize("NFC", url).casefold()


def find_collisions(routes: list[Route], part: str, reserved: dict[str, str] | None = None) -> list[Finding]:
    """A build error for every URL claimed twice (case and Unicode form ignored).

    ``reserved`` maps URLs written outside the routes (static files, feeds, photos)
    to what writes them, so a page cannot shadow them either.
    """
    seen: dict[str, tuple[str, str]] = {}
    for url, owner in (reserved or {}).items():
        seen[_fold(url)] = (url, owner)
    findings = []
    for route in routes:
        owner = route.sources[0] if route.sources else route.template
        key = _fold(route.url)
        if key in seen:
            other_url, other = seen[key]
            findings.append(error(
                "build/url-collision", owner if route.sources else "zhibu.yaml", (1, 1),
                f"{part}/{route.url} 被两个页面同时占用：{other} 和 {owner}",
                "改一下其中一个文件的文件名（或标题部分），让两者生成不同的网址；网址不区分大小写"))
        else:
            seen[key] = (route.url, owner)
    return findings
