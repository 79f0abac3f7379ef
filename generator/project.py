"""The site project: its root, its configuration (zhibu.yaml) and where things are."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Finding, UsageError, error
from .load.decode import decode
from .load.yamldoc import parse
from .validate.registry import validators_for
from .validate.schema import validate

CONFIG = "zhibu.yaml"


@dataclass(frozen=True, slots=True)
class Project:
    root: Path
    config: dict
    today: dt.date

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def layouts(self) -> Path | None:
        p = self.root / "layouts"
        return p if p.is_dir() else None

    @property
    def schemas(self) -> Path | None:
        p = self.root / "schemas"
        return p if p.is_dir() else None

    @property
    def site(self) -> Path:
        return self.root / "site"

    def rel(self, path: Path) -> str:
        return path.resolve().relative_to(self.root).as_posix()


def find_root(start: Path) -> Path:
    here = start.resolve()
    for candidate in (here, *here.parents):
        if (candidate / CONFIG).is_file():
            return candidate
    raise UsageError("找不到 zhibu.yaml：请在站点项目的目录（或其子目录）中运行，或先用 zhibu init 目录名 新建项目")


def open_project(start: Path, today: str | None = None) -> Project:
    root = find_root(start)
    config = load_config(root)
    chosen = today or config.get("today")
    try:
        day = dt.date.fromisoformat(str(chosen)) if chosen else dt.date.today()
    except ValueError:
        raise UsageError(f"--today 的日期“{chosen}”格式不对，应为 YYYY-MM-DD") from None
    return Project(root, config, day)


def load_config(root: Path) -> dict:
    raw = (root / CONFIG).read_bytes()
    text, problem = decode(raw)
    if problem:
        _config_error([error("encoding", CONFIG, (problem.line, problem.column), problem.message, problem.hint)])
    parsed = parse(text)
    if parsed.problems:
        p = parsed.problems[0]
        _config_error([error(getattr(p, "rule", "yaml"), CONFIG, (p.line, p.column), p.message, p.hint)])
    schemas = root / "schemas"
    validators = validators_for(str(schemas) if schemas.is_dir() else None)
    data, findings = validate("config", parsed.data, parsed.positions, CONFIG, validators)
    if findings:
        _config_error(findings)
    return data


def _config_error(findings: list[Finding]) -> None:
    lines = [f"{f.file}:{f.line}:{f.column}: {f.message}" + (f"（{f.hint}）" if f.hint else "") for f in findings]
    raise UsageError("配置文件有误：\n" + "\n".join(lines), findings)
