"""`zhibu report`: the compliance figures per branch and month — a table, CSV (for Excel), JSON or xlsx."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from ..diagnostics import UsageError
from ..pipeline import run_check
from ..project import open_project
from ..report import tables
from ..report.figures import compute
from ..rules.registry import RULES
from .oserrors import os_error_text
from .progress import loading_progress

DEFAULT_XLSX = "zhibu-report.xlsx"


def run(args) -> int:
    project = open_project(Path.cwd(), args.today)
    with loading_progress(enabled=args.format == "table") as progress:
        result = run_check(project, progress=progress)
    if args.branch and args.branch not in result.site.branches:
        known = "、".join(sorted(result.site.branches)) or "（项目中还没有支部）"
        raise UsageError(f"没有编号为“{args.branch}”的支部；已有的支部：{known}")
    report = compute(result, project.today, year=args.year, branch=args.branch)
    if result.errors:
        sys.stderr.write(f"注意：有 {len(result.errors)} 个数据错误，出错的文件未计入统计（用 zhibu check 查看）\n")
    if args.format == "xlsx":
        data = tables.as_xlsx(report, {k: v.title for k, v in RULES.items()})
        target = Path(args.output or DEFAULT_XLSX)
        _write(target, data)
        sys.stderr.write(f"已写入 {target}\n")
        return 0
    if args.format == "csv":
        text = tables.as_csv(report)
    elif args.format == "json":
        text = tables.as_json(report)
    else:
        text = tables.as_table(report, width=_width(args.output), color=_color(args.output))
    if args.output:
        _write(Path(args.output), text.encode("utf-8"))
        sys.stderr.write(f"已写入 {args.output}\n")
    else:
        _print(text)
    return 0


def _write(target: Path, data: bytes) -> None:
    try:
        target.write_bytes(data)
    except OSError as exc:
        raise UsageError(os_error_text(exc, target, "写入")) from None


def _print(text: str) -> None:
    """UTF-8 on every platform (a Windows console may default to GBK); the BOM of CSV stays."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def _tty(output) -> bool:
    return output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _width(output) -> int | None:
    if _tty(output):
        import shutil
        return max(shutil.get_terminal_size().columns, 100)
    return None


def _color(output) -> bool:
    return _tty(output)
