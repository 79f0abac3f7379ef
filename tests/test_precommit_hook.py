"""The pre-commit hook `zhibu-check`: real commits in a git repository made here, blocked on a data error.

- the repository's manifest (.pre-commit-hooks.yaml) selects the right files;
- the hook in the `zhibu init` project (`repo: local`, the installed zhibu) blocks a commit;
- the hook from this repository (`language: python`: pre-commit builds its own environment
  and installs zhibu into it) blocks a commit — slow, about a minute.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / ".pre-commit-hooks.yaml"
RECORDS = "content/branches/shili-1/records"


def _zhibu_dir() -> str | None:
    here = Path(sys.executable).parent
    if (here / "zhibu").exists() or (here / "zhibu.exe").exists():
        return str(here)
    found = shutil.which("zhibu")
    return str(Path(found).parent) if found else None


def _env(tmp_path: Path) -> dict[str, str]:
    config = tmp_path / "gitconfig"
    config.write_text("[init]\n\tdefaultBranch = main\n", encoding="utf-8")
    env = dict(os.environ)
    env.update({
        "GIT_CONFIG_GLOBAL": str(config), "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "测试", "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "测试", "GIT_COMMITTER_EMAIL": "test@example.org",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "PRE_COMMIT_COLOR": "never", "NO_COLOR": "1",
    })
    zhibu_dir = _zhibu_dir()
    if zhibu_dir:
        env["PATH"] = zhibu_dir + os.pathsep + env.get("PATH", "")
    env.pop("ZHIBU_DEBUG", None)
    return env


def _run(cmd, cwd, env, timeout=600) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8",
                          errors="replace", timeout=timeout)


def _git(cwd, env, *args) -> subprocess.CompletedProcess:
    return _run(["git", *args], cwd, env)


def _project_repo(tmp_path: Path, env) -> Path:
    """A git repository holding a `zhibu init` project, hooks installed, first commit made."""
    run = _run([sys.executable, "-m", "generator", "init", "proj"], tmp_path, env)
    assert run.returncode == 0, run.stdout + run.stderr
    root = tmp_path / "proj"
    assert _git(root, env, "init", "-q").returncode == 0
    return root


def _broken_record(root: Path) -> Path:
    """A new record naming someone who is not on the roster: a data error (ref/member)."""
    example = next(p for p in sorted((root / RECORDS).rglob("*.md"))
                   if "type: 支委会" in p.read_text(encoding="utf-8"))
    broken = example.with_name(example.name[:11] + "党员大会.md")
    text = example.read_text(encoding="utf-8").replace("type: 支委会", "type: 支部党员大会")
    broken.write_text(text.replace("host: 张伟", "host: 不在名册的人"), encoding="utf-8")
    return broken


def test_manifest_selects_content_files():
    hooks = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    [hook] = [h for h in hooks if h["id"] == "zhibu-check"]
    assert hook["entry"] == "zhibu check" and hook["language"] == "python"
    assert hook["pass_filenames"] is True and hook.get("require_serial") is True
    assert set(hook["types_or"]) == {"yaml", "markdown"}
    files = re.compile(hook["files"])
    for rel in ("zhibu.yaml", "content/org.yaml", "content/branches/a/records/2024/2024-06-14-x.md",
                "content/notices/2024/2024-06-01-公示.md"):
        assert files.search(rel), rel
    for rel in ("README.md", "layouts/public/base.html", "docs/content/x.md", "old-zhibu.yaml", ".pre-commit-config.yaml"):
        assert not files.search(rel), rel


def test_project_hook_blocks_a_commit_with_a_data_error(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    env = _env(tmp_path)
    if _zhibu_dir() is None:
        pytest.skip("the zhibu console script is not installed")
    root = _project_repo(tmp_path, env)
    install = _run([sys.executable, "-m", "pre_commit", "install"], root, env)
    assert install.returncode == 0, install.stdout + install.stderr
    _git(root, env, "add", "-A")
    first = _git(root, env, "commit", "-q", "-m", "新建站点项目")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "zhibu check" in first.stdout + first.stderr          # the hook ran, and passed

    # A theme day whose step ① points at a record committed earlier: checked against the whole project.
    [example] = sorted((root / RECORDS).rglob("*.md"))
    new = _run([sys.executable, "-m", "generator", "new", "主题党日", "--branch", "shili-1",
                "--date", example.name[:10], "--title", "学习党章"], root, env)
    assert new.returncode == 0, new.stderr
    _git(root, env, "add", new.stdout.strip())
    ok = _git(root, env, "commit", "-q", "-m", "主题党日")
    assert ok.returncode == 0, ok.stdout + ok.stderr

    broken = _broken_record(root)
    rel = broken.relative_to(root).as_posix()
    _git(root, env, "add", rel)
    blocked = _git(root, env, "commit", "-q", "-m", "有错误的记录")
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, output
    assert f"{rel}:" in output and "ref/member" in output and "不在名册的人" in output
    assert _git(root, env, "log", "--format=%s").stdout.splitlines() == ["主题党日", "新建站点项目"]

    # Files outside content/ are not passed to the hook and commit as usual.
    (root / "notes.md").write_text("# 备忘\n", encoding="utf-8")
    _git(root, env, "reset", "-q")
    _git(root, env, "add", "notes.md")
    other = _git(root, env, "commit", "-q", "-m", "备忘")
    assert other.returncode == 0, other.stdout + other.stderr


@pytest.mark.slow
def test_repository_hook_installs_and_blocks_a_commit(tmp_path):
    """The hook as users reference it: `repo:` this repository at its current commit, `id: zhibu-check`."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    if head.returncode != 0:
        pytest.skip("this copy of zhibu is not a git checkout")
    tracked = subprocess.run(["git", "ls-files", "--error-unmatch", ".pre-commit-hooks.yaml"], cwd=ROOT,
                             capture_output=True, text=True)
    if tracked.returncode != 0:
        pytest.skip(".pre-commit-hooks.yaml is not committed yet")
    env = _env(tmp_path)
    root = _project_repo(tmp_path, env)
    config = {"repos": [{"repo": str(ROOT), "rev": head.stdout.strip(), "hooks": [{"id": "zhibu-check"}]}]}
    (root / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    install = _run([sys.executable, "-m", "pre_commit", "install", "--install-hooks"], root, env, timeout=900)
    if install.returncode != 0 and "Installing environment" in install.stdout + install.stderr:
        log = tmp_path / "pre-commit-home" / "pre-commit.log"
        detail = log.read_text(encoding="utf-8", errors="replace")[-2000:] if log.exists() else ""
        if re.search(r"(?i)could not find a version|connection|network|temporary failure|no matching distribution", detail):
            pytest.skip("pre-commit could not install zhibu's dependencies without the package index")
    assert install.returncode == 0, install.stdout + install.stderr

    _git(root, env, "add", "-A")
    first = _git(root, env, "commit", "-q", "-m", "新建站点项目")
    assert first.returncode == 0, first.stdout + first.stderr

    broken = _broken_record(root)
    rel = broken.relative_to(root).as_posix()
    _git(root, env, "add", rel)
    blocked = _git(root, env, "commit", "-q", "-m", "有错误的记录")
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, output
    assert f"{rel}:" in output and "ref/member" in output
    assert _git(root, env, "log", "--format=%s").stdout.splitlines() == ["新建站点项目"]
