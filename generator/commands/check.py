"""`zhibu check [PATH…]`: load, validate and apply the rules; print findings; exit 0, 1 or 2."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from ..diagnostics import ERROR, UsageError
from ..load.discover import classify
from ..pipeline import check_outcome
from ..project import CONFIG, open_project
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
    findings, files = result.findings, result.files
    if args.paths:
        wanted = [_project_rel(project.root, p) for p in args.paths]
        if "" not in wanted:  # the project's folder itself asks for everything
            findings = [f for f in findings if _within(f.file, wanted)]
            files = _files_within(project.root, wanted)
    sys.stdout.write(_formatted(args.format, findings, files, result.notes))
    failing = [f for f in findings if f.severity == ERROR or args.strict]
    return 1 if failing else 0


def _formatted(fmt: str, findings, files: int, notes) -> str:
    if fmt == "sarif":
        return FORMATS["sarif"](findings, files, notes, {k: v.title for k, v in RULES.items()})
    return FORMATS[fmt](findings, files, notes)


def _within(rel: str, wanted: list[str]) -> bool:
    return any(rel == w or rel.startswith(w.rstrip("/") + "/") for w in wanted)


def _files_within(root: Path, wanted: list[str]) -> int:
    """How many of the files the check reads lie in the PATHs: counted as the whole project's total counts
    them (zhibu.yaml and the content files the loader reads), so that the PATHs together never count more
    than the project. Only the PATHs are walked, not the whole project (a pre-commit hook names a few files)."""
    files: set[str] = set()
    for w in wanted:
        if w == CONFIG:
            files.add(w)
        elif (w == "content" or w.startswith("content/")) and not (w + "/").startswith("content/media/"):
            path = root / w
            if path.is_dir():
                files.update(_read_in(root, path))
            elif _is_read(root, w):
                files.add(w)
    return len(files)


def _read_in(root: Path, folder: Path):
    """The files under `folder` that the check reads, as discover() walks content/: names starting with "."
    passed over, links to folders not followed."""
    for here, dirs, names in os.walk(folder):
        base = Path(here).relative_to(root).as_posix()
        dirs[:] = [d for d in dirs if not d.startswith(".") and not (base == "content" and d == "media")]
        for name in names:
            rel = f"{base}/{name}"
            if not name.startswith(".") and _is_read(root, rel):
                yield rel


def _is_read(root: Path, rel: str) -> bool:
    parts = tuple(rel.split("/")[1:])  # below content/
    if not parts or parts[0] == "media" or any(p.startswith(".") for p in parts):
        return False
    path = root / rel
    if path.is_symlink():
        real = os.path.realpath(path)
        if not real.startswith(os.path.realpath(root) + os.sep) or os.path.isdir(real):
            return False
    return classify(parts, rel)[0] is not None


def _project_rel(root: Path, arg: str) -> str:
    path = Path(arg).resolve()
    try:
        rel = path.relative_to(root.resolve()).as_posix()
    except ValueError:
        raise UsageError(f"路径“{arg}”不在站点项目 {root.name}/ 之中") from None
    if not path.exists():
        raise UsageError(f"路径“{arg}”不存在")
    return "" if rel == "." else rel
