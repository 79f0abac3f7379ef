"""`zhibu check [PATH…]`: load, validate and apply the rules; print findings; exit 0, 1 or 2."""
from __future__ import annotations

import sys
from pathlib import Path

from ..diagnostics import ERROR, UsageError
from ..pipeline import check_outcome
from ..project import open_project
from ..report.findings import FORMATS
from ..rules.registry import RULES
from .progress import loading_progress


def run(args) -> int:
    try:
        project = open_project(Path.cwd(), args.today)
    except UsageError as exc:
        # A broken zhibu.yaml: the machine formats still print what they always print, and exit 2.
        if exc.findings and args.format != "text":
            sys.stdout.write(_formatted(args.format, exc.findings, 1, []))
        raise
    with loading_progress(enabled=args.format == "text") as progress:
        result = check_outcome(project, progress=progress)
    findings = result.findings
    if args.paths:
        wanted = [_project_rel(project.root, p) for p in args.paths]
        findings = [f for f in findings if any(f.file == w or f.file.startswith(w.rstrip("/") + "/") or w == "" for w in wanted)]
    sys.stdout.write(_formatted(args.format, findings, result.files, result.notes))
    failing = [f for f in findings if f.severity == ERROR or args.strict]
    return 1 if failing else 0


def _formatted(fmt: str, findings, files: int, notes) -> str:
    if fmt == "sarif":
        return FORMATS["sarif"](findings, files, notes, {k: v.title for k, v in RULES.items()})
    return FORMATS[fmt](findings, files, notes)


def _project_rel(root: Path, arg: str) -> str:
    path = Path(arg).resolve()
    try:
        rel = path.relative_to(root.resolve()).as_posix()
    except ValueError:
        raise UsageError(f"路径“{arg}”不在站点项目 {root.name}/ 之中") from None
    if not path.exists():
        raise UsageError(f"路径“{arg}”不存在")
    return "" if rel == "." else rel
