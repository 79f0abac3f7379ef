"""The final privacy scan of public files (rule notice/privacy), tested on pages made up for the purpose."""
from __future__ import annotations

import pytest

from generator.load.document import read_body
from generator.load.locator import Locator
from generator.pipeline import run_check
from generator.project import open_project
from generator.publish.privacy import PrivacyScan
from generator.rules.notices import id_checksum_ok as valid_id_card
from generator.validate.registry import load_schemas
from generator.views.public import public_fields
from samples import RECORDS, base_files

THEME = f"{RECORDS}/2024-06-14-重温入党誓词.md"


@pytest.fixture
def scan(make_project):
    root = make_project(base_files())
    project = open_project(root)
    result = run_check(project)
    fields = public_fields(load_schemas(None))
    def body_of(rel):
        return read_body(root, rel)[0] if rel.endswith(".md") else ""
    return PrivacyScan(result.site, fields, body_of, ["测试党务公开"]), Locator(root)


def page(text: str) -> str:
    return f'<html lang="zh-CN"><body><main><p>{text}</p></main></body></html>'


def test_an_internal_value_of_a_source_is_found_with_its_field(scan):
    scanner, locator = scan
    hits = scanner.scan("activities/x.html", page("会上王强：结合岗位谈学习体会"), (THEME,))
    assert [(h.rel, h.path) for h in hits] == [(THEME, ("speeches", 0, "text"))]
    finding = scanner.findings(hits, locator)[0]
    assert finding.rule == "notice/privacy" and finding.severity == "error"
    assert finding.file == THEME and finding.line > 1
    assert "public/activities/x.html" in finding.message and "发言内容" in finding.message


def test_a_member_next_to_the_reason_of_absence(scan):
    scanner, _ = scan
    assert scanner.scan("a.html", page("刘洋因出差未参加"), (THEME,))
    assert not scanner.scan("a.html", page("刘洋参加了活动。" + "其他内容" * 20 + "有人出差"), (THEME,))


def test_a_record_body_sentence_counts_as_internal(scan):
    scanner, _ = scan
    hits = scanner.scan("a.html", page("支部书记主持，全体党员重温入党誓词"), (THEME,))
    assert [h.path for h in hits] == [("body",)]


def test_a_value_that_is_also_public_is_not_a_hit(scan):
    scanner, _ = scan
    # The place is public (x-public) and the summary too: neither is an internal value.
    assert not scanner.scan("a.html", page("党员活动室 支部组织党员重温入党誓词。"), (THEME,))


def test_id_card_numbers_by_checksum_and_mobile_numbers(scan):
    scanner, locator = scan
    assert valid_id_card("11010519491231002X") and not valid_id_card("110105194912310021")
    hits = scanner.scan("a.html", page("证件 11010519491231002X，电话 138-0013-8000"), ())
    assert sorted(h.what for h in hits) == ["手机号码", "身份证号码"]
    assert not scanner.scan("a.html", page("编号 110105194912310021，座机 0771-5550000，日期 20241231"), ())
    assert {f.file for f in scanner.findings(hits, locator)} == {"site/public/a.html"}
