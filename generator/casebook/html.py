"""The casebook as one HTML document, from the ``casebook/`` layouts.

``render_book_html`` makes the document the PDF is printed from (mode
``print``) or the page of the public site (mode ``web``, photos at relative
URLs, a link to the PDF). Case bodies are Markdown, sanitised; their part
headings (背景, 做法, 成效, 启示) become ``<h2 class="part">`` whatever level the
author used, so that they open a bookmark under the case.
"""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Mapping, Sequence

import jinja2

from generator import __version__
from generator.casebook.book import BookNote, CaseEntry, Casebook, select_and_order
from generator.casebook.fonts import FontChoice
from generator.casebook.sections import find_parts, role_of_heading
from generator.model.vocabulary import simplify
from generator.render.markdown import render_markdown
from generator.render.templates import make_environment

TEMPLATE = "casebook/book.html"
# The web page names its fonts in the stylesheet (a browser has no fontconfig).
WEB_FONTS = FontChoice(serif="Noto Serif CJK SC", sans="Noto Sans CJK SC")


@dataclass(frozen=True, slots=True)
class PhotoView:
    src: str
    caption: str
    style: str = ""  # print mode: the size the photo is set at


@dataclass(frozen=True, slots=True)
class CaseView:
    anchor: str
    slug: str
    title: str
    branch_name: str
    category: str
    summary: str
    keywords: tuple[str, ...]
    body_html: str
    photos: tuple[PhotoView, ...]


@dataclass(frozen=True, slots=True)
class CategoryGroup:
    category: str
    cases: tuple[CaseView, ...]


def case_anchor(index: int) -> str:
    """Id of the n-th case (0-based) in the book: ``case-01`` …"""
    return f"case-{index + 1:02d}"


_HEADING = re.compile(r"<h([1-6])((?:\s[^>]*)?)>(.*?)</h\1>", re.S)
_TAGS = re.compile(r"<[^>]+>")


def case_body_html(case: CaseEntry, anchor: str) -> str:
    """The case body as sanitised HTML with its part headings marked.

    Heading levels are shifted so that the part headings are ``h2`` (the case
    title is the ``h1``); heading ids are prefixed with the case anchor.
    """
    body = render_markdown(case.body_markdown, id_prefix=f"{anchor}-")
    parts = find_parts(case.body_markdown)
    top = min((part.level for part in parts.parts), default=2)
    shift = 2 - top
    seen_roles: set[str] = set()

    def reshape(match: re.Match[str]) -> str:
        level = min(max(int(match.group(1)) + shift, 2), 6)
        attrs, inner = match.group(2), match.group(3)
        role = role_of_heading(htmllib.unescape(_TAGS.sub("", inner)))
        if role is not None and role not in seen_roles:
            seen_roles.add(role)
            attrs += ' class="part"'
        return f"<h{level}{attrs}>{inner}</h{level}>"

    return _HEADING.sub(reshape, body)


def date_text(date: str) -> str:
    """``2024-12-20`` → ``2024年12月``, the form a cover carries."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", date.strip())
    if not match:
        return date
    return f"{match.group(1)}年{int(match.group(2))}月"


def _keywords(book: Casebook, cases: Sequence[CaseEntry]) -> list[str]:
    words = ["优秀案例汇编", f"{book.year}年度"]
    for case in cases:
        for word in (case.category, *case.keywords):
            if word and word not in words:
                words.append(word)
    return words


def render_book_html(
    book: Casebook,
    cases: Sequence[CaseEntry],
    *,
    env: jinja2.Environment,
    today: str,
    mode: str,
    fonts: FontChoice,
    photos: Mapping[Path, PhotoView],
    font_url: str | None = None,
    pdf_href: str | None = None,
) -> str:
    """Render the book's HTML for ``cases`` (already selected and ordered).

    ``photos`` maps each case photo's path to how it is shown; a photo not in
    it is left out. ``today`` (YYYY-MM-DD) dates the document, so the PDF's
    creation date is fixed and two builds are byte-identical.
    """
    views = []
    for index, case in enumerate(cases):
        anchor = case_anchor(index)
        shown = tuple(photos[p.path] for p in case.photos if p.path in photos)
        views.append(
            CaseView(anchor, case.slug, case.title, case.branch_name, case.category,
                     case.summary, case.keywords, case_body_html(case, anchor), shown)
        )
    groups = []  # one group a category, in either script (主題黨日創新 = 主题党日创新): named as its first case has it
    for _, members in groupby(views, key=lambda view: simplify(view.category)):
        members = tuple(members)
        groups.append(CategoryGroup(members[0].category, members))
    template = env.get_template(TEMPLATE)
    return template.render(
        book=book,
        mode=mode,
        cases=views,
        groups=groups,
        fonts=fonts,
        font_url=font_url,
        pdf_href=pdf_href,
        preface_html=render_markdown(book.preface_markdown, id_prefix="preface-")
        if book.preface_markdown.strip() else "",
        date_text=date_text(book.date),
        subject=f"{book.title}，收录案例{len(views)}篇",
        keywords=_keywords(book, cases),
        generator=f"zhibu {__version__}",
        created=f"{today}T00:00:00Z",
    )


def render_web_html(
    book: Casebook,
    *,
    today: str,
    photo_urls: Mapping[Path, str],
    pdf_href: str | None,
    project_layouts: Path | None = None,
    language: str | None = None,
) -> tuple[str, list[BookNote]]:
    """The book as a page of the public site, and the notes about its cases.

    ``photo_urls`` gives each photo's URL relative to the page; ``pdf_href``
    the relative link to the PDF.
    """
    cases, notes = select_and_order(book)
    photos = {
        photo.path: PhotoView(photo_urls[photo.path], photo.caption)
        for case in cases for photo in case.photos if photo.path in photo_urls
    }
    html = render_book_html(
        book, cases, env=make_environment(project_layouts, language), today=today, mode="web",
        fonts=WEB_FONTS, photos=photos, pdf_href=pdf_href,
    )
    return html, notes
