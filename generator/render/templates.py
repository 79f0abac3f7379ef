"""The Jinja environment every output renders with.

A project's own ``layouts/`` lies over the packaged layouts file by file
(convention of Hugo and MkDocs); the prefix ``default/`` always reaches the
packaged originals, so an override can extend what it replaces::

    {% extends "default/casebook/book.html" %}
"""

from __future__ import annotations

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


def make_environment(project_layouts: Path | None) -> jinja2.Environment:
    """Return the Jinja environment: project layouts over packaged ones.

    ``project_layouts`` is the project's ``layouts/`` folder, or ``None``
    (or a folder that does not exist) when the project has none.
    """
    packaged = jinja2.FileSystemLoader(str(packaged_dir("layouts")), encoding="utf-8")
    loaders: list[jinja2.BaseLoader] = []
    if project_layouts is not None and Path(project_layouts).is_dir():
        loaders.append(jinja2.FileSystemLoader(str(project_layouts), encoding="utf-8"))
    loaders.append(packaged)
    loaders.append(jinja2.PrefixLoader({"default": packaged}, delimiter="/"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
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
    )
    env.filters["css_string"] = css_string
    return env
