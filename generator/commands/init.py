"""`zhibu init DIR`: a new site project with an example branch, checks on commit, CI and editor settings.

DIR may exist (an empty folder, a fresh git clone); nothing in it is ever overwritten:
when any of the files to write is already there, nothing is written at all.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import sys
from pathlib import Path

from ..diagnostics import UsageError
from ..pipeline import run_check
from ..project import CONFIG, open_project
from ..scaffold.comments import SchemaDocs
from ..scaffold.init_project import EXAMPLE_BRANCH, example_record, static_files
from ..scaffold.writer import write_new
from ..validate.registry import load_schemas
from .oserrors import chinese_os_errors


def run(args) -> int:
    target = Path(args.directory).expanduser()
    shown = _shown(target)
    with chinese_os_errors(shown, "新建目录"):  # a name too long, say, already fails here
        if target.exists() and not target.is_dir():
            raise UsageError(f"“{shown}”是一个文件，不是目录：请换一个目录名")
        if (target / CONFIG).exists():
            raise UsageError(f"“{shown}”已经是站点项目（其中有 {CONFIG}），不会覆盖")
    today = dt.date.today()
    schemas = load_schemas(None)
    docs = SchemaDocs(schemas)
    files = static_files(args.title, args.org, today, schemas, docs)
    with chinese_os_errors(shown, "新建目录"):
        clashes = [rel for rel in files if (target / rel).exists()]
        if clashes:
            raise UsageError(f"“{shown}”中已有这些文件，不会覆盖：{'、'.join(clashes)}")
        target.mkdir(parents=True, exist_ok=True)
    for rel, text in files.items():
        with chinese_os_errors(_inside(shown, rel), "新建"):
            write_new(target / rel, text, shown=rel)

    # The example record is written by the same code as `zhibu new`, from the project just made.
    project = open_project(target)
    result = run_check(project)
    skeleton = example_record(result.site, today, docs)
    with chinese_os_errors(_inside(shown, skeleton.rel), "新建"):
        write_new(target / skeleton.rel, skeleton.text(), shown=skeleton.rel)

    cd = f"cd {shell_quoted(shown)}" if shown not in (".", "") else None
    steps = [step for step in (
        cd,
        "git init                       # 用 git 管理（已是 git 仓库时跳过）",
        "pre-commit install             # 提交时自动检查（先 pip install pre-commit）",
        "zhibu check                    # 检查全部内容",
        f"zhibu new 主题党日 --branch {EXAMPLE_BRANCH}",
    ) if step]
    sys.stdout.write(f"已新建站点项目：{shown}{os.sep}\n"
                     f"示例支部 content/branches/{EXAMPLE_BRANCH}/，示例记录 {skeleton.rel}\n"
                     "接下来：\n" + "".join(f"  {s}\n" for s in steps) +
                     "用 VS Code 打开这个目录并安装推荐的 YAML 扩展，编辑时即有字段说明、补全和校验。\n")
    return 0


def shell_quoted(path: str) -> str:
    """``path`` as it can be pasted after `cd` in cmd, PowerShell and a POSIX shell.

    A plain name stays as it is; any other goes in double quotes, which all three understand.
    Outside Windows, a name with a character that stays special inside double quotes in a
    POSIX shell (" $ ` \\ !) is quoted the POSIX way instead.
    """
    if path.startswith("-"):  # not to be taken for an option of cd
        path = os.path.join(".", path)
    if re.fullmatch(r"[\w./\\:+-]+", path):
        return path
    if os.name != "nt" and re.search(r'["$`\\!]', path):
        return shlex.quote(path)
    return f'"{path}"'


def _inside(folder: str, rel: str) -> str:
    return rel if folder in (".", "") else os.path.join(folder, rel)


def _shown(path: Path) -> str:
    """The folder as the user named it: a relative one relative to here, an absolute one as it is."""
    if path.is_absolute():
        return str(path)
    try:
        return os.path.relpath(path, Path.cwd())
    except ValueError:
        return str(path)
