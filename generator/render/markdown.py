"""Markdown → sanitised HTML, shared by every output.

Python-Markdown (not a strict CommonMark renderer: it handles bold next to
Chinese punctuation, ``**会议决议：**中文``) with the extensions users expect,
then nh3 so that raw HTML in a record can never carry script: ``<script>`` and
``<style>`` are removed with their content, event handlers and ``javascript:``
URLs are dropped, ordinary formatting survives.

Most bodies (headings, paragraphs, simple lists, bold) take ``fastmd``, which
gives the same bytes without the engine; the rest go through one engine per
heading-id prefix, reset between documents (building an engine costs more than
converting a short text).
"""

from __future__ import annotations

import re

import copy

import markdown
import nh3
from markdown.extensions.toc import slugify_unicode

from .fastmd import fast_markdown

_EXTENSIONS = ("tables", "fenced_code", "sane_lists", "toc")

_TAGS = set(nh3.ALLOWED_TAGS)
_ATTRIBUTES: dict[str, set[str]] = copy.deepcopy(nh3.ALLOWED_ATTRIBUTES)
for _tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
    _ATTRIBUTES.setdefault(_tag, set()).add("id")
# Table alignment comes as style="text-align: …"; only that property survives.
for _tag in ("th", "td"):
    _ATTRIBUTES[_tag].add("style")
# Fenced code keeps its language class (``language-python``) for highlighting.
_ATTRIBUTES.setdefault("code", set()).add("class")
_URL_SCHEMES = {"http", "https", "mailto"}
_ENGINES: dict[str, markdown.Markdown] = {}


def _slugifier(prefix: str):
    def slugify(value: str, separator: str) -> str:
        # slugify_unicode keeps Chinese characters: "一、背景" → "一背景".
        return prefix + (slugify_unicode(value, separator) or "section")

    return slugify


def _engine(id_prefix: str) -> markdown.Markdown:
    md = _ENGINES.get(id_prefix)
    if md is None:
        if len(_ENGINES) > 64:  # prefixes are per casebook case: keep a handful
            _ENGINES.clear()
        md = _ENGINES[id_prefix] = markdown.Markdown(
            extensions=list(_EXTENSIONS),
            extension_configs={"toc": {"slugify": _slugifier(id_prefix)}},
            output_format="html",
        )
    return md.reset()


def render_markdown(text: str, *, id_prefix: str = "") -> str:
    """Render Markdown ``text`` to sanitised HTML.

    Headings get ids (Chinese kept); ``id_prefix`` keeps them unique when
    several documents are rendered into one page (the casebook).
    """
    text = hashes_as_text(text)
    fast = fast_markdown(text, id_prefix)
    if fast is not None:
        return fast
    return engine_markdown(text, id_prefix=id_prefix)


_HASH_WORD = re.compile(r"^(#{1,6})(?=[^#\s])", re.M)
_FENCE = re.compile(r"^ {0,3}(```|~~~)", re.M)


def hashes_as_text(text: str) -> str:
    """``#1、#2机组`` at the start of a line is text, as CommonMark has it: a heading needs a space after its #s
    (Python-Markdown would make it a heading and drop the #). Lines inside fenced code are left alone."""
    if "#" not in text:
        return text
    if not _FENCE.search(text):
        return _HASH_WORD.sub(r"\\\1", text)
    out, fenced = [], False
    for line in text.splitlines(keepends=True):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            line = _HASH_WORD.sub(r"\\\1", line)
        out.append(line)
    return "".join(out)


def engine_markdown(text: str, *, id_prefix: str = "") -> str:
    """The full engine and the sanitiser, whatever the text (the reference for ``fastmd``)."""
    return sanitize_html(_engine(id_prefix).convert(text))


def sanitize_html(html: str) -> str:
    """Clean an HTML fragment with the allow-list used for Markdown output."""
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        filter_style_properties={"text-align"},
        strip_comments=True,
        attribute_filter=_no_remote_images,
    )


def _no_remote_images(tag: str, attribute: str, value: str) -> str | None:
    """An image from another site would tell that site who reads the page: only the site's own images show."""
    if tag == "img" and attribute == "src" and value.lstrip().lower().startswith(("http:", "https:", "//")):
        return None
    return value
