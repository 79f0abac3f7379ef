"""Stage 6: routes → files, rendering only the pages whose inputs changed.

Each page gets a key: a hash of the templates, its template name, its whole
context and the bytes of the content files it draws from. A page whose key is
the one recorded for the previous build is hard-linked from the previous
``site/`` (same bytes, no rendering); the rest are rendered — on two processes
when there are many (a fork, where the platform has one) — and written.

An ``inspect(route, html)`` callback sees every freshly rendered page (the
privacy scan of the public site); pages taken over unchanged were inspected
when they were written, with the same inputs.
"""
from __future__ import annotations

import gc
import hashlib
import os
import pickle
import shutil
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import jinja2

from .routes import Route

PARALLEL_MIN = 300


class RenderError(Exception):
    """A template could not be rendered: the message names the template and line."""


@dataclass(slots=True)
class RenderResult:
    keys: dict[str, str] = field(default_factory=dict)   # url → key
    written: int = 0
    reused: int = 0
    hits: list = field(default_factory=list)             # whatever inspect() returned


def page_key(route: Route, salt: str, digests: dict[str, str]) -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(salt.encode())
    h.update(route.template.encode())
    h.update(pickle.dumps(route.context, protocol=5))
    for rel in route.sources:
        h.update(rel.encode() + b"\0" + digests.get(rel, "").encode())
    return h.hexdigest()


def render_routes(env: jinja2.Environment, routes: list[Route], out: Path, *, salt: str,
                  digests: dict[str, str], previous: dict[str, str], previous_dir: Path | None,
                  inspect: Callable | None = None, progress=None) -> RenderResult:
    result = RenderResult()
    dirty: list[Route] = []
    made: set[Path] = set()
    for route in routes:
        key = page_key(route, salt, digests)
        result.keys[route.url] = key
        if previous_dir is not None and previous.get(route.url) == key \
                and reuse(previous_dir / route.url, out / route.url, made):
            result.reused += 1
            if progress:
                progress(1)
        else:
            dirty.append(route)
    for parent in sorted({(out / r.url).parent for r in dirty} - made):
        parent.mkdir(parents=True, exist_ok=True)
    result.hits = _render_all(env, dirty, out, inspect, progress)
    result.written = len(dirty)
    return result


def reuse(old: Path, new: Path, made: set[Path]) -> bool:
    """Hard-link (or copy) an unchanged file from the previous build; False if it is gone."""
    if not old.is_file():
        return False
    if new.parent not in made:
        new.parent.mkdir(parents=True, exist_ok=True)
        made.add(new.parent)
    try:
        os.link(old, new)
    except OSError:
        shutil.copyfile(old, new)
    return True


# --- rendering ------------------------------------------------------------------
_JOB: tuple | None = None  # (env, routes, out, inspect), shared with forked workers


def _render_all(env, routes: list[Route], out: Path, inspect, progress) -> list:
    global _JOB
    _JOB = (env, routes, out, inspect)
    try:
        if len(routes) < PARALLEL_MIN or not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
            hits, error = _render_range(0, len(routes), progress)
        else:
            hits, error = _render_parallel(len(routes), progress)
    finally:
        _JOB = None
    if error:
        raise RenderError(error)
    return hits


def _render_parallel(n: int, progress) -> tuple[list, str | None]:
    """Half the pages in a forked child, half here; the child sends back its findings through a pipe.

    ``gc.freeze()`` keeps the collector from touching (and so copying) every
    object of the parent's heap in the child.
    """
    mid = n // 2
    read_end, write_end = os.pipe()
    gc.freeze()
    pid = os.fork()
    if pid == 0:  # the child: render, report, leave without running any cleanup of the parent's
        os.close(read_end)
        try:
            payload = pickle.dumps(_render_range(mid, n, None))
        except BaseException as exc:  # noqa: BLE001 - reported to the parent as a render error
            payload = pickle.dumps(([], f"内部错误（{type(exc).__name__}: {exc}）"))
        with os.fdopen(write_end, "wb") as fh:
            fh.write(payload)
        os._exit(0)
    os.close(write_end)
    try:
        hits, error = _render_range(0, mid, progress)
    finally:
        with os.fdopen(read_end, "rb") as fh:
            data = fh.read()
        os.waitpid(pid, 0)
        gc.unfreeze()
    child_hits, child_error = pickle.loads(data) if data else ([], "内部错误：生成页面的子进程意外退出")
    if progress:
        progress(n - mid)
    return hits + child_hits, error or child_error


def _render_range(start: int, stop: int, progress) -> tuple[list, str | None]:
    env, routes, out, inspect = _JOB
    hits: list = []
    for route in routes[start:stop]:
        try:
            html = env.get_template(route.template).render(route.context)
        except jinja2.TemplateError as exc:
            return hits, describe_template_error(exc, route)
        (out / route.url).write_bytes(html.encode("utf-8"))
        if inspect is not None:
            hits.extend(inspect(route, html))
        if progress:
            progress(1)
    return hits, None


def describe_template_error(exc: jinja2.TemplateError, route: Route) -> str:
    """Chinese message naming the template file and line (project override or packaged)."""
    where = None
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        where = f"{_short(exc.filename)}:{exc.lineno}"
    else:
        for frame in reversed(traceback.extract_tb(sys.exc_info()[2] or exc.__traceback__)):
            if frame.filename.endswith((".html", ".xml", ".txt")):
                where = f"{_short(frame.filename)}:{frame.lineno}"
                break
    where = where or route.template
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"{route.url}：找不到模板 {exc.name}"
    if isinstance(exc, jinja2.UndefinedError):
        return f"{where}: 模板用到了未定义的变量（{exc.message}），生成 {route.url} 时出错"
    return f"{where}: 模板错误（{exc.message}），生成 {route.url} 时出错"


def _short(filename: str) -> str:
    parts = Path(filename).parts
    if "layouts" in parts:
        i = len(parts) - 1 - parts[::-1].index("layouts")
        return "/".join(parts[i:])
    return Path(filename).name

