"""Stage 6: routes → files, rendering only the pages whose inputs changed.

Each page gets a key: a hash of the templates, its template name and URL, and
either its whole context or — for a route that names its inputs (``deps``) —
the digests of those content files; the bytes of the files it draws from are
part of it either way. A page whose key is the one recorded for the previous
build is hard-linked from the previous ``site/`` (same bytes, no rendering,
its context never made); the rest are rendered — on two processes when there
are many (a fork, where the platform has one) — and written, or linked from the
previous build after all when the new bytes are the old ones.

The two processes split the pages by branch, so the pages that draw on one
record (its page, its branch's pages) are rendered by one process, and the
privacy scan reads each content file's internal values once.

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
    written: int = 0                                     # rendered (new bytes, or old bytes linked back)
    reused: int = 0
    hits: list = field(default_factory=list)             # whatever inspect() returned
    fresh: list[str] = field(default_factory=list)       # URLs whose bytes differ from the previous build
    dirty: list[str] = field(default_factory=list)       # URLs rendered (their key changed)
    sums: dict[str, str] = field(default_factory=dict)   # url → hash of the bytes, for the pages rendered


def page_key(route: Route, salt: str, digests: dict[str, str]) -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{salt}\0{route.template}\0{route.url}\0".encode())
    if route.deps is not None:
        h.update(repr(route.extra).encode())
        for rel in route.deps:
            h.update(f"\0{rel}\0{digests.get(rel, '')}".encode())
    else:
        h.update(context_bytes(route.context))
    for rel in route.sources:
        h.update(f"\n{rel}\0{digests.get(rel, '')}".encode())
    return h.hexdigest()


def context_bytes(context: dict) -> bytes:
    """The context as bytes that depend on its values only (a pickle also records which values are one object).

    ``repr`` of the plain values views are made of (dicts, lists, strings, dates,
    Markup); an object without a repr of its own would show its address, and is
    pickled instead.
    """
    text = repr(context)
    if " object at 0x" in text:
        return pickle.dumps(context, protocol=5)
    return text.encode("utf-8", "surrogatepass")


def render_routes(env: jinja2.Environment, routes: list[Route], out: Path, *, salt: str,
                  digests: dict[str, str], previous: dict[str, str], previous_dir: Path | None,
                  inspect: Callable | None = None, progress=None) -> RenderResult:
    result = RenderResult()
    dirty: list[Route] = []
    made: set[str] = set()
    # Plain strings, not pathlib: this loop runs once per page, and most pages are only linked.
    base = os.fspath(out)
    old = os.fspath(previous_dir) if previous_dir is not None else None
    for route in routes:
        key = page_key(route, salt, digests)
        url = route.url
        result.keys[url] = key
        if old is not None and previous.get(url) == key and link_file(f"{old}/{url}", f"{base}/{url}", made):
            result.reused += 1
        else:
            dirty.append(route)
    if progress and result.reused:
        progress(result.reused)
    for parent in sorted({os.path.dirname(f"{base}/{r.url}") for r in dirty} - made):
        os.makedirs(parent, exist_ok=True)
    result.hits, result.fresh, sums = _render_all(env, dirty, out, previous_dir, inspect, progress)
    result.sums = dict(sums)
    result.written = len(dirty)
    result.dirty = [r.url for r in dirty]
    return result


def link_file(old: str | Path, new: str | Path, made: set[str]) -> bool:
    """Hard-link (or copy) an unchanged file from the previous build; False if it is gone.

    ``made`` holds the folders known to exist (as strings), so each is made once.
    """
    parent = os.path.dirname(new)
    if parent not in made:
        os.makedirs(parent, exist_ok=True)
        made.add(parent)
    try:
        os.link(old, new)
    except FileNotFoundError:
        return False
    except OSError:
        if not os.path.isfile(old):
            return False
        shutil.copyfile(old, new)
    return True


def reuse(old: str | Path, new: str | Path, made: set[str]) -> bool:
    return link_file(old, new, made)


def write_if_changed(target: Path, data: bytes, old: Path | None) -> bool:
    """Write ``data`` to ``target`` — or link the previous build's file when it holds these very bytes.

    True when the bytes are new. Unchanged files keep their inode and time, so a
    deploy (rsync) or an indexer that looks at them sees nothing to do.
    """
    if old is not None:
        try:
            if old.stat().st_size == len(data) and old.read_bytes() == data:
                os.link(old, target)
                return False
        except OSError:
            pass
    target.write_bytes(data)
    return True


# --- rendering ------------------------------------------------------------------
_JOB: tuple | None = None  # (env, out, previous_dir, inspect), shared with the forked worker


def _render_all(env, routes: list[Route], out: Path, previous_dir, inspect, progress) -> tuple[list, list[str], list]:
    global _JOB
    _JOB = (env, out, previous_dir, inspect)
    try:
        if len(routes) < PARALLEL_MIN or not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
            hits, fresh, sums, error = _render_list(routes, progress)
        else:
            hits, fresh, sums, error = _render_parallel(*split_by_affinity(routes), progress)
    finally:
        _JOB = None
    if error:
        raise RenderError(error)
    return hits, fresh, sums


def affinity(route: Route) -> str:
    """Pages drawing on one branch's files share a group: its records, its branch-year pages."""
    rel = route.deps[0] if route.deps else route.sources[0] if route.sources else route.url
    parts = rel.split("/")
    if len(parts) > 2 and parts[0] == "content" and parts[1] == "branches":
        return parts[2]
    return route.url.rsplit("/", 1)[0]


