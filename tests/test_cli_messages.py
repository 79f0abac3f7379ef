"""What the command line says is Chinese, whoever says it: argparse's help and errors, the operating
system's errors, and `serve`, `new` and `init` where they used to part from the other commands."""
from __future__ import annotations

import argparse
import errno
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

import generator
from generator import project as project_module
from generator.commands import serve as serve_command
from generator.commands.new import DOCUMENT_KINDS
from generator.scaffold import writer
from generator.scaffold.records import RECORD_TYPES

COMMANDS = ["check", "report", "new", "init", "build", "serve", "casebook"]
ENGLISH = ["usage:", "positional arguments", "options:", "optional arguments", "show this help message",
           "show program's version", "error:", "invalid choice", "expected one argument",
           "unrecognized arguments", "the following arguments are required"]


def zhibu_process(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """`python -m generator ARGS` in a terminal 80 columns wide, without colour: where argparse exits."""
    env = dict(os.environ, PYTHONPATH=str(Path(generator.__file__).resolve().parent.parent),
               COLUMNS="80", NO_COLOR="1", PYTHON_COLORS="0", PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


def assert_no_english(text: str) -> None:
    for words in ENGLISH:
        assert words not in text, words


# --- argparse: help ---------------------------------------------------------------------------------

def test_the_help_is_chinese(tmp_path):
    run = zhibu_process("--help", cwd=tmp_path)
    assert run.returncode == 0 and run.stderr == ""
    assert run.stdout.startswith("用法：zhibu [-h] [--version] 命令 ...\n")
    assert "\n参数：\n  命令\n" in run.stdout and "\n选项：\n" in run.stdout
    assert "  -h, --help  显示本说明并退出\n" in run.stdout
    assert "  --version   显示版本号并退出\n" in run.stdout
    assert_no_english(run.stdout)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_help_is_chinese(tmp_path, command):
    run = zhibu_process(command, "-h", cwd=tmp_path)
    assert run.returncode == 0 and run.stderr == ""
    assert run.stdout.startswith(f"用法：zhibu {command} [-h]")
    assert "\n选项：\n  -h, --help" in run.stdout and "显示本说明并退出" in run.stdout
    assert_no_english(run.stdout)


def test_new_help_lists_every_kind_new_makes(tmp_path):
    run = zhibu_process("new", "--help", cwd=tmp_path)
    flat = re.sub(r"\s+", "", run.stdout)
    for kind, name in DOCUMENT_KINDS.items():
        assert f"{kind}（{name}）" in flat, kind
    for record_type in RECORD_TYPES:
        assert record_type in flat, record_type
    assert "awards（评先选优）" in flat


def test_a_wrapped_usage_lines_up_under_the_first_argument(tmp_path):
    """“用法：” is three characters but six columns wide: the next lines start under “[-h]”."""
    run = zhibu_process("check", "--format", "xml", cwd=tmp_path)
    lines = run.stderr.splitlines()
    assert lines[0] == "用法：zhibu check [-h] [--format {text,json,sarif,github}] [--strict]"
    assert lines[1] == " " * len("用法：用法：zhibu check ") + "[--today YYYY-MM-DD]"
    assert lines[2] == " " * len("用法：用法：zhibu check ") + "[PATH ...]"


# --- argparse: errors -------------------------------------------------------------------------------

@pytest.mark.parametrize("args, message", [
    (["check", "--format", "xml"], "参数 --format：不认识的取值“xml”。可选：text、json、sarif、github"),
    (["report", "--format", "xlxs"], "参数 --format：不认识的取值“xlxs”。是不是“xlsx”？可选：table、csv、json、xlsx"),
    (["check", "--bogus"], "不认识的参数：--bogus"),
    (["casebook"], "缺少参数：YEAR"),
    (["check", "--today"], "参数 --today：后面缺少取值"),
    (["check", "--strict=yes"], "参数 --strict：不接受取值“yes”"),
    (["chek"], "不认识的命令“chek”。是不是“check”？可用的命令：check、report、new、init、build、serve、casebook"),
    (["casebook", "2024年"], "参数 YEAR：“2024年”不是整数"),
    (["report", "--year", "去年"], "参数 --year：“去年”不是整数"),
    (["serve", "--port", "70000"], "参数 --port：端口号“70000”不在 0 到 65535 之间"),
])
def test_argument_errors_are_chinese(tmp_path, args, message):
    run = zhibu_process(*args, cwd=tmp_path)
    assert run.returncode == 2 and run.stdout == ""
    first, *_, last = run.stderr.splitlines()
    assert first.startswith("用法：zhibu ")
    assert last == f"zhibu：命令参数有误：{message}"
    assert_no_english(run.stderr)


def test_argparse_is_left_as_it_was_for_other_parsers(tmp_path, zhibu):
    before = (argparse._, argparse.ngettext)
    run = zhibu(tmp_path, "check", "--format", "xml")
    assert run.code == 2 and "不认识的取值“xml”" in run.err
    assert (argparse._, argparse.ngettext) == before


# --- operating-system errors ------------------------------------------------------------------------

def test_report_into_a_missing_folder_names_the_folder(make_project, zhibu):
    root = make_project({})
    target = root / "missing" / "x.csv"
    run = zhibu(root, "report", "--format", "csv", "--output", str(target))
    assert run.code == 2
    assert run.err == f"zhibu：无法写入 {target}：找不到文件夹 {root / 'missing'}\n"


@pytest.mark.skipif(os.name == "nt", reason="Windows says 没有权限 for a folder opened as a file")
def test_report_onto_a_folder(make_project, zhibu):
    root = make_project({})
    (root / "out.xlsx").mkdir()
    run = zhibu(root, "report", "--format", "xlsx", "--output", "out.xlsx")
    assert run.code == 2
    assert run.err == "zhibu：无法写入 out.xlsx：这是一个文件夹，不是文件\n"


@pytest.mark.skipif(os.name == "nt", reason="a name too long is another error on Windows")
def test_init_with_a_name_too_long(tmp_path, zhibu):
    name = "党" * 300  # more than any file system takes for one name, in bytes or in characters
    run = zhibu(tmp_path, "init", name)
    assert run.code == 2
    assert run.err == f"zhibu：无法新建目录 {name}：文件名太长\n"


def test_new_on_a_full_disk(make_project, zhibu, monkeypatch):
    root = make_project({})

    def full(path, *args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
    monkeypatch.setattr(writer, "open", full, raising=False)
    run = zhibu(root, "new", "notice", "--date", "2024-07-01", "--title", "关于测试的通知")
    assert run.code == 2
    shown = os.path.join("content", "notices", "2024", "2024-07-01-关于测试的通知.md")
    assert run.err == f"zhibu：无法新建 {shown}：磁盘已满\n"


def test_an_unreadable_zhibu_yaml(make_project, zhibu, monkeypatch):
    root = make_project({})

    def unreadable(root):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(root / "zhibu.yaml"))
    monkeypatch.setattr(project_module, "load_config", unreadable)
    run = zhibu(root, "check")
    assert run.code == 2
    assert run.err == f"zhibu：无法访问 {root / 'zhibu.yaml'}：没有权限\n"


def test_serve_on_a_port_in_use(make_project, zhibu):
    root = make_project({})
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        run = zhibu(root, "serve", "--port", str(port))
    assert run.code == 2 and run.out == ""
    assert run.err == f"zhibu：无法在端口 {port} 上启动预览（端口已被占用）：换一个端口，或用 --port 0 自动选择\n"


# --- serve refuses what check refuses ---------------------------------------------------------------

@pytest.fixture
def no_preview(monkeypatch):
    """A preview that starts fails the test at once (rather than running until stopped)."""
    def builder(*args, **kwargs):
        raise AssertionError("the preview was started")
    monkeypatch.setattr(serve_command, "Builder", builder)


def test_serve_refuses_a_bad_today_as_check_does(make_project, zhibu, no_preview):
    root = make_project({})
    check = zhibu(root, "check", "--today", "2024.12.31")
    serve = zhibu(root, "serve", "--port", "0", "--today", "2024.12.31")
    assert check.code == serve.code == 2 and serve.out == ""
    assert serve.err == check.err == "zhibu：--today 的日期“2024.12.31”格式不对，应为 YYYY-MM-DD\n"


@pytest.mark.parametrize("config, lead", [
    ("title: [测试\n", "zhibu：配置文件有误：\nzhibu.yaml:"),
    ("title: 测试\norg: 测试\nbase_url: https://dangwu.example.org/\nrules: no-such-profile\n",
     "zhibu：找不到规则配置“no-such-profile”"),
])
def test_serve_refuses_a_broken_zhibu_yaml_as_check_does(make_project, zhibu, no_preview, config, lead):
    root = make_project({"zhibu.yaml": config})
    check = zhibu(root, "check")
    serve = zhibu(root, "serve", "--port", "0")
    assert check.code == serve.code == 2 and serve.out == ""
    assert serve.err == check.err and serve.err.startswith(lead)


# --- new: today as the project says -----------------------------------------------------------------

def test_new_dates_by_the_today_of_zhibu_yaml(make_project, zhibu):
    root = make_project({}, today="2023-05-04")
    run = zhibu(root, "new", "notice", "--title", "关于测试的通知")
    assert run.code == 0, run.err
    assert run.out == os.path.join("content", "notices", "2023", "2023-05-04-关于测试的通知.md") + "\n"
    assert "published: 2023-05-04\n" in (root / run.out.strip()).read_text(encoding="utf-8")


# --- init: the next step can be pasted --------------------------------------------------------------

def test_init_quotes_a_folder_with_spaces_in_the_next_step(tmp_path, zhibu):
    run = zhibu(tmp_path, "init", "带 空格 的项目")
    assert run.code == 0, run.err
    assert "接下来：\n  cd \"带 空格 的项目\"\n" in run.out   # cmd, PowerShell and sh alike
    plain = zhibu(tmp_path, "init", "dangwu")
    assert plain.code == 0, plain.err
    assert "接下来：\n  cd dangwu\n" in plain.out
