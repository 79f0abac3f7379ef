"""One content file → a Document: decoded, parsed with positions, validated, its name checked."""
from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Finding, error
from ..scaffold.placeholders import has_record_placeholder
from ..validate.registry import validators_for
from ..validate.schema import CIRCLED, validate
from . import frontmatter, yamldoc
from .decode import decode
from .discover import Source

REPORT_GRACE_DAYS = 2  # seed 001 §六: the 纪实表 reaches the 机关党委 within two days
MARKDOWN_KINDS = {"record", "notice", "case"}  # front matter and a body; the other kinds are YAML files
BODY_KINDS = {"notice", "case"}  # bodies the checks read (privacy, case sections)
MAX_YAML_BYTES = 4 * 1024 * 1024  # a YAML file or front matter larger than this is refused


@dataclass(slots=True)
class Document:
    source: Source
    data: dict | None          # normalised data; None when the file could not be read as YAML
    valid: bool                # no data error in this file itself
    body: str | None = None    # the Markdown body of .md files
    body_line: int = 1
    findings: list[Finding] = field(default_factory=list)
    digest: str = ""           # sha1 of the file's bytes, for the cache
    stat: tuple = ()           # (size, mtime_ns) when it was read, for the cache

    @property
    def rel(self) -> str:
        return self.source.rel

    def to_plain(self) -> tuple:
        """Plain values only (fast to pickle or marshal between processes and into the cache)."""
        s = self.source
        return ((s.rel, s.kind, s.branch, s.year, s.date, s.slug), self.data, self.valid, self.body,
                self.body_line, [tuple(f.as_row()) for f in self.findings], self.digest, self.stat)

    @classmethod
    def from_plain(cls, plain: tuple) -> "Document":
        source, data, valid, body, body_line, findings, digest, stat = plain
        return cls(Source(*source), data, valid, body, body_line, [Finding(*f) for f in findings], digest,
                   tuple(stat))


@dataclass(frozen=True, slots=True)
class LoadContext:
    root: str
    schemas: str | None
    today: str


def read_text(root: Path | str, source: Source) -> tuple[str | None, Finding | None, str, tuple]:
    """Return (text, problem, sha1 of the bytes, (size, mtime_ns) as read)."""
    try:
        with open(os.path.join(root, source.rel), "rb") as fh:  # not pathlib: this runs per file
            raw = fh.read()
            st = os.fstat(fh.fileno())

    except OSError as exc:
        return None, error("encoding", source.rel, (1, 1), f"无法读取文件：{exc.strerror}"), "", ()
    digest = hashlib.sha1(raw).hexdigest()
    stat = (st.st_size, st.st_mtime_ns)
    text, problem = decode(raw)
    if problem:
        return None, error("encoding", source.rel, (problem.line, problem.column), problem.message, problem.hint), digest, stat
    return text, None, digest, stat


def parse_text(source: Source, text: str, *, positions: bool = True):
    """Return (Parsed, body, body_line, first position, findings)."""
    findings: list[Finding] = []
    body, body_line, offset = None, 1, 0
    if source.kind in MARKDOWN_KINDS or source.rel.lower().endswith(".md"):  # x.MD too: the Markdown file it is meant to be
        part = frontmatter.split(text)
        if part.problem:
            line, message, hint = part.problem
            return None, None, 1, (1, 1), [error("yaml", source.rel, (line, 1), message, hint)]
        yaml_text, body, body_line, offset = part.yaml_text, part.body, part.body_line, part.yaml_line - 1
    else:
        yaml_text = text
    if len(yaml_text) > MAX_YAML_BYTES:
        return None, body, body_line, (1, 1), [error("yaml", source.rel, (1 + offset, 1),
                                                  f"YAML 部分过大（{len(yaml_text) // 1024} KB），上限 {MAX_YAML_BYTES // 1024} KB",
                                                  "正文请写在 front matter 之后的 Markdown 部分")]
    parsed = yamldoc.parse(yaml_text, line_offset=offset, positions=positions)
    if parsed.positions and any(ch in yaml_text for ch in CIRCLED):
        parsed.positions = {_digit_steps(k): v for k, v in parsed.positions.items()}
    for p in parsed.problems:
        findings.append(error(p.rule, source.rel, (p.line, p.column), p.message, p.hint))
    return parsed, body, body_line, (1 + offset, 1), findings


