"""`zhibu build`: check, then write site/public, site/archive and site/casebook — all or nothing.

Exit 0 when the site was written (compliance warnings do not stop it), 1 when a
data error, a privacy hit, a URL clash or a template error stopped the build
(site/ is then exactly as it was), 2 for usage and configuration errors.
"""
from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

from ..diagnostics import ERROR, WARNING
from ..load.loader import CACHE_DIR
from ..pipeline import cached_outcome, outcome_key, remember_outcome, run_check
from ..project import open_project
from ..publish.fingerprint import build_stamp
from ..publish.aside import Aside, can_fork
from ..publish.outputs import BuildFailed, Outputs, PartReport
from ..publish.staging import Staging
from ..publish.stamp import BuildStamps
from ..render.pages import RenderError
from ..report.findings import as_text
from .oserrors import os_cause
from .progress import loading_progress

PARTS = ("casebook", "public", "archive")  # the casebook first: the public site links its PDFs


def run(args) -> int:
    """The build; a termination signal (a CI job cancelled, `timeout`) stops it like Ctrl-C: the staging
    folder is removed and site/ stays as it was."""
    try:
        previous = signal.signal(signal.SIGTERM, _interrupted)
    except ValueError:  # not the main thread
        previous = None
    try:
        return _run(args)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _interrupted(signum, frame):
    raise KeyboardInterrupt


def _run(args) -> int:
    started = time.perf_counter()
    project = open_project(Path.cwd(), args.today)
    wanted = (args.only,) if args.only else PARTS
    staging = Staging(project.site)
    stamps = BuildStamps(project.root / CACHE_DIR, project.site)
    # Nothing the build reads changed since site/ was written (not a content file's size or
    # time, not a layout, setting, profile or zhibu itself): no file is read, site/ stays.
    key = outcome_key(project)
    stamp = build_stamp(key, project.layouts)
    outcome = cached_outcome(project, key)
    if outcome is not None and stamps.current(wanted, stamp):
        _summary([PartReport(part, unchanged=True) for part in PARTS if part in wanted], outcome,
                 time.perf_counter() - started, False)
        return 0
    with loading_progress() as progress:
        result = run_check(project, progress=progress)
    remember_outcome(project, key, result)
    # Data errors stop everything before a single file is written.
    if result.errors:
        return _fail(result.errors, len(result.documents) + 1, "内容有数据错误")
    try:
        reports = _build(Outputs(project, result, staging, _bars()), wanted, staging)
    except BuildFailed as failed:
        staging.discard()
        return _fail(failed.findings, len(result.documents) + 1, "生成中止")
    except RenderError as exc:
        staging.discard()
        sys.stderr.write(f"zhibu：{exc}\nsite/ 保持不变。\n")
        return 1
    except BaseException:
        staging.discard()
        raise
    changed = any(not r.unchanged for r in reports)
    if changed:
        try:
            staging.commit()
        except OSError as exc:
            staging.discard()
            sys.stderr.write(f"zhibu：无法用新生成的网站替换 site/：{os_cause(exc)}。site/ 保持不变。\n")
            return 1
    else:
        staging.discard()
    stamps.record(wanted, stamp)
    _summary(reports, result, time.perf_counter() - started, changed)
    return 0


def _build(outputs: Outputs, wanted: tuple[str, ...], staging: Staging) -> list[PartReport]:
    """Build the wanted parts in order; carry the others over from the current site/.

    When no wanted part would change, nothing is staged at all: site/ is up to date.
    """
    outputs.wanted = tuple(wanted)
    if outputs.unchanged(wanted):
        return [PartReport(part, unchanged=True) for part in PARTS if part in wanted]
    return stage_parts(outputs, wanted, staging)


def stage_parts(outputs: Outputs, wanted, staging: Staging) -> list[PartReport]:
    """Build the wanted parts in order into the staging folder; carry the others over from site/.

    When every archive page is to be made afresh (a first build, a CI build, new layouts), the
    archive — which depends on neither other part — is built beside them in a forked process.
    """
    outputs.wanted = tuple(wanted)
    staging.carry_foreign()
    aside = None
    if {"public", "archive"} <= set(wanted) and can_fork() and outputs.renders_all_archive():
        aside = Aside(outputs, "archive")
    reports = []
    try:
        for part in PARTS:
            if part == "archive" and aside is not None:
                reports.append(aside.result())
            elif part in wanted:
                reports.append(getattr(outputs, f"build_{part}")())
            else:
                staging.carry(part)
    except BaseException:
        if aside is not None:
            aside.cancel()
        raise
    return reports


def _fail(findings, files: int, lead: str) -> int:
    errors = [f for f in findings if f.severity == ERROR] or findings
    sys.stdout.write(as_text(errors, files, []))
    sys.stderr.write(f"zhibu：{lead}，没有生成网站；site/ 保持不变。\n")
    return 1


def _summary(reports: list[PartReport], result, seconds: float, changed: bool) -> None:
    """``result``: the check's result, or its cached outcome (findings and notes)."""
    names = {"public": "公开网站", "archive": "内部台账", "casebook": "案例汇编"}
    lines = []
    for r in reports:
        if r.unchanged:
            lines.append(f"{names[r.name]}：内容未变，沿用上次结果")
        elif r.name == "casebook":
            lines.append(f"{names[r.name]}：{r.pages} 个 PDF")
        else:
            indexed, shards = r.search_shards
            search = {"indexed": f"，搜索索引已重建（{r.search_seconds:.1f} 秒，{shards} 个分片中的 {indexed} 个）",
                      "reused": "，搜索索引沿用",
                      "skipped": "，未生成搜索索引"}.get(r.search or "", "")
            lines.append(f"{names[r.name]}：{r.pages} 页（新写 {r.written}，沿用 {r.reused}）{search}")
        lines += [f"说明：{note}" for note in r.notes]
    warnings = sum(1 for f in result.findings if f.severity == WARNING)
    errors = sum(1 for f in result.findings if f.severity == ERROR)
    lines += [f"说明：{note}" for note in result.notes]
    verdict = "已写入 site/" if changed else "site/ 已是最新"
    lines.append(f"{verdict}，用时 {seconds:.1f} 秒；检查结果：{errors} 个错误，{warnings} 个警告"
                 + ("（详见 zhibu check 或内部台账的合规看板）" if warnings else ""))
    sys.stdout.write("\n".join(lines) + "\n")


def _bars():
    """A factory of progress callbacks: a rich bar per stage on a terminal, nothing in CI."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        return None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    console = Console(stderr=True)

    def factory(label: str, total: int):
        progress = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                            console=console, transient=True)
        task = progress.add_task(label, total=total)
        progress.start()
        state = {"done": 0}

        def advance(n: int) -> None:
            state["done"] += n
            progress.update(task, advance=n)
            if state["done"] >= total:
                progress.stop()
        if total == 0:
            progress.stop()
        return advance
    return factory

