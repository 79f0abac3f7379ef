"""`zhibu casebook YEAR`: only the year's casebook PDF, into site/casebook/<year>.pdf
(an archival variant, `--pdf-variant pdf/a-3b`, into site/casebook/<year>-pdf-a-3b.pdf)."""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from ..casebook.fonts import FontMissing
from ..casebook.from_site import casebook_years, write_year
from ..diagnostics import UsageError
from ..pipeline import run_check
from ..project import open_project
from ..report.findings import as_text
from .oserrors import chinese_os_errors
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
    out = project.site / "casebook" / variant_name(year, args.pdf_variant)
    with chinese_os_errors("site/casebook", "新建目录"):
        out.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target and renamed over it: site/ never holds half a PDF, and a book with no
    # case leaves the last one in place (the next `zhibu build` publishes or withdraws it with the site).
    partial = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        notes = write_year(project, result.site, year, partial, variant=args.pdf_variant)
        if partial.is_file():
            os.replace(partial, out)
    except FontMissing as exc:
        raise UsageError(str(exc)) from None
    finally:
        partial.unlink(missing_ok=True)
    for note in notes:
        sys.stdout.write(f"{note.file}:{note.line}:{note.column}: warning[{note.rule}] {note.message}\n")
    if out.is_file() and not any(n.rule == "casebook/empty" for n in notes):
        sys.stdout.write(f"已生成 {project.rel(out)}\n")
    return 0


def variant_name(year: int, variant: str | None) -> str:
    """`2024.pdf` — the book `zhibu build` writes and publishes, the same bytes — or, for an archival variant,
    `2024-pdf-a-3b.pdf` beside it: kept by later builds, never published, never mistaken for the site's book."""
    if not variant:
        return f"{year}.pdf"
    return f"{year}-{re.sub(r'[^0-9A-Za-z]+', '-', variant).strip('-').lower()}.pdf"
