"""Shared fixtures: tiny site projects written inside the test, and zhibu run on them in-process."""
from __future__ import annotations

import contextlib
import io
import json
import os
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli import main

CONFIG = """\
title: 测试党务公开
org: 中共测试市直属机关工作委员会
base_url: https://dangwu.example.org/
language: zh-Hans
rules: {rules}
today: {today}
"""


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def findings(self) -> list[dict]:
        return json.loads(self.out)["findings"]


def write_project(root: Path, files: dict[str, str | bytes], *, today: str = "2024-12-31", rules: str = "national") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    if "zhibu.yaml" not in files:
        (root / "zhibu.yaml").write_text(CONFIG.format(today=today, rules=rules), encoding="utf-8")
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return root


def run_zhibu(root: Path, *args: str) -> Run:
    out, err = io.StringIO(), io.StringIO()
    old = os.getcwd()
    os.chdir(root)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse
                code = exc.code if isinstance(exc.code, int) else 2
    finally:
        os.chdir(old)
    return Run(code, out.getvalue(), err.getvalue())


@pytest.fixture
def make_project(tmp_path):
    def make(files: dict[str, str | bytes], **kw) -> Path:
        return write_project(tmp_path / "proj", files, **kw)
    return make


@pytest.fixture
def zhibu():
    return run_zhibu
