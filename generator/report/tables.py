"""Writers for `zhibu report`: a rich table for the terminal, CSV for Excel (UTF-8 with BOM), JSON, and xlsx.

Each takes the Report of figures.py and returns text or bytes; none computes a figure.

The terminal shows the statuses as ✓ ✗ · – and rates as "87.5%". The files people sort and compute on
in Excel or WPS say each status in a word (已开展, 未达要求, 无需, 不计: figures.WORDS) and write a rate
as a number: in xlsx the fraction (0.875) in a percent number format, so it shows as 87.5% and
computes as a number; in CSV, which has no formats, the number of percent (87.5) under a header
that names the unit ("到会率（%）"), so that it reads as it does everywhere else and still parses as a
number. JSON keeps the codes ("held"…) and the ratios (part, whole, rate).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json

from .figures import (GROUP_LABELS, HELD, LEGEND, MISSING, NONE, NOT_COUNTED, SYMBOLS, WORDS, WORDS_LEGEND, BranchYear,
                      Ratio, Report, percent, percent_number, percent_places)

MONTHS = tuple(f"{m}月" for m in range(1, 13))
WHOLE_YEAR = "全年"
CSV_COLUMNS = ("支部编号", "支部名称", "年份", "月份", *GROUP_LABELS, "主题党日次数", "到会率（%）", "满意率（%）", "问题数", "问题（按规则）", "评选资格")


def _by_rule_text(counts: dict[str, int]) -> str:
    return "；".join(f"{rule}×{n}" for rule, n in sorted(counts.items()))


def _eligibility(row: BranchYear) -> str:
    return row.eligibility.summary if row.eligibility else ""


# --- CSV ---------------------------------------------------------------------------------------------

def as_csv(report: Report) -> str:
    """One row per branch, year and month, then the year's row (月份 = 全年) with the findings by rule.
    Statuses as words, rates as numbers of percent (blank when nothing to rate), counts as numbers.
    Starts with a BOM so that Excel reads it as UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in report.rows:
        head = (row.branch, row.name, row.year)
        for month in row.months:
            writer.writerow((*head, month.month, *(WORDS[month.status[g]] for g in GROUP_LABELS),
                             month.theme_days, percent_number(month.attendance), percent_number(month.satisfaction),
                             month.findings, "", ""))
        writer.writerow((*head, WHOLE_YEAR, *(WORDS[row.status[g]] for g in GROUP_LABELS),
                         sum(m.theme_days for m in row.months), percent_number(row.attendance),
                         percent_number(row.satisfaction),
                         row.errors + row.warnings, _by_rule_text(row.by_rule), _eligibility(row)))
    return "\ufeff" + out.getvalue()


# --- JSON ----------------------------------------------------------------------------------------------

def _ratio(r):
    return r.as_dict() if r is not None else None


