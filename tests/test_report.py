"""`zhibu report`: the branch × month figures as a table, CSV (BOM, Excel), JSON and xlsx."""
from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest

from generator.report.tables import CSV_COLUMNS
from test_profiles import compliant_quarter
from test_rules_meetings import B, branch_yaml, meeting

NOVEMBER_COMMITTEE = f"{B}/records/2024/2024-11-03-研究11月主题党日.md"


@pytest.fixture
def project(make_project):
    files = compliant_quarter()
    # November: the committee meeting is missing, and one member is absent from the theme day.
    del files[NOVEMBER_COMMITTEE]
    rel = f"{B}/records/2024/2024-11-15-11月主题党日.md"
    files[rel] = (files[rel].replace("  - 刘洋\n  absent: {}", "  absent:\n    刘洋: {reason: 出差, leave: 书面, makeup: 2024-11-20}")
                  .replace("signed: 5", "signed: 4").replace("actual: 5", "actual: 4")
                  .replace("satisfied: 5", "satisfied: 3").replace("respondents: 5", "respondents: 4")
                  .replace("record: 2024-11-03-研究11月主题党日", "record: 2024-10-03-研究10月主题党日")
                  .replace("date: '2024-11-03'", "date: '2024-10-03'"))
    return make_project(files, today="2025-01-01")


def rows_of(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_csv_has_a_bom_and_the_columns(project, zhibu):
    run = zhibu(project, "report", "--format", "csv", "--year", "2024")
    assert run.code == 0, run.err
    assert run.out.startswith("\ufeff支部编号,支部名称,年份,月份,主题党日,支委会,党员大会,党小组会,党课,组织生活会,民主评议,")
    header = next(csv.reader(io.StringIO(run.out.lstrip("\ufeff"))))
    assert tuple(header) == CSV_COLUMNS
    rows = rows_of(run.out)
    assert len(rows) == 13  # twelve months and the year
    by_month = {r["月份"]: r for r in rows}
    assert [by_month[m]["支委会"] for m in ("9", "10", "11", "12", "全年")] == ["不计", "已开展", "未达要求", "已开展", "未达要求"]
    assert [by_month[m]["党员大会"] for m in ("10", "11", "12", "全年")] == ["已开展", "已开展", "已开展", "已开展"]
    assert by_month["12"]["组织生活会"] == "已开展" and by_month["10"]["组织生活会"] == "无需"
    assert by_month["11"]["到会率（%）"] == "80" and by_month["11"]["满意率（%）"] == "75"
    assert by_month["10"]["到会率（%）"] == "100"
    assert by_month["全年"]["到会率（%）"] == "93.33"  # 14 of 15
    assert by_month["11"]["问题数"] == "1"
    assert by_month["全年"]["问题（按规则）"] == "meetings/committee×1"


def test_csv_to_a_file_opens_in_excel(project, zhibu):
    run = zhibu(project, "report", "--format", "csv", "--output", "out.csv")
    assert run.code == 0
    data = (project / "out.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and "支部编号".encode() in data[:20]


def test_json_figures_agree_with_the_findings(project, zhibu):
    report = json.loads(zhibu(project, "report", "--format", "json", "--year", "2024").out)
    check = json.loads(zhibu(project, "check", "--format", "json").out)
    assert [f["rule"] for f in check["findings"]] == ["meetings/committee"]
    (row,) = report["rows"]
    assert (row["branch"], row["year"], report["profile"]) == ("caizheng-1", 2024, "national")
    missing = [(m["month"], g) for m in row["months"] for g, s in m["status"].items() if s == "missing"]
    assert missing == [(11, "支委会")]
    assert row["findings"] == {"errors": 0, "warnings": 1, "by_rule": {"meetings/committee": 1}}
    assert row["months"][10]["attendance"] == {"part": 4, "whole": 5, "rate": 0.8}
    assert report["findings"] == check["findings"]


def test_xlsx_has_the_sheets_coloured_and_printable(project, zhibu):
    run = zhibu(project, "report", "--format", "xlsx", "--output", "report.xlsx")
    assert run.code == 0, run.err
    wb = openpyxl.load_workbook(project / "report.xlsx")
    assert wb.sheetnames == ["2024年", "2025年", "问题清单", "按规则统计"]  # up to the year of today
    ws = wb["2024年"]
    assert [c.value for c in ws[1]] == ["支部", "项目", *(f"{m}月" for m in range(1, 13)), "全年"]
    assert ws.freeze_panes == "C2"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    committee = next(r for r in ws.iter_rows(min_row=2) if r[1].value == "支委会")
    colours = {c.value: c.fill.fgColor.rgb[-6:] for c in committee[2:]}
    assert colours == {"不计": "D9D9D9", "已开展": "C6EFCE", "未达要求": "FFC7CE"}
    findings = wb["问题清单"]
    assert findings.freeze_panes == "A2"
    assert [c.value for c in findings[2]][:5] == ["meetings/committee", "警告", "caizheng-1", 2024, f"{B}/plans/2024.yaml"]
    assert [c.value for c in wb["按规则统计"][2]] == ["测试局机关第一党支部", 2024, "meetings/committee",
                                                  "支委会：每月至少 1 次（设支委会的支部）", 1]


def test_table_in_the_terminal(project, zhibu):
    run = zhibu(project, "report")
    assert run.code == 0
    assert "测试局机关第一党支部（caizheng-1）2024年" in run.out
    assert "✗" in run.out and "✓ 已开展" in run.out
    assert "meetings/committee 1" in run.out


def test_year_and_branch_filters(make_project, zhibu):
    files = compliant_quarter()
    files.update({"content/branches/jiaoyu-1/branch.yaml": branch_yaml(),
                  **meeting("2023-05-10", "支部党员大会", branch="content/branches/jiaoyu-1")})
    root = make_project(files, today="2025-01-01")
    rows = rows_of(zhibu(root, "report", "--format", "csv").out)
    assert sorted({(r["支部编号"], r["年份"]) for r in rows}) == [
        ("caizheng-1", "2023"), ("caizheng-1", "2024"), ("caizheng-1", "2025"),
        ("jiaoyu-1", "2023"), ("jiaoyu-1", "2024"), ("jiaoyu-1", "2025")]
    rows = rows_of(zhibu(root, "report", "--format", "csv", "--year", "2024", "--branch", "jiaoyu-1").out)
    assert {(r["支部编号"], r["年份"]) for r in rows} == {("jiaoyu-1", "2024")}
    assert all(r["支委会"] == "未达要求" for r in rows)  # no committee meeting at all in 2024


def test_unknown_branch_is_a_usage_error(project, zhibu):
    run = zhibu(project, "report", "--branch", "nosuch")
    assert run.code == 2
    assert "没有编号为“nosuch”的支部；已有的支部：caizheng-1" in run.err
