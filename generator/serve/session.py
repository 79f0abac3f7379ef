"""serve, the rebuild loop: batches of changes → a new preview, or the error page.

One worker thread takes the watcher's batches in order. For each batch:

1. a quick render (``quick.py``) when the change allows one: the pages open in
   a browser tab are rendered from the changed files at once and the tab
   reloads, before the whole build;
2. the whole build, the same stages as ``zhibu build`` (the check over the
   documents held in memory, then ``Outputs`` — unchanged pages are linked
   over, not rendered) into a temporary folder that the server reads; the
   project's ``site/`` is never touched. A newer batch arriving meanwhile
   abandons this build at the next page or stage and starts over from the
   newest files.

What kind of change it was (watch.py) decides what is thrown away first:
config and schemas reopen the project, layouts get a new Jinja environment
(``Outputs`` makes one per build, keyed by the layouts' fingerprint).
Any failure — data errors, a privacy hit, a template error, a bug — becomes
the error page; the last good build stays where it was.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..diagnostics import UsageError
from ..project import Project, open_project
from ..publish.outputs import BuildFailed, Outputs, PartReport
from ..publish.staging import Staging, link_tree
from ..render.pages import RenderError
from ..render.templates import make_environment
from .errorpage import Problem, render_problem
from .livecheck import LiveCheck
from .server import PreviewState, page_id
from .watch import CONFIG, SCHEMAS, Batch

PARTS = ("casebook", "public", "archive")  # the casebook first: the public site links its PDFs
PAGE_PARTS = ("public", "archive")


class Superseded(Exception):
    """A newer batch arrived: this build is abandoned (its staging folder removed)."""


@dataclass(slots=True)
class Round:
    """What one rebuild did, for the terminal and for measurements."""
    started: float
    kind: str = ""
    quick: float | None = None        # seconds to the quick render's reload
    quick_pages: int = 0
    full: float | None = None         # seconds to the whole build's end
    pages: set[str] = field(default_factory=set)
    failed: bool = False
    superseded: bool = False


class ServeOutputs(Outputs):
    """The build's outputs, without running Pagefind on the request path (see ``indexer``)."""

    search_bundle: Path | None = None

    def _search(self, out: Path, keys: dict, previous: dict, report: PartReport) -> None:
        report.search = "skipped"
        bundle = self.search_bundle
        if bundle is not None and bundle.is_dir():
            link_tree(bundle, out / "pagefind")


