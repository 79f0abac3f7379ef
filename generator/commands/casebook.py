"""`zhibu casebook YEAR`: only the year's casebook PDF, into site/casebook/<year>.pdf."""
from __future__ import annotations

import sys
from pathlib import Path

from ..casebook.fonts import FontMissing
from ..casebook.from_site import casebook_years, write_year
from ..diagnostics import UsageError
from ..pipeline import run_check
from ..project import open_project
from ..report.findings import as_text
from .progress import loading_progress


def run(args) -> int:
    project = open_project(Path.cwd(), args.today)
    with loading_progress() as progress:
        result = run_check(project, progress=progress)
    year = args.year
    if year not in result.site.casebooks:
        known = "、".join(str(y) for y in casebook_years(result.site)) or "（没有）"
        raise UsageError(f"{year} 年没有案例汇编设置：缺少 content/cases/{year}/casebook.yaml；已有的年度：{known}")
    # Only errors in the year's own cases stop the book; the rest of the project may be mid-edit.
    prefix = f"content/cases/{year}/"
    blocking = [f for f in result.errors if f.file.startswith(prefix)]
    if blocking:
        sys.stdout.write(as_text(blocking, len(result.documents) + 1, []))
        sys.stderr.write(f"zhibu：{year} 年的案例文件有数据错误，没有生成案例汇编。\n")
        return 1
    out = project.site / "casebook" / f"{year}.pdf"
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        notes = write_year(project, result.site, year, out, variant=args.pdf_variant)
    except FontMissing as exc:
        raise UsageError(str(exc)) from None
    for note in notes:
        sys.stdout.write(f"{note.file}:{note.line}:{note.column}: warning[{note.rule}] {note.message}\n")
    if out.is_file():
        sys.stdout.write(f"已生成 {project.rel(out)}\n")
    return 0
