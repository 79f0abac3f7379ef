"""The Jinja environment every output renders with.

A project's own ``layouts/`` lies over the packaged layouts file by file
(convention of Hugo and MkDocs); the prefix ``default/`` always reaches the
packaged originals, so an override can extend what it replaces::

    {% extends "default/casebook/book.html" %}

A ``zh-Hant`` site (zhibu.yaml ``language``) gets the templates' own words in
Traditional script — their text and the labels their tags show, never the
content: a secretary's text is shown as she wrote it. The words the views make
in Python (page titles, step names, chart titles, rule titles, findings) reach
the same script through ``ui_words_for(language)`` and ``ui_words_around``.
"""

from __future__ import annotations

import re
import shutil
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from generator.resources import packaged_dir


def css_string(value: object) -> Markup:
    """Quote ``value`` as a CSS string literal, safe inside ``<style>``.

    Letters and digits of any script pass through; every other character is
    written as a CSS escape, so quotes, backslashes and ``</style>`` cannot
    break out of the literal.
    """
    out = []
    for ch in str(value):
        out.append(ch if ch.isalnum() or ch in " -_.,:/()+" else f"\\{ord(ch):x} ")
    return Markup('"' + "".join(out) + '"')


HTML_LANG = {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW"}
_TAGS = re.compile(r"({{.*?}}|{%.*?%}|{#.*?#})", re.S)


class TraditionalLoader(jinja2.BaseLoader):
    """Another loader's templates with their literal text in Traditional script (OpenCC s2t)."""

    def __init__(self, inner: jinja2.BaseLoader):
        self.inner = inner

    def get_source(self, environment, template):
        source, filename, uptodate = self.inner.get_source(environment, template)
        return to_traditional_text(source), filename, uptodate

    def list_templates(self):
        return self.inner.list_templates()


# A string literal in a tag; one that follows ``[``, ``==``, ``!=``, ``in`` or ``get(`` is looked up in or
# compared with the data (which is Simplified) and stays as it is.
_LITERAL = re.compile(r"""(\[\s*|[=!]=\s*|\bin\s+|get\(\s*)?(['"])((?:(?!\2).)*)\2""")


@lru_cache(maxsize=1)
def _s2t():
    """OpenCC's Simplified → Traditional converter, made once (loading its dictionaries takes tens of ms)."""
    import opencc
    return opencc.OpenCC("s2t").convert


@lru_cache(maxsize=256)
def to_traditional_text(source: str) -> str:
    """A template's own words in Traditional script: its text, and the string literals its tags show."""
    convert = _s2t()

    def literal(m: re.Match) -> str:
        return m.group(0) if m.group(1) else m.group(2) + convert(m.group(3)) + m.group(2)

    parts = _TAGS.split(source)
    return "".join(_LITERAL.sub(literal, part) if i % 2 else convert(part) for i, part in enumerate(parts))


@lru_cache(maxsize=16384)
def traditional_words(text: str) -> str:
    """Plain words (no template tags) in Traditional script; the same few labels come back on every page."""
    return _s2t()(text) if text else text


def ui_words(text: str, language: str | None) -> str:
    """Words zhibu itself writes (not a template's), in the site's script."""
    return traditional_words(text) if language == "zh-Hant" and text else text


def _as_written(text):
    return text


def ui_words_for(language: str | None):
    """``ui_words`` with the site's language fixed: ``say = ui_words_for(info["language"]); say("站内搜索")``.

    The views pass every label they make through it (step names, page titles, chart titles, rule titles …),
    never a content value; on a ``zh-Hans`` site it gives back what it is given.
    """
    return traditional_words if language == "zh-Hant" else _as_written


def ui_words_around(text: str, language: str | None, kept) -> str:
    """``text`` made by zhibu around values it quotes (a finding: "缺席的 刘洋 未请假"): in the site's script,
    but every ``(start, end)`` span of ``kept`` — the quoted content — as written."""
    if language != "zh-Hant" or not text:
        return text
    out, at = [], 0
    for start, end in sorted(kept):
        if start < at:
            continue
        out.append(traditional_words(text[at:start]))
        out.append(text[start:end])
        at = end
    out.append(traditional_words(text[at:]))
    return "".join(out)


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between builds, one folder per zhibu version and sources (the compiler's
    settings are zhibu's code); a cache that cannot be written is only slower, never an error."""

    def __init__(self, folder: Path):
        from generator.resources import code_fingerprint
        here = folder / code_fingerprint()
        try:
            if folder.is_dir():
                for old in folder.iterdir():
                    if old != here and old.is_dir():
                        shutil.rmtree(old, ignore_errors=True)
            here.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass
        super().__init__(str(here))

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def make_environment(project_layouts: Path | None, language: str | None = "zh-Hans",
                     cache: Path | None = None) -> jinja2.Environment:
    """Return the Jinja environment: project layouts over packaged ones.

    ``project_layouts`` is the project's ``layouts/`` folder, or ``None``
    (or a folder that does not exist) when the project has none. ``language``
    is zhibu.yaml's: ``zh-Hant`` gives the templates' words in Traditional script.
    ``cache``: a folder for compiled templates (a template is compiled again when its text changes).
    """
    packaged = jinja2.FileSystemLoader(str(packaged_dir("layouts")), encoding="utf-8")
    loaders: list[jinja2.BaseLoader] = []
    if project_layouts is not None and Path(project_layouts).is_dir():
        loaders.append(jinja2.FileSystemLoader(str(project_layouts), encoding="utf-8"))
    loaders.append(packaged)
    loaders.append(jinja2.PrefixLoader({"default": packaged}, delimiter="/"))
    loader: jinja2.BaseLoader = jinja2.ChoiceLoader(loaders)
    if language == "zh-Hant":
        loader = TraditionalLoader(loader)
    env = jinja2.Environment(
        loader=loader,
        # HTML and XML are escaped; stylesheets and scripts are not (entities mean
        # nothing inside <style>): they quote values with the css_string filter.
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "htm", "xml", "svg"),
            disabled_extensions=("css", "js", "txt"),
            default_for_string=True,
            default=True,
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_CompiledTemplates(cache) if cache is not None else None,
    )
    env.filters["css_string"] = css_string
    env.globals["html_lang"] = HTML_LANG.get(language or "zh-Hans", "zh-CN")
    return env
