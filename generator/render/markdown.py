"""Markdown → sanitised HTML, shared by every output.

Python-Markdown (not a strict CommonMark renderer: it handles bold next to
Chinese punctuation, ``**会议决议：**中文``) with the extensions users expect,
then nh3 so that raw HTML in a record can never carry script: ``<script>`` and
``<style>`` are removed with their content, event handlers and ``javascript:``
URLs are dropped, ordinary formatting survives.
"""

from __future__ import annotations

import copy

import markdown
import nh3
from markdown.extensions.toc import slugify_unicode

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


def _slugifier(prefix: str):
    def slugify(value: str, separator: str) -> str:
        # slugify_unicode keeps Chinese characters: "一、背景" → "一背景".
        return prefix + (slugify_unicode(value, separator) or "section")

    return slugify


def render_markdown(text: str, *, id_prefix: str = "") -> str:
    """Render Markdown ``text`` to sanitised HTML.

    Headings get ids (Chinese kept); ``id_prefix`` keeps them unique when
    several documents are rendered into one page (the casebook).
    """
    md = markdown.Markdown(
        extensions=list(_EXTENSIONS),
        extension_configs={"toc": {"slugify": _slugifier(id_prefix)}},
        output_format="html",
    )
    html = md.convert(text)
    return sanitize_html(html)


def sanitize_html(html: str) -> str:
    """Clean an HTML fragment with the allow-list used for Markdown output."""
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        filter_style_properties={"text-align"},
        strip_comments=True,
    )
