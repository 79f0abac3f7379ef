"""`zhibu report` exports that staff open in Excel/WPS: statuses as words, rates as numbers.

xlsx: a rate is a number cell (0.875) with a percent format that shows what the terminal shows (87.5%).
CSV: a rate is the number of percent (87.5) under a header naming the unit (到会率（%）); UTF-8 with BOM.
JSON: codes, numbers and booleans. The terminal keeps ✓ ✗ and "87.5%".
"""
from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest

from test_profiles import compliant_quarter
from test_rules_meetings import B

NOVEMBER = f"{B}/records/2024/2024-11-15-11月主题党日.md"
NOVEMBER_COMMITTEE = f"{B}/records/2024/2024-11-03-研究11月主题党日.md"
GLYPHS = ("✓", "✗", "·", "–")
WORDS = {"已开展", "未达要求", "无需", "不计"}
MONTHS = [f"{m}月" for m in range(1, 13)]


@pytest.fixture
def project(make_project):
    """October to December 2024; in November no committee meeting, one member of five away from the
    theme day (attendance 4/5 = 80%) and 7 of 8 satisfied (87.5%). The year: 14/15 present (93.33%),
    17/18 satisfied (94.44%)."""
    files = compliant_quarter()
    del files[NOVEMBER_COMMITTEE]
    files[NOVEMBER] = (files[NOVEMBER]
                       .replace("  - 刘洋\n  absent: {}", "  absent:\n    刘洋: {reason: 出差, leave: 书面, makeup: 2024-11-20}")
                       .replace("signed: 5", "signed: 4").replace("actual: 5", "actual: 4")
                       .replace("satisfied: 5", "satisfied: 7").replace("respondents: 5", "respondents: 8")
                       .replace("record: 2024-11-03-研究11月主题党日", "record: 2024-10-03-研究10月主题党日")
                       .replace("date: '2024-11-03'", "date: '2024-10-03'"))
    return make_project(files, today="2025-01-01")


# --- xlsx --------------------------------------------------------------------------------------------------

def year_sheet(project, zhibu):
    run = zhibu(project, "report", "--format", "xlsx", "--output", "report.xlsx", "--year", "2024")
    assert run.code == 0, run.err
    ws = openpyxl.load_workbook(project / "report.xlsx")["2024年"]
    header = [c.value for c in ws[1]]
    assert header == ["支部", "项目", *MONTHS, "全年"]
    rows = {r[1].value: dict(zip(header[2:], r[2:])) for r in ws.iter_rows(min_row=2) if r[1].value}
    return ws, rows


def test_xlsx_rates_are_numbers_in_a_percent_format(project, zhibu):
    _, rows = year_sheet(project, zhibu)
    attendance, satisfaction = rows["到会率"], rows["满意率"]
    shown = {label: (cell.value, cell.data_type, cell.number_format)
             for label, cell in attendance.items() if label in ("10月", "11月", "全年")}
    assert shown == {"10月": (1, "n", "0%"), "11月": (0.8, "n", "0%"), "全年": (pytest.approx(14 / 15), "n", "0.00%")}
    nov = satisfaction["11月"]
    assert (nov.value, nov.data_type, nov.number_format) == (0.875, "n", "0.0%")  # shown as 87.5%
    assert satisfaction["全年"].value == pytest.approx(17 / 18) and satisfaction["全年"].number_format == "0.00%"
    # no theme day, nothing to rate: an empty cell, not an empty string or 0
    assert attendance["1月"].value is None and satisfaction["9月"].value is None


def test_xlsx_statuses_are_words(project, zhibu):
    ws, rows = year_sheet(project, zhibu)
    committee = {label: cell.value for label, cell in rows["支委会"].items()}
    assert [committee[m] for m in ("9月", "10月", "11月", "12月", "全年")] == ["不计", "已开展", "未达要求", "已开展", "未达要求"]
    assert rows["组织生活会"]["10月"].value == "无需"
    for group in ("主题党日", "支委会", "党员大会", "党小组会", "党课", "组织生活会", "民主评议"):
        assert {c.value for c in rows[group].values()} <= WORDS, group
    text = "".join(str(c.value) for r in ws.iter_rows() for c in r if c.value is not None)
    assert not any(g in text for g in GLYPHS)
    assert "已开展：" in text and "未达要求：" in text  # the legend explains the words


# --- CSV ---------------------------------------------------------------------------------------------------

def csv_rows(text: str) -> list[dict]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_csv_rates_are_numbers_with_the_unit_in_the_header(project, zhibu):
    run = zhibu(project, "report", "--format", "csv", "--year", "2024")
    assert run.code == 0, run.err
    rows = csv_rows(run.out)
    assert "到会率（%）" in rows[0] and "满意率（%）" in rows[0] and "到会率" not in rows[0]
    by_month = {r["月份"]: r for r in rows}
    assert [by_month[m]["到会率（%）"] for m in ("10", "11", "全年")] == ["100", "80", "93.33"]
    assert [by_month[m]["满意率（%）"] for m in ("10", "11", "全年")] == ["100", "87.5", "94.44"]
    assert by_month["1"]["到会率（%）"] == "" and by_month["1"]["满意率（%）"] == ""  # nothing to rate
    for r in rows:  # every figure parses as a number
        for column in ("到会率（%）", "满意率（%）"):
            if r[column]:
                float(r[column])
        int(r["主题党日次数"]), int(r["问题数"])
    assert by_month["1"]["问题数"] == "0" and by_month["11"]["问题数"] == "1"
    assert [by_month[m]["支委会"] for m in ("9", "11", "12")] == ["不计", "未达要求", "已开展"]
    assert {r[g] for r in rows for g in ("主题党日", "支委会", "党员大会", "党课")} <= WORDS
    assert not any(g in run.out for g in GLYPHS)
    # the terminal keeps the readable forms
    table = zhibu(project, "report", "--year", "2024").out
    assert "87.5%" in table and "93.33%" in table and "✗" in table


def test_csv_file_is_utf8_with_bom_for_excel(project, zhibu):
    assert zhibu(project, "report", "--format", "csv", "--output", "out.csv").code == 0
    data = (project / "out.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1
    text = data.decode("utf-8-sig")
    assert text.startswith("支部编号,") and "\r\n" in text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["到会率（%）"] for r in rows if r["年份"] == "2024" and r["月份"] == "11"} == {"80"}


# --- JSON --------------------------------------------------------------------------------------------------

def test_json_keeps_codes_numbers_and_booleans(project, zhibu):
    report = json.loads(zhibu(project, "report", "--format", "json", "--year", "2024").out)
    assert report["labels"] == {"held": "已开展", "missing": "未达要求", "none": "无需", "not-counted": "不计"}
    (row,) = report["rows"]
    november = row["months"][10]
    assert november["status"]["支委会"] == "missing"
    assert november["attendance"] == {"part": 4, "whole": 5, "rate": 0.8}
    assert november["satisfaction"] == {"part": 7, "whole": 8, "rate": 0.875}
    assert row["attendance"]["rate"] == 0.9333
    assert row["eligibility"]["eligible"] is True
