"""`zhibu casebook YEAR` on a small project: the PDF lands in site/casebook/, problems are said plainly."""
from __future__ import annotations

from pypdf import PdfReader

from conftest import write_project
from samples import base_files

CASE = """\
---
title: 主题党日“四个一”
branch: caizheng-1
year: 2024
status: 入选
category: 主题党日创新
summary: 一段摘要。
---
## 一、背景
支部党员分散，活动难以集中。
## 二、主要做法
每月固定一天，九个步骤逐一落实。
## 三、成效
到会率保持在九成以上。
## 四、启示
制度化是长效的保证。
"""

CASEBOOK = """\
title: 2024年度优秀案例汇编
editor: 测试机关工委
date: 2024-12-20
preface: 这是前言。
"""


def test_casebook_writes_the_year_pdf(make_project, zhibu):
    root = make_project(base_files() | {"content/cases/2024/si-ge-yi.md": CASE,
                                        "content/cases/2024/casebook.yaml": CASEBOOK})
    run = zhibu(root, "casebook", "2024")
    assert run.code == 0, run.err
    assert "已生成 site/casebook/2024.pdf" in run.out
    reader = PdfReader(root / "site/casebook/2024.pdf")
    assert [o.title for o in reader.outline if not isinstance(o, list)][-1] == "主题党日“四个一”"


def test_casebook_for_a_year_without_settings_is_a_usage_error(make_project, zhibu):
    root = make_project(base_files())
    run = zhibu(root, "casebook", "2023")
    assert run.code == 2
    assert "2023 年没有案例汇编设置：缺少 content/cases/2023/casebook.yaml" in run.err
    assert not (root / "site/casebook").exists()


def _tree(root) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_site_does_not_depend_on_the_order_parts_were_built_in(make_project, zhibu, tmp_path):
    files = base_files() | {"content/cases/2024/si-ge-yi.md": CASE, "content/cases/2024/casebook.yaml": CASEBOOK}
    fresh = make_project(files)
    assert zhibu(fresh, "build").code == 0
    stepwise = write_project(tmp_path / "stepwise", files)
    for args in (("--only", "public"), ("--only", "archive"), ()):
        assert zhibu(stepwise, "build", *args).code == 0
    # The public site made before its casebook PDF existed is made again once it does.
    assert (stepwise / "site/public/casebook/2024.pdf").is_file()
    assert _tree(stepwise / "site") == _tree(fresh / "site")


def test_an_archival_variant_is_written_beside_the_book_and_kept(make_project, zhibu):
    root = make_project(base_files() | {"content/cases/2024/si-ge-yi.md": CASE,
                                        "content/cases/2024/casebook.yaml": CASEBOOK})
    assert zhibu(root, "build").code == 0
    book = (root / "site/casebook/2024.pdf").read_bytes()
    run = zhibu(root, "casebook", "2024", "--pdf-variant", "pdf/a-3b")
    assert run.code == 0, run.err
    assert "已生成 site/casebook/2024-pdf-a-3b.pdf" in run.out
    assert (root / "site/casebook/2024.pdf").read_bytes() == book      # the site's book is untouched
    archival = (root / "site/casebook/2024-pdf-a-3b.pdf").read_bytes()
    assert archival != book and "/OutputIntents" in PdfReader(root / "site/casebook/2024-pdf-a-3b.pdf").trailer["/Root"]
    (root / "content/cases/2024/casebook.yaml").write_text(CASEBOOK.replace("这是前言。", "这是新的前言。"),
                                                          encoding="utf-8")
    assert zhibu(root, "build").code == 0                               # the book is made again ...
    assert (root / "site/casebook/2024-pdf-a-3b.pdf").read_bytes() == archival   # ... the archival copy kept
    assert sorted(p.name for p in (root / "site/public/casebook").glob("*.pdf")) == ["2024.pdf"]