def as_json(report: Report) -> str:
    doc = {
        "today": report.today.isoformat(),
        "profile": report.profile,
        "groups": list(GROUP_LABELS),
        "symbols": SYMBOLS,
        "labels": WORDS,
        "rows": [{
            "branch": row.branch, "name": row.name, "type": row.type, "year": row.year,
            "status": row.status, "attendance": _ratio(row.attendance), "satisfaction": _ratio(row.satisfaction),
            "findings": {"errors": row.errors, "warnings": row.warnings, "by_rule": dict(sorted(row.by_rule.items()))},
            "eligibility": ({**row.eligibility.as_dict(), "summary": row.eligibility.summary}
                            if row.eligibility else None),
            "months": [{"month": m.month, "status": m.status, "theme_days": m.theme_days,
                        "attendance": _ratio(m.attendance), "satisfaction": _ratio(m.satisfaction),
                        "findings": m.findings} for m in row.months],
        } for row in report.rows],
        "findings": [f.as_dict() for f in report.findings],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


# --- the terminal ----------------------------------------------------------------------------------------

_STYLES = {HELD: "green", MISSING: "bold red", NONE: "", NOT_COUNTED: "dim"}


def as_table(report: Report, *, width: int | None = None, color: bool = False) -> str:
    from rich.console import Console
    from rich.table import Table
    out = io.StringIO()
    console = Console(file=out, width=width or 120, force_terminal=color, no_color=not color, highlight=False)
    if not report.rows:
        console.print("没有可统计的支部或年份。")
        return out.getvalue()
    for row in report.rows:
        table = Table(title=f"{row.name}（{row.branch}）{row.year}年", title_justify="left")
        table.add_column("项目", no_wrap=True)
        for label in MONTHS + (WHOLE_YEAR,):
            table.add_column(label, justify="center", no_wrap=True)
        for group in GROUP_LABELS:
            cells = [_cell(m.status[group]) for m in row.months] + [_cell(row.status[group])]
            table.add_row(group, *cells)
        table.add_row("到会率", *[percent(m.attendance) for m in row.months], percent(row.attendance))
        table.add_row("满意率", *[percent(m.satisfaction) for m in row.months], percent(row.satisfaction))
        console.print(table)
        if row.by_rule:
            console.print("  问题（按规则）：" + "，".join(f"{r} {n}" for r, n in sorted(row.by_rule.items())))
        if row.eligibility:
            console.print(f"  评选资格：{row.eligibility.summary}", markup=False)
        console.print()
    console.print(LEGEND)
    return out.getvalue()


def _cell(status: str) -> str:
    style = _STYLES[status]
    return f"[{style}]{SYMBOLS[status]}[/]" if style else SYMBOLS[status]


# --- xlsx ------------------------------------------------------------------------------------------------

_FILLS = {HELD: "C6EFCE", MISSING: "FFC7CE", NOT_COUNTED: "D9D9D9"}
FINDINGS_SHEET, COUNTS_SHEET = "问题清单", "按规则统计"


def as_xlsx(report: Report, rule_titles: dict[str, str]) -> bytes:
    """One sheet per year (the branch × month matrix, coloured), the findings, and their counts by rule."""
    from openpyxl import Workbook
    wb = Workbook()
    wb.remove(wb.active)
    stamp = dt.datetime.combine(report.today, dt.time())
    wb.properties.creator, wb.properties.created, wb.properties.modified = "zhibu", stamp, stamp
    wb.properties.title = "组织生活合规统计"
    for year in sorted({r.year for r in report.rows}):
        _year_sheet(wb, year, [r for r in report.rows if r.year == year])
    _findings_sheet(wb, report)
    _counts_sheet(wb, report, rule_titles)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _header(ws, values) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    ws.append(list(values))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center")
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"


def _printable(ws) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = True


def _year_sheet(wb, year: int, rows: list[BranchYear]) -> None:
    from openpyxl.styles import Alignment, PatternFill
    ws = wb.create_sheet(f"{year}年")
    _header(ws, ("支部", "项目", *MONTHS, WHOLE_YEAR))
    ws.freeze_panes = "C2"
    center = Alignment(horizontal="center")
    for row in rows:
        for group in GROUP_LABELS:
            statuses = [m.status[group] for m in row.months] + [row.status[group]]
            ws.append([row.name, group, *(WORDS[s] for s in statuses)])
            for cell, status in zip(ws[ws.max_row][2:], statuses):
                cell.alignment = center
                if status in _FILLS:
                    cell.fill = PatternFill("solid", fgColor=_FILLS[status])
        for label, ratios in (("到会率", [m.attendance for m in row.months] + [row.attendance]),
                              ("满意率", [m.satisfaction for m in row.months] + [row.satisfaction])):
            ws.append([row.name, label, *(_rate_value(r) for r in ratios)])
            for cell, ratio in zip(ws[ws.max_row][2:], ratios):
                cell.alignment = center
                if ratio is not None:
                    cell.number_format = _rate_format(ratio)
        if row.eligibility:
            ws.append([row.name, "评选资格", _eligibility(row)])
    ws.append([])
    ws.append([WORDS_LEGEND])
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 11
    for col in range(3, 3 + len(MONTHS) + 1):
        ws.column_dimensions[ws.cell(1, col).column_letter].width = 9
    _printable(ws)


def _rate_value(ratio: Ratio | None) -> float | None:
    """The rate as a number (0.875), which Excel sorts and computes on; an empty cell when nothing to rate."""
    return None if ratio is None else float(ratio.rate)


def _rate_format(ratio: Ratio) -> str:
    """A percent format with the decimals the terminal and the findings show: 0.875 → "87.5%", 0.8 → "80%"."""
    places = percent_places(ratio)
    return "0." + "0" * places + "%" if places else "0%"


def _findings_sheet(wb, report: Report) -> None:
    ws = wb.create_sheet(FINDINGS_SHEET)
    _header(ws, ("规则", "级别", "支部", "年份", "文件", "行", "列", "说明", "提示"))
    for f in report.findings:
        ws.append([f.rule, "错误" if f.severity == "error" else "警告", report.finding_branch.get(f) or "",
                   report.finding_year.get(f), f.file, f.line, f.column, f.message, f.hint or ""])
    ws.auto_filter.ref = ws.dimensions
    for letter, width in zip("ABCDEFGHI", (26, 6, 14, 6, 60, 5, 5, 60, 40)):
        ws.column_dimensions[letter].width = width
    _printable(ws)


def _counts_sheet(wb, report: Report, rule_titles: dict[str, str]) -> None:
    ws = wb.create_sheet(COUNTS_SHEET)
    _header(ws, ("支部", "年份", "规则", "规则说明", "数量"))
    for row in report.rows:
        for rule, n in sorted(row.by_rule.items()):
            ws.append([row.name, row.year, rule, rule_titles.get(rule, ""), n])
    for letter, width in zip("ABCDE", (30, 6, 26, 40, 6)):
        ws.column_dimensions[letter].width = width
    _printable(ws)
