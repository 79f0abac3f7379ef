"""Print findings in the formats editors, CI systems and people read."""
from __future__ import annotations

import json

from .. import __version__
from ..diagnostics import ERROR, Finding

SEVERITY_CN = {"error": "错误", "warning": "警告"}


def summary(findings: list[Finding], files: int) -> dict:
    errors = sum(1 for f in findings if f.severity == ERROR)
    return {"files": files, "errors": errors, "warnings": len(findings) - errors}


def as_text(findings: list[Finding], files: int, notes: list[str]) -> str:
    lines = []
    for f in findings:  # one finding a line, hint included: editors and scripts read it line by line
        lines.append(f"{f.file}:{f.line}:{f.column}: {f.severity}[{f.rule}] {f.message}"
                     + (f"（提示：{f.hint}）" if f.hint else ""))
    for note in notes:
        lines.append(f"说明：{note}")
    s = summary(findings, files)
    if findings:
        lines.append(f"检查了 {s['files']} 个文件：{s['errors']} 个错误，{s['warnings']} 个警告")
    else:
        lines.append(f"检查了 {s['files']} 个文件：没有发现问题")
    return "\n".join(lines) + "\n"


def as_json(findings: list[Finding], files: int, notes: list[str]) -> str:
    doc = {"findings": [f.as_dict() for f in findings], "summary": summary(findings, files)}
    if notes:
        doc["notes"] = notes
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def as_github(findings: list[Finding], files: int, notes: list[str]) -> str:
    out = []
    for f in findings:
        text = f.message + (f"（提示：{f.hint}）" if f.hint else "")
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        out.append(f"::{f.severity} title=zhibu ({f.rule}),file={f.file},line={f.line},col={f.column}::{text}")
    for note in notes:
        out.append(f"::notice title=zhibu::{note}")
    return "\n".join(out) + ("\n" if out else "")


def as_sarif(findings: list[Finding], files: int, notes: list[str], rule_titles: dict[str, str] | None = None) -> str:
    rule_titles = rule_titles or {}
    ids = sorted({f.rule for f in findings})
    results = []
    for f in findings[:5000]:
        results.append({
            "ruleId": f.rule,
            "ruleIndex": ids.index(f.rule),
            "level": "error" if f.severity == ERROR else "warning",
            "message": {"text": f.message + (f"（提示：{f.hint}）" if f.hint else "")},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": f.file, "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": f.line, "startColumn": f.column}}}],
        })
    doc = {
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [{
            "tool": {"driver": {
                "name": "zhibu", "version": __version__, "informationUri": "https://pypi.org/project/zhibu/",
                "rules": [{"id": r, "shortDescription": {"text": rule_titles.get(r) or r}} for r in ids]}},
            "results": results,
        }],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


FORMATS = {"text": as_text, "json": as_json, "github": as_github, "sarif": as_sarif}
