"""Rules split over two processes give exactly the findings of one process."""
from __future__ import annotations

import shutil
from pathlib import Path

from generator.pipeline import run_check
from generator.project import open_project
from generator.rules import registry

DEMO = Path(__file__).resolve().parent.parent


def test_forked_rules_find_what_sequential_rules_find(tmp_path, monkeypatch):
    root = tmp_path / "demo"
    shutil.copytree(DEMO / "content", root / "content")
    shutil.copy2(DEMO / "zhibu.yaml", root / "zhibu.yaml")
    project = open_project(root)
    monkeypatch.setattr(registry, "PARALLEL_MIN_RECORDS", 10**9)
    sequential = run_check(project)
    monkeypatch.setattr(registry, "PARALLEL_MIN_RECORDS", 0)
    forked = run_check(project)
    assert sequential.findings  # the demo has honest lapses to compare
    assert forked.findings == sequential.findings
    assert forked.notes == sequential.notes
