"""serve, the rebuild loop: batches of changes → a new preview, or the error page.

This runs in the preview process (``process.py``), one batch after another:

1. a quick render (``quick.py``) when the change allows one: the pages open in
   a browser tab are rendered from the changed files at once and the tab
   reloads, before the whole build;
2. the whole build, the same stages as ``zhibu build`` (the check over the
   documents held in memory, then ``Outputs`` — unchanged pages are linked
   over, not rendered) into a temporary folder that the server reads; the
   project's ``site/`` is never touched. It runs in a forked worker
   (``worker.py``): a newer batch cancels it at once and starts over from the
   newest files.

What kind of change it was (watch.py) decides what is thrown away first:
config and schemas reopen the project, layouts get a new Jinja environment
(``Outputs`` makes one per build, keyed by the layouts' fingerprint).
Any failure — data errors, a privacy hit, a template error, a bug — becomes
the error page; the last good build stays where it was. What the server is
to show is kept in a ``View`` and sent over with every change.
"""
from __future__ import annotations

import os
import shutil
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..commands.build import PARTS, stage_parts
from ..diagnostics import UsageError
from ..pipeline import CheckResult, project_profile
from ..project import Project, open_project
from ..publish.outputs import BuildFailed, Outputs
from ..publish.staging import Staging
from ..render.pages import RenderError
from ..render.templates import make_environment
from .errorpage import Problem, render_problem
from .indexer import deferred_search
from .livecheck import LiveCheck
from .quick import QUICK_MIN_DOCUMENTS, quick_render
from .server import page_id
from .watch import CONFIG, LAYOUTS, SCHEMAS, Batch
from .worker import Finished, Worker, committing, start_worker

PAGE_PARTS = ("public", "archive")
COMPARE_MAX = 2000  # more pages rendered again than this (a template edit): every tab reloads
EVERY_PAGE = None   # publish: every tab reloads


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
    documents: list | None = None     # what the build reads (kept until the round ends)


class View:
    """What the server shows — pages rendered ahead of the build, the error page — and which tabs reload.

    ``send(overlay, problem, ready, publish)`` hands every change to the
    server; ``publish`` is the set of pages that changed (empty: none, None: all).
    """

    def __init__(self, site_dir: Path, send: Callable):
        self.site_dir = site_dir
        self.overlay: dict[str, bytes] = {}
        self.problem: bytes | None = None
        self.ready = False
        self.open_pages: frozenset[str] = frozenset()   # the tabs' pages when the batch was sent
        self._send = send

    def show(self, *, overlay: dict[str, bytes], problem: bytes | None, publish: set[str] | None) -> None:
        self.overlay, self.problem, self.ready = overlay, problem, True
        self._send(overlay, problem, True, publish)


