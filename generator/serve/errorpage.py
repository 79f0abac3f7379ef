"""serve, the error page: a failed rebuild as a page in Chinese, never a crash.

A ``Problem`` is what stopped a rebuild: the findings of the check (or of the
build: a privacy hit, a URL clash, a photo), a template error, a
configuration error or an unexpected exception. ``render_problem`` lists every
error as ``file:line:column: message`` with its hint and the lines around it
(as Hugo's FileError does), from ``serve/error.html`` — a project may override
it in its own ``layouts/``. Should that template itself fail, a plain page is
made here, so the preview always has something to show.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import ERROR, Finding
from ..load.decode import decode

TEMPLATE = "serve/error.html"
MAX_SHOWN = 200
CONTEXT_LINES = 2
_WHERE = re.compile(r"^(?P<file>[^\s:：]+):(?P<line>\d+)(?::(?P<column>\d+))?:\s*(?P<message>.+)$")


@dataclass(slots=True)
class Problem:
    heading: str
    findings: list[Finding] = field(default_factory=list)
    text: str | None = None   # a message without a position (or with one, parsed by ``from_text``)

    @classmethod
    def from_text(cls, heading: str, text: str) -> "Problem":
        """A message such as 'zhibu.yaml:3:1: …' or a template error 'layouts/x.html:12: …'."""
        findings, rest = [], []
        for line in text.splitlines():
            m = _WHERE.match(line.strip())
            if m:
                findings.append(Finding(m["file"], int(m["line"]), int(m["column"] or 0), "", ERROR, m["message"]))
            elif line.strip():
                rest.append(line.strip())
        return cls(heading, findings, "\n".join(rest) or None)

    def summary(self) -> list[str]:
        """The problems as terminal lines, ``file:line:column: message``."""
        lines = [_where(f) + f": {f.message}" for f in self.shown()[0]]
        return lines + ([self.text] if self.text else [])

    def shown(self) -> tuple[list[Finding], int]:
        errors = [f for f in self.findings if f.severity == ERROR] or list(self.findings)
        return errors[:MAX_SHOWN], max(0, len(errors) - MAX_SHOWN)


def render_problem(problem: Problem, root: Path, env) -> bytes:
    """The error page's HTML (UTF-8)."""
    shown, more = problem.shown()
    excerpts = _Excerpts(root)
    entries = [{"where": _where(f), "file": f.file, "line": f.line, "column": f.column, "rule": f.rule,
                "message": f.message, "hint": f.hint, "excerpt": excerpts.around(f.file, f.line)} for f in shown]
    context = {"heading": problem.heading, "entries": entries, "more": more, "detail": problem.text,
               "last_good": f"?zhibu=last-good"}
    if env is not None:
        try:
            return env.get_template(TEMPLATE).render(context).encode("utf-8")
        except Exception as exc:  # noqa: BLE001 - a broken override must not hide the real problem
            context["detail"] = ((problem.text + "\n") if problem.text else "") + \
                f"（错误页模板 {TEMPLATE} 本身出错：{type(exc).__name__}: {exc}）"
    return _plain(context).encode("utf-8")


def _where(f: Finding) -> str:
    return f"{f.file}:{f.line}:{f.column}" if f.column else f"{f.file}:{f.line}"


class _Excerpts:
    """The lines around a position, read once per file."""

    def __init__(self, root: Path):
        self.root = root
        self.lines: dict[str, list[str] | None] = {}

    def around(self, rel: str, line: int) -> list[dict]:
        if rel not in self.lines:
            self.lines[rel] = self._read(rel)
        lines = self.lines[rel]
        if not lines or line < 1 or line > len(lines) + 1:
            return []
        start, stop = max(1, line - CONTEXT_LINES), min(len(lines), line + CONTEXT_LINES)
        return [{"number": n, "text": lines[n - 1].replace("\t", "→   "), "here": n == line}
                for n in range(start, stop + 1)]

    def _read(self, rel: str) -> list[str] | None:
        path = self.root / rel
        try:
            if not path.resolve().is_relative_to(self.root.resolve()) or path.stat().st_size > 4 * 1024 * 1024:
                return None
            raw = path.read_bytes()
        except OSError:
            return None
        text, problem = decode(raw)
        if text is None:
            text = raw.decode("utf-8", errors="replace")
        return text.splitlines()


def _plain(context: dict) -> str:
    esc = html.escape
    items = []
    for e in context["entries"]:
        hint = f"<p>提示：{esc(e['hint'])}</p>" if e["hint"] else ""
        items.append(f"<li><p><code>{esc(e['where'])}</code>: {esc(e['message'])}</p>{hint}</li>")
    detail = f"<pre>{esc(context['detail'])}</pre>" if context["detail"] else ""
    more = f"<p>另有 {context['more']} 处问题未列出，可运行 zhibu check 查看全部。</p>" if context["more"] else ""
    return (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{esc(context["heading"])}</title>'
            f'</head><body><h1>{esc(context["heading"])}</h1><p>网站没有更新。改正下面的问题并保存，页面会自动刷新。</p>'
            f'<ol>{"".join(items)}</ol>{more}{detail}'
            f'<p><a href="{context["last_good"]}">查看本页上次成功生成的版本</a></p></body></html>')