def split_by_affinity(routes: list[Route]) -> tuple[list[Route], list[Route]]:
    """Two halves of about equal work, whole groups each (a page with many sources weighs more)."""
    groups: dict[str, list[Route]] = {}
    for route in routes:
        groups.setdefault(affinity(route), []).append(route)
    weight = {g: sum(1 + len(r.sources) / 8 for r in rs) for g, rs in groups.items()}
    halves: tuple[list[Route], list[Route]] = ([], [])
    load = [0.0, 0.0]
    for g in sorted(groups, key=lambda g: (-weight[g], g)):
        i = 0 if load[0] <= load[1] else 1
        halves[i].extend(groups[g])
        load[i] += weight[g]
    return halves


def _render_parallel(mine: list[Route], theirs: list[Route], progress) -> tuple[list, list[str], list, str | None]:
    """One half in a forked child, one half here; the child sends back its findings through a pipe.

    ``gc.freeze()`` keeps the collector from touching (and so copying) every
    object of the parent's heap in the child.
    """
    read_end, write_end = os.pipe()
    gc.freeze()
    pid = os.fork()
    if pid == 0:  # the child: render, report, leave without running any cleanup of the parent's
        os.close(read_end)
        try:
            payload = pickle.dumps(_render_list(theirs, None))
        except BaseException as exc:  # noqa: BLE001 - reported to the parent as a render error
            payload = pickle.dumps(([], [], [], f"内部错误（{type(exc).__name__}: {exc}）"))
        with os.fdopen(write_end, "wb") as fh:
            fh.write(payload)
        os._exit(0)
    os.close(write_end)
    try:
        hits, fresh, sums, error = _render_list(mine, progress)
    finally:
        with os.fdopen(read_end, "rb") as fh:
            data = fh.read()
        os.waitpid(pid, 0)
        gc.unfreeze()
    child_hits, child_fresh, child_sums, child_error = pickle.loads(data) if data else \
        ([], [], [], "内部错误：生成页面的子进程意外退出")
    if progress:
        progress(len(theirs))
    return hits + child_hits, fresh + child_fresh, sums + child_sums, error or child_error


def _render_list(routes: list[Route], progress) -> tuple[list, list[str], list, str | None]:
    env, out, previous_dir, inspect = _JOB
    hits: list = []
    fresh: list[str] = []
    sums: list[tuple[str, str]] = []
    for route in routes:
        try:
            html = env.get_template(route.template).render(route.make_context())
        except jinja2.TemplateError as exc:
            return hits, fresh, sums, describe_template_error(exc, route)
        data = html.encode("utf-8")
        sums.append((route.url, hashlib.blake2b(data, digest_size=12).hexdigest()))
        if write_if_changed(out / route.url, data, previous_dir / route.url if previous_dir is not None else None):
            fresh.append(route.url)
        if inspect is not None:
            hits.extend(inspect(route, html))
        if progress:
            progress(1)
    return hits, fresh, sums, None


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