class Session:
    def __init__(self, start: Path, *, today: str | None = None, casebook: bool = False,
                 say: Callable[[str], None] | None = None, quick: bool = True):
        self.start_dir = start
        self.today = today
        self.casebook = casebook
        self.say = say or _say
        self.quick_enabled = quick
        self.workdir = Path(tempfile.mkdtemp(prefix="zhibu-serve-"))
        self.site_dir = self.workdir / "site"
        self.state = PreviewState(self.site_dir)
        self.checker = LiveCheck()
        self.project: Project | None = None
        self.result = None                  # the last good CheckResult
        self.outputs: ServeOutputs | None = None
        self.rounds: list[Round] = []
        self.on_round: Callable[[Round], None] | None = None
        self._pending: Batch | None = None
        self._cond = threading.Condition()
        self._stopping = False
        self._thread = threading.Thread(target=self._loop, name="zhibu-serve-build", daemon=True)

    # --- lifecycle -------------------------------------------------------------
    def start(self) -> None:
        """Start the worker: the first build (every file read), then the watcher's batches."""
        self._thread.start()

    def submit(self, batch: Batch) -> None:
        """Called by the watcher: queue the batch (merged with any not yet taken)."""
        with self._cond:
            self._pending = batch if self._pending is None else self._pending.merged(batch)
            self._cond.notify_all()

    def stop(self) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        if self._thread.is_alive():
            self._thread.join(timeout=30)
        self.state.close()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def _first_build(self) -> None:
        project = self._project_or_none()
        if project is not None:
            self._seed_casebook(project)
        round_ = self._rebuild(Round(time.perf_counter(), "start"), set())
        if not round_.superseded and not round_.failed:
            self.say(f"预览已就绪（{round_.full:.1f} 秒）")

    def _loop(self) -> None:
        try:
            self._first_build()
        except Exception as exc:  # noqa: BLE001 - the loop must survive anything
            self._fail(Problem("内部错误", text=_internal(exc)), Round(time.perf_counter(), "start"))
        while True:
            with self._cond:
                while self._pending is None and not self._stopping:
                    self._cond.wait()
                if self._stopping:
                    return
                batch, self._pending = self._pending, None
            try:
                self._handle(batch)
            except Exception as exc:  # noqa: BLE001 - the loop must survive anything
                self._fail(Problem("内部错误", text=_internal(exc)), Round(time.perf_counter(), batch.kind))

    def _handle(self, batch: Batch) -> None:
        round_ = Round(time.perf_counter(), batch.kind)
        if batch.kinds & {CONFIG, SCHEMAS}:
            self.project = None  # reopen: zhibu.yaml is validated against the (project's) schemas
        self._rebuild(round_, batch.paths)

    # --- the whole build -------------------------------------------------------
    def _rebuild(self, round_: Round, touched: set[str]) -> Round:
        try:
            project = self._project()
            result, _ = self.checker.check(project, touched, progress=self._tick)
            if result.errors:
                return self._fail(Problem("内容有数据错误", result.errors), round_)
            self._tick(0)
            pages = self._write(project, result)
        except Superseded:
            round_.superseded = True
            return self._finish(round_)
        except UsageError as exc:
            return self._fail(Problem.from_text("配置有误", str(exc)), round_)
        except BuildFailed as exc:
            return self._fail(Problem("生成中止", exc.findings), round_)
        except RenderError as exc:
            return self._fail(Problem.from_text("模板出错", str(exc)), round_)
        except Exception as exc:  # noqa: BLE001 - shown in the page, never a crash
            return self._fail(Problem("内部错误", text=_internal(exc)), round_)
        self.result = result
        return self._succeed(pages, round_)

    def _write(self, project: Project, result) -> set[str]:
        """Build into a staging folder beside the preview's site/, swap it in; return the changed pages."""
        staging = Staging(self.site_dir)
        outputs = ServeOutputs(project, result, staging, progress=lambda label, total: self._tick)
        outputs.search_bundle = self.workdir / "search" / "pagefind"
        wanted = PARTS if self.casebook else PAGE_PARTS
        try:
            staging.carry_foreign()
            reports = []
            for part in PARTS:
                if part in wanted:
                    reports.append(getattr(outputs, f"build_{part}")())
                    self._tick(0)
                else:
                    staging.carry(part)
        except BaseException:
            staging.discard()
            raise
        self.outputs = outputs
        if not any(not r.unchanged for r in reports):
            staging.discard()
            return set()
        before = staging.previous
        with self.state.lock:
            staging.commit()
        return _changed_pages(before, staging.manifest)

    def _tick(self, _n: int = 0) -> None:
        """Between pages and stages: give way to a newer batch."""
        if self._pending is not None or self._stopping:
            raise Superseded

    # --- outcomes -------------------------------------------------------------
    def _succeed(self, pages: set[str], round_: Round) -> Round:
        with self.state.lock:
            quick = self.state.overlay
            self.state.overlay = {}
            had_problem = self.state.problem is not None
            self.state.problem = None
            first = not self.state.ready
            self.state.ready = True
        # A page the quick render already showed reloads again only if the whole build made it differ.
        pages = {p for p in pages if p not in quick or _file_bytes(self.site_dir, p) != quick[p]}
        if had_problem or first:
            self.state.publish(None)
        elif pages:
            self.state.publish(pages)
        round_.pages = pages
        round_.full = time.perf_counter() - round_.started
        if round_.kind != "start":
            if had_problem:
                self.say(f"问题已改正，预览已更新（{round_.full:.1f} 秒）")
            elif pages or quick:
                self.say(f"已更新 {len(pages | set(quick))} 个页面（{round_.full:.1f} 秒）")
        return self._finish(round_)

    def _fail(self, problem: Problem, round_: Round) -> Round:
        project = self.project
        root = project.root if project else self.start_dir
        env = None
        try:
            env = make_environment(project.layouts if project else None)
        except Exception:  # noqa: BLE001 - the plain page is made without it
            pass
        page = render_problem(problem, root, env)
        with self.state.lock:
            same = self.state.problem == page and not self.state.overlay and self.state.ready
            self.state.problem = page
            self.state.overlay = {}
            self.state.ready = True
        if not same:
            self.state.publish(None)
            lines = problem.summary()
            self.say(f"{problem.heading}：网站没有更新，浏览器中显示了详情" + (f"（{len(lines)} 处）" if lines else ""))
            for line in lines[:10]:
                self.say(f"  {line}")
            if len(lines) > 10:
                self.say(f"  ……另有 {len(lines) - 10} 处")
        round_.failed = True
        round_.full = time.perf_counter() - round_.started
        return self._finish(round_)

    def _finish(self, round_: Round) -> Round:
        self.rounds.append(round_)
        if self.on_round is not None:
            self.on_round(round_)
        return round_

    # --- the project ---------------------------------------------------------
    def _project(self) -> Project:
        if self.project is None:
            self.project = open_project(self.start_dir, self.today)
        return self.project

    def _project_or_none(self) -> Project | None:
        try:
            return self._project()
        except UsageError:
            return None

    def _seed_casebook(self, project: Project) -> None:
        """Without --casebook, the PDFs of the project's last build are shown (read, never changed)."""
        books = project.site / "casebook"
        if not self.casebook and books.is_dir() and any(books.glob("*.pdf")):
            target = self.site_dir / "casebook"
            target.mkdir(parents=True, exist_ok=True)
            for pdf in sorted(books.glob("*.pdf")):
                shutil.copyfile(pdf, target / pdf.name)


def _changed_pages(before: dict, after: dict) -> set[str]:
    pages = set()
    for part in PAGE_PARTS:
        old = ((before.get("parts") or {}).get(part) or {}).get("files") or {}
        new = ((after.get("parts") or {}).get(part) or {}).get("files") or {}
        pages |= {page_id(part, url) for url in old.keys() | new.keys() if old.get(url) != new.get(url)}
    return pages


def _file_bytes(site_dir: Path, page: str) -> bytes | None:
    part, rel = ("archive", page[len("/archive/"):]) if page.startswith("/archive/") else ("public", page[1:])
    try:
        return (site_dir / part / rel).read_bytes()
    except OSError:
        return None


def _internal(exc: BaseException) -> str:
    if "ZHIBU_DEBUG" in os.environ:
        traceback.print_exception(exc, file=sys.stderr)
    return f"内部错误（{type(exc).__name__}: {exc}）。页面没有更新；请把这条信息报告给维护者。"


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()