class _LazyIndex:
    """The position index of a file, parsed again on first use (most files never need it)."""

    def __init__(self, source: Source, text: str):
        self.source, self.text, self.index = source, text, None

    def __call__(self) -> dict:
        if self.index is None:
            parsed, *_ = parse_text(self.source, self.text, positions=True)
            self.index = (parsed.positions if parsed is not None else None) or {}
        return self.index


def _digit_steps(path: tuple) -> tuple:
    """Index paths use the digit step keys the data is normalised to (① → "1")."""
    if len(path) > 1 and path[0] == "steps" and path[1] in CIRCLED:
        return ("steps", CIRCLED[path[1]]) + path[2:]
    return path


def load_document(source: Source, ctx: LoadContext) -> Document:
    root = ctx.root
    text, problem, digest, stat = read_text(root, source)
    if problem:
        return Document(source, None, False, findings=[problem], digest=digest, stat=stat)
    # Positions are only needed when something is wrong: parse without them, index lazily.
    parsed, body, body_line, first, findings = parse_text(source, text, positions=False)
    if parsed is None or any(f.rule == "yaml" for f in findings):
        return Document(source, None, False, None, body_line, findings, digest, stat)
    parsed.positions = _LazyIndex(source, text)
    pending = _pending(parsed.data, ctx.today) if source.kind == "record" else None
    data, schema_findings = validate(source.kind, parsed.data, parsed.positions, source.rel, validators_for(ctx.schemas),
                                     pending=pending, first_pos=first)
    findings += schema_findings
    if not schema_findings and isinstance(data, dict):
        findings += check_name(source, data, parsed.positions)
    valid = not findings
    if source.kind not in BODY_KINDS and not (body and has_record_placeholder(body)):
        # Record bodies are internal and large; the build reads them when it renders. One that still
        # holds the placeholder `zhibu new` wrote is kept, for `content/placeholder` to point at it.
        body = None
    return Document(source, data if isinstance(data, dict) else None, valid, body, body_line, findings, digest, stat)


def read_body(root: Path, rel: str) -> tuple[str, int]:
    """The Markdown body of a content file and the line it starts on ("" when unreadable)."""
    text, problem, _, _ = read_text(root, Source(rel, ""))
    if text is None:
        return "", 1
    part = frontmatter.split(text)
    return (part.body, part.body_line) if part.problem is None else ("", 1)


def _pending(data, today: str) -> str | None:
    """What a record may still lack because of its date.

    Dated after today it is an announcement (活动预告): only the announced
    fields are required. From its day on it is a held activity; within the two
    days after it, the report to the 机关党委 (`reported`) may still be on its way.
    """
    if not isinstance(data, dict) or not isinstance(data.get("date"), str):
        return None
    date = data["date"]
    if date > today:
        return "announcement"
    try:
        days = (dt.date.fromisoformat(today) - dt.date.fromisoformat(date)).days
    except ValueError:
        return None
    return "report" if days <= REPORT_GRACE_DAYS else None


_NAME_FIELDS = {"record": "date", "notice": "published"}


def check_name(source: Source, data: dict, index) -> list[Finding]:
    """`filename`: the date or year in a file's name or folder agrees with its content."""
    out: list[Finding] = []
    field_name = _NAME_FIELDS.get(source.kind)
    if field_name and source.date and data.get(field_name) != source.date:
        out.append(error("filename", source.rel, yamldoc.locate(index, (field_name,)),
                         f"文件名中的日期 {source.date} 与 {field_name}: {data.get(field_name)} 不一致",
                         f"把文件改名为 {data.get(field_name)}-{source.slug}.md，或改正 {field_name}"))
    elif field_name and source.year and source.date and source.year != source.date[:4]:
        out.append(error("filename", source.rel, yamldoc.locate(index, (field_name,)),
                         f"文件放在 {source.year} 年的目录中，但日期是 {source.date}",
                         f"把文件移到 {source.date[:4]}/ 目录下"))
    year_value = data.get("year")
    if source.kind in ("plan", "dues", "awards", "case") and source.year and year_value is not None \
            and str(year_value) != source.year:
        out.append(error("filename", source.rel, yamldoc.locate(index, ("year",)),
                         f"文件位于 {source.year} 年，但 year: {year_value}",
                         "文件名（或目录名）中的年份应与 year 字段一致"))
    return out