class Session:
    """The preview process's side: the documents, the quick render, the builds' outcomes.

    ``start_build`` loads what changed here and forks a worker (``worker.py``)
    that checks and builds from it; ``finish_build`` shows what it returned.
    """

    def __init__(self, start: Path, workdir: Path, view: View, *, today: str | None = None, casebook: bool = False,
                 say: Callable[[str], None] | None = None, on_round: Callable[[Round], None] | None = None,
                 on_commit: Callable[[], None] | None = None):
        self.start_dir = start
        self.today = today
        self.casebook = casebook
        self.say = say or _say
        self.on_round = on_round
        self.on_commit = on_commit
        self.quick_enabled = True
        self.quick_min = QUICK_MIN_DOCUMENTS
        self.workdir = workdir
        self.site_dir = workdir / "site"
        self.search_bundle = workdir / "search" / "pagefind"
        self.view = view
        self.problem: Problem | None = None  # what the error page shows, while it is shown
        self.checker = LiveCheck()
        self.project: Project | None = None
        self.good: CheckResult | None = None   # the last good check (its findings and profile; no model)
        self._outputs: Outputs | None = None   # the quick render's templates and site facts
        self._announced = False

    # --- in the preview process ---------------------------------------------------
    def quick(self, batch: Batch, round_: Round) -> None:
        """Before the build: forget what the change makes stale, and render the open pages if it can."""
        try:
            if batch.kinds & {CONFIG, SCHEMAS}:
                self.project, self._outputs = None, None  # zhibu.yaml is validated against the schemas
            elif LAYOUTS in batch.kinds:
                self._outputs = None
            elif self.quick_enabled:
                quick_render(self, batch, round_)
        except Exception as exc:  # noqa: BLE001 - the whole build follows and decides
            if "ZHIBU_DEBUG" in os.environ:
                traceback.print_exception(exc, file=sys.stderr)

    def start_build(self, round_: Round, touched: set[str]) -> Worker | Finished | None:
        """Read what changed, then fork the worker that checks and builds (None: stopped before that)."""
        try:
            project = self._project()
            profile = project_profile(project)  # a configuration error stops before any work is done
            if self.project is not None and not self.site_dir.exists():
                self._seed_casebook(project)
            loaded = self.checker.load(project, touched)
        except UsageError as exc:
            self._fail(Problem.from_text("配置有误", str(exc)), round_)
            return None
        except Exception as exc:  # noqa: BLE001 - shown in the page, never a crash
            self._fail(Problem("内部错误", text=_internal(exc)), round_)
            return None
        round_.documents = loaded.documents
        return start_worker(lambda: self._build(project, loaded, profile))

    def finish_build(self, round_: Round, outcome) -> Round:
        """Show what the worker returned: the new pages, or the error page."""
        if outcome is None:
            if round_.superseded:
                return self._finish(round_)
            return self._fail(Problem("内部错误", text="生成预览的子进程意外退出。页面没有更新；请把这条信息报告给维护者。"),
                              round_)
        kind, *rest = outcome
        if kind == "problem":
            return self._fail(rest[0], round_)
        pages, findings, notes, profile = rest
        self.good = CheckResult(None, round_.documents, findings, notes, profile)
        self._succeed(pages, round_)
        if self.quick_enabled and len(self.checker.docs) >= self.quick_min:
            self.quick_outputs()  # made now, while idle, rather than at the next save
        return round_

    # --- in the worker -------------------------------------------------------------
    def _build(self, project: Project, loaded, profile) -> tuple:
        """The check and the build; returns ("built", pages, findings, notes, profile) or ("problem", Problem)."""
        try:
            result = self.checker.judge(project, loaded, profile)
            if result.errors:
                return ("problem", Problem("内容有数据错误", result.errors))
            pages = self._write(project, result)
            return ("built", pages, result.findings, result.notes, profile)
        except UsageError as exc:
            return ("problem", Problem.from_text("配置有误", str(exc)))
        except BuildFailed as exc:
            return ("problem", Problem("生成中止", exc.findings))
        except RenderError as exc:
            return ("problem", Problem.from_text("模板出错", str(exc)))
        except Exception as exc:  # noqa: BLE001 - shown in the page, never a crash
            return ("problem", Problem("内部错误", text=_internal(exc)))

    def _write(self, project: Project, result) -> set[str] | None:
        """Build into a staging folder beside the preview's site/, swap it in; return the changed pages."""
        staging = Staging(self.site_dir)
        outputs = Outputs(project, result, staging)
        wanted = PARTS if self.casebook else PAGE_PARTS
        try:
            with deferred_search(self.search_bundle):
                reports = stage_parts(outputs, wanted, staging)
        except BaseException:
            staging.discard()
            raise
        if not any(not r.unchanged for r in reports):
            staging.discard()
            return set()
        pages = _changed_pages(staging.previous, staging.manifest, staging.root, self.site_dir)
        with committing():
            staging.commit()
        return pages

    # --- outcomes -------------------------------------------------------------
    def _succeed(self, pages: set[str] | None, round_: Round) -> Round:
        quick, had_problem, first = self.view.overlay, self.view.problem is not None, not self.view.ready
        everything = pages is None or had_problem or first
        if not everything:
            # A page the quick render showed reloads again only if the whole build made it differ.
            pages = (pages - quick.keys()) | {p for p in quick if _file_bytes(self.site_dir, p) != quick[p]}
        self.problem = None
        self.view.show(overlay={}, problem=None, publish=EVERY_PAGE if everything else pages)
        if self.on_commit is not None:
            self.on_commit()
        round_.pages = pages or set()
        round_.full = time.perf_counter() - round_.started
        if not self._announced:
            self._announced = True
            self.say(f"预览已就绪（{round_.full:.1f} 秒）")
        elif had_problem:
            self.say(f"问题已改正，预览已更新（{round_.full:.1f} 秒）")
        elif pages is None:
            self.say(f"已更新全部页面（{round_.full:.1f} 秒）")
        elif pages or quick:
            self.say(f"已更新 {len(pages | set(quick))} 个页面（{round_.full:.1f} 秒）")
        return self._finish(round_)

    def _fail(self, problem: Problem, round_: Round) -> Round:
        self.show_problem(problem)
        round_.failed = True
        round_.full = time.perf_counter() - round_.started
        return self._finish(round_)

    def show_problem(self, problem: Problem) -> bool:
        """Serve the error page for ``problem``; True when it differs from the one shown (tabs reload)."""
        project = self.project
        root = project.root if project else self.start_dir
        env = None
        try:
            env = make_environment(project.layouts if project else None,
                                   project.config.get("language") if project else None)
        except Exception:  # noqa: BLE001 - the plain page is made without it
            pass
        page = render_problem(problem, root, env)
        same = self.view.problem == page and not self.view.overlay and self.view.ready
        self.problem = problem
        self.view.show(overlay={}, problem=page, publish=set() if same else EVERY_PAGE)
        if same:
            return False
        lines = problem.summary()
        self.say(f"{problem.heading}：网站没有更新，浏览器中显示了详情" + (f"（{len(lines)} 处）" if lines else ""))
        for line in lines[:10]:
            self.say(f"  {line}")
        if len(lines) > 10:
            self.say(f"  ……另有 {len(lines) - 10} 处")
        return True

    def show_quick(self, pages: dict[str, bytes]) -> None:
        """Serve pages rendered ahead of the whole build; a problem they show mended is cleared."""
        mended = self.view.problem is not None
        self.problem = None
        self.view.show(overlay={**self.view.overlay, **pages}, problem=None,
                       publish=EVERY_PAGE if mended else set(pages))
        if mended:
            self.say("问题已改正，正在更新预览……")

    # --- what the quick render reads ----------------------------------------------
    def open_pages(self) -> frozenset[str]:
        return self.view.open_pages

    def documents(self) -> list:
        """The documents as last read (newer than the last good check when a build was cancelled)."""
        return list(self.checker.docs.values())

    def quick_outputs(self) -> Outputs | None:
        """The templates and site facts the pages are rendered with, as the last good build had them."""
        if self._outputs is None and self.good is not None and self.project is not None:
            self._outputs = Outputs(self.project, CheckResult(None, [], [], [], self.good.profile), None)
        return self._outputs

    def current_bytes(self, page: str) -> bytes | None:
        """What the server sends for a page now (before the reload script is added)."""
        quick = self.view.overlay.get(page)
        return quick if quick is not None else _file_bytes(self.site_dir, page)

    def _finish(self, round_: Round) -> Round:
        round_.documents = None
        if self.on_round is not None:
            self.on_round(round_)
        return round_

    # --- the project ---------------------------------------------------------
    def _project(self) -> Project:
        if self.project is None:
            self.project = open_project(self.start_dir, self.today)
        return self.project

    def _seed_casebook(self, project: Project) -> None:
        """Without --casebook, the PDFs of the project's last build are shown (read, never changed)."""
        books = project.site / "casebook"
        if not self.casebook and books.is_dir() and any(books.glob("*.pdf")):
            target = self.site_dir / "casebook"
            target.mkdir(parents=True, exist_ok=True)
            for pdf in sorted(books.glob("*.pdf")):
                shutil.copyfile(pdf, target / pdf.name)


def _changed_pages(before: dict, after: dict, new_dir: Path, old_dir: Path) -> set[str] | None:
    """The pages whose bytes differ between the two builds (None: too many to compare, take all).

    A page rendered again (its key changed) may well come out the same: its
    file is compared with the old one, so only tabs with a real change reload.
    """
    pages = set()
    for part in PAGE_PARTS:
        old = ((before.get("parts") or {}).get(part) or {}).get("files") or {}
        new = ((after.get("parts") or {}).get(part) or {}).get("files") or {}
        keyed = [url for url in old.keys() | new.keys() if old.get(url) != new.get(url)]
        if len(keyed) > COMPARE_MAX:
            return None
        pages |= {page_id(part, url) for url in keyed
                  if url.endswith(".html") and not _same_file(new_dir / part / url, old_dir / part / url)}
    return pages


def _same_file(a: Path, b: Path) -> bool:
    try:
        sa, sb = a.stat(), b.stat()
        if (sa.st_ino, sa.st_dev) == (sb.st_ino, sb.st_dev):
            return True
        return sa.st_size == sb.st_size and a.read_bytes() == b.read_bytes()
    except OSError:
        return False


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
