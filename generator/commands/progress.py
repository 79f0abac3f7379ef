"""A progress bar on a terminal (rich), nothing in CI or when output is piped."""
from __future__ import annotations

import contextlib
import os
import sys


@contextlib.contextmanager
def loading_progress(*, enabled: bool = True, label: str = "读取内容文件"):
    if not enabled or not sys.stderr.isatty() or os.environ.get("CI"):
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    progress = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=Console(stderr=True), transient=True)
    task = progress.add_task(label, total=None)
    with progress:
        yield lambda n: progress.update(task, advance=n)
