"""`zhibu check PATH…`: the summary counts the files the report was restricted to, not the whole project."""
from __future__ import annotations

import json

import pytest

from samples import B, RECORDS, base_files

THEME_DAY = f"{RECORDS}/2024-06-14-重温入党誓词.md"
COMMITTEE = f"{RECORDS}/2024-06-03-研究六月主题党日安排.md"
PLAN_WARNING = "检查了 {n} 个文件：0 个错误，1 个警告"  # theme-day/plan, reported on branch.yaml


@pytest.fixture
def root(make_project):
    files = base_files()
    files["content/org.yaml"] = "name: 测试\n"
    files["content/media/photo.jpg"] = b"\xff\xd8\xff"         # photos are not read as content
    files[f"{RECORDS}/.草稿.md"] = "---\ntype: 主题党日\n---\n"  # hidden files are passed over
    # Read: zhibu.yaml, org.yaml, branch.yaml and the two records.
    return make_project(files, today="2024-06-30")


def summary_line(zhibu, root, *paths) -> str:
    run = zhibu(root, "check", *paths)
    assert run.code in (0, 1), run.err
    return run.out.splitlines()[-1]


def test_one_file_counts_one(root, zhibu):
    assert summary_line(zhibu, root, THEME_DAY) == "检查了 1 个文件：没有发现问题"


def test_a_folder_counts_the_files_read_in_it(root, zhibu):
    assert summary_line(zhibu, root, RECORDS) == "检查了 2 个文件：没有发现问题"
    assert summary_line(zhibu, root, B) == PLAN_WARNING.format(n=3)
    assert summary_line(zhibu, root, "content/media") == "检查了 0 个文件：没有发现问题"


def test_paths_that_overlap_count_each_file_once(root, zhibu):
    assert summary_line(zhibu, root, B, RECORDS, THEME_DAY) == PLAN_WARNING.format(n=3)
    assert summary_line(zhibu, root, THEME_DAY, COMMITTEE) == "检查了 2 个文件：没有发现问题"


def test_paths_covering_everything_count_as_the_whole_project(root, zhibu):
    assert summary_line(zhibu, root) == PLAN_WARNING.format(n=5)  # no PATH: the whole project, as before
    assert summary_line(zhibu, root, ".") == PLAN_WARNING.format(n=5)
    assert summary_line(zhibu, root, "content", "zhibu.yaml") == PLAN_WARNING.format(n=5)
    assert summary_line(zhibu, root, "content") == PLAN_WARNING.format(n=4)  # all but zhibu.yaml


def test_a_file_that_is_not_read_is_not_counted(make_project, zhibu):
    files = base_files() | {f"{B}/说明.txt": "备注\n"}
    root = make_project(files, today="2024-06-30")
    run = zhibu(root, "check", f"{B}/说明.txt")
    assert run.code == 1
    assert run.out.splitlines()[-1] == "检查了 0 个文件：1 个错误，0 个警告"  # the finding: it is not read


def test_json_summary_counts_the_same_files(root, zhibu):
    run = zhibu(root, "check", "--format", "json", RECORDS)
    assert json.loads(run.out)["summary"] == {"files": 2, "errors": 0, "warnings": 0}
    run = zhibu(root, "check", "--format", "json")
    assert json.loads(run.out)["summary"] == {"files": 5, "errors": 0, "warnings": 1}
