"""A build stopped from outside — a CI job cancelled, site/ locked, a kill between the two renames —
leaves site/ as it was and no copy of the internal archive lying in the project."""
from __future__ import annotations

import errno
import os
import signal

import pytest

from test_build import RECORDS, built, tree_hash  # noqa: F401 - built is a fixture

from generator.publish.outputs import Outputs
from generator.publish.staging import Staging


def _touch_a_record(root):
    path = root / f"{RECORDS}/2024-06-03-研究六月主题党日安排.md"
    path.write_text(path.read_text(encoding="utf-8").replace("place: ", "place: 三楼", 1), encoding="utf-8")


def _leftovers(root) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".site-"))


def test_a_termination_signal_stops_the_build_like_ctrl_c(built, zhibu, monkeypatch):
    before = tree_hash(built / "site")
    _touch_a_record(built)
    archive = Outputs.build_archive

    def terminated_midway(self):
        os.kill(os.getpid(), signal.SIGTERM)   # as `timeout` or a cancelled CI job sends it
        return archive(self)
    monkeypatch.setattr(Outputs, "build_archive", terminated_midway)
    run = zhibu(built, "build")
    assert run.code == 130 and "已中断" in run.err
    assert tree_hash(built / "site") == before
    assert _leftovers(built) == []
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL   # the handler is the build's only


def test_a_site_folder_that_cannot_be_replaced_is_said_in_chinese(built, zhibu, monkeypatch):
    before = tree_hash(built / "site")
    _touch_a_record(built)

    def locked(self):
        raise PermissionError(errno.EPERM, "Operation not permitted", str(self.site))
    monkeypatch.setattr(Staging, "commit", locked)
    run = zhibu(built, "build")
    assert run.code == 1
    assert run.err.startswith("zhibu：无法用新生成的网站替换 site/：没有权限。site/ 保持不变。")
    assert "site/ 保持不变" in run.err and "Traceback" not in run.err and "Operation" not in run.err
    assert tree_hash(built / "site") == before
    assert _leftovers(built) == []


def _dead_pid() -> int:
    """A process id no process can have: the kernel hands out ids below pid_max."""
    try:
        with open("/proc/sys/kernel/pid_max", encoding="ascii") as f:
            return int(f.read())
    except OSError:
        return 2**22 + 1


def test_a_site_left_aside_by_a_killed_build_is_put_back(built, zhibu):
    before = tree_hash(built / "site")
    aside = built / f".site-old-{_dead_pid()}"
    os.replace(built / "site", aside)       # killed between its two renames
    run = zhibu(built, "build")
    assert run.code == 0, run.err
    assert "site/ 已是最新" in run.out or "沿用" in run.out
    assert tree_hash(built / "site") == before
    assert _leftovers(built) == []


def test_init_ignores_the_staging_folders(tmp_path, zhibu):
    assert zhibu(tmp_path, "init", "proj").code == 0
    lines = (tmp_path / "proj/.gitignore").read_text(encoding="utf-8").splitlines()
    assert ".site-staging-*/" in lines and ".site-old-*/" in lines


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX only")
def test_dead_pid_is_not_a_running_process():
    pid = _dead_pid()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
