"""The `zhibu` command line: parse arguments, hand each verb to commands/, map outcomes to exit codes.

Exit codes: 0 success, 1 findings that fail, 2 usage or configuration error.
No traceback ever reaches the user: unexpected failures are reported in Chinese.
"""
from __future__ import annotations

import argparse
import contextlib
import difflib
import os
import re
import sys
import unicodedata

from . import __version__
from .diagnostics import UsageError

# argparse's own words in Chinese. argparse looks every message up at call time through its
# module-level `_` (gettext) and `ngettext` — its translation hook, whose msgids CPython keeps for
# translators. That hook has stayed put from Python 3.2 to 3.14, while the private methods that
# build the messages did not (3.12 quotes choices differently, 3.13 raises ArgumentError where
# 3.11 calls error(), 3.14 adds colour and suggestions): overriding those would mean copying code
# that changes. Keys are argparse's English msgids; one a later Python adds stays English until
# it is added here, nothing fails. The choices are worded by _Parser._check_value, the same on
# every version.
_ZH = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本说明并退出",
    "show program's version number and exit": "显示版本号并退出",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "unrecognized arguments: %s": "不认识的参数：%s",
    "the following arguments are required: %s": "缺少参数：%s",
    "expected one argument": "后面缺少取值",
    "expected at most one argument": "最多只能有一个取值",
    "expected at least one argument": "至少要有一个取值",
    "expected %s argument": "应有 %s 个取值",
    "expected %s arguments": "应有 %s 个取值",
    "invalid choice: %(value)r (choose from %(choices)s)": "不认识的取值“%(value)s”。可选：%(choices)s",
    "invalid choice: %(value)r, maybe you meant %(closest)r? (choose from %(choices)s)":
        "不认识的取值“%(value)s”。是不是“%(closest)s”？可选：%(choices)s",
    "invalid %(type)s value: %(value)r": "取值“%(value)s”无效",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "不认识的命令“%(parser_name)s”。可用的命令：%(choices)s",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是：%(matches)s",
    "ignored explicit argument %r": "不接受取值“%s”",
    "not allowed with argument %s": "不能与 %s 同时使用",
    "one of the arguments %s is required": "需要以下参数之一：%s",
    "unexpected option string: %s": "不认识的选项：%s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：%(message)s\n",
}
_USAGE = _ZH["usage: "]


@contextlib.contextmanager
def _chinese():
    """argparse speaks Chinese inside; restored after, so no other parser in the process (pytest's) changes."""
    saved = {name: getattr(argparse, name) for name in ("_", "ngettext") if hasattr(argparse, name)}
    if "_" in saved:
        argparse._ = lambda message, _english=saved["_"]: _ZH.get(message) or _english(message)
    if "ngettext" in saved:
        argparse.ngettext = lambda one, many, n, _english=saved["ngettext"]: \
            _ZH.get(one if n == 1 else many) or _english(one, many, n)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(argparse, name, value)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _readable(text: str) -> str:
    """Help or usage as argparse made it, with the lines of a wrapped usage under its first argument
    (argparse indents them by the characters of “用法：”, which are twice as wide on screen) and
    the section headings ending in a Chinese colon (argparse appends “:” itself before 3.13)."""
    start = text.find(_USAGE)
    if start >= 0:
        end = text.find("\n\n", start)
        end = len(text) if end < 0 else end
        shift = " " * (_width(_USAGE) - len(_USAGE))
        lines = text[:end].split("\n")
        text = "\n".join([lines[0]] + [shift + line if line.startswith(" ") else line for line in lines[1:]]) \
            + text[end:]
    return re.sub(r"(?m)^(\s*(?:\x1b\[[\d;]*m)?(?:参数|选项)):", r"\1：", text)


_NO_LINE_START = set("，。、；：？！）》」』”’")


class _Formatter(argparse.HelpFormatter):
    """argparse counts characters; a Chinese character takes two columns on screen."""

    def _format_action(self, action):
        # The help beside an option with a Chinese metavar (--branch 支部代号) starts in the same column as the rest.
        text = super()._format_action(action)
        header = self._format_action_invocation(action)
        extra = _width(header) - len(header)
        start = text.find(header)
        if extra > 0 and start >= 0 and not text[start:].startswith(header + "\n"):
            end = start + len(header)
            pad = len(text[end:]) - len(text[end:].lstrip(" "))
            text = text[:end] + " " * max(2, pad - extra) + text[end + pad:]
        return text

    def _split_lines(self, text, width):
        """Help text wrapped by its width on screen (a Chinese character takes two columns), between
        Chinese characters or at spaces, never inside a Latin word and never before a closing mark."""
        lines, line, used = [], "", 0
        for token in re.findall(r"[!-~]+（?|\s+|.", text.strip()):
            if token.isspace():
                if line:
                    line, used = line + " ", used + 1
                continue
            size = _width(token)
            if line.strip() and used + size > width and token not in _NO_LINE_START:
                lines.append(line.rstrip())
                line, used = "", 0
            line, used = line + token, used + size
        if line.strip():
            lines.append(line.rstrip())
        return lines


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose own messages, help and errors are in Chinese."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        with _chinese():  # the group titles and -h's help are looked up here
            super().__init__(*args, **kwargs)

    def parse_args(self, *args, **kwargs):
        with _chinese():
            return super().parse_args(*args, **kwargs)

    def parse_known_args(self, *args, **kwargs):
        with _chinese():
            return super().parse_known_args(*args, **kwargs)

    def format_usage(self):
        with _chinese():
            return _readable(super().format_usage())

    def format_help(self):
        with _chinese():
            return _readable(super().format_help())

    def _check_value(self, action, value, *args, **kwargs):
        # argparse lists the choices as 'a', 'b' or a, b depending on the Python version: one wording here.
        choices = action.choices
        if args or kwargs or choices is None or isinstance(choices, str) or value in choices:
            return super()._check_value(action, value, *args, **kwargs)
        names = [str(choice) for choice in choices]
        near = difflib.get_close_matches(str(value), names, n=1, cutoff=0.6)
        hint = f"是不是“{near[0]}”？" if near else ""
        if action.dest == "command":
            raise argparse.ArgumentError(None, f"不认识的命令“{value}”。{hint}可用的命令：{'、'.join(names)}")
        raise argparse.ArgumentError(action, f"不认识的取值“{value}”。{hint}可选：{'、'.join(names)}")

    def error(self, message):  # argparse's own errors exit 2 with a Chinese lead
        self.print_usage(sys.stderr)
        sys.stderr.write(f"zhibu：命令参数有误：{message}\n")
        sys.exit(2)


def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是整数") from None


def _port(text: str) -> int:
    port = _integer(text)
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"端口号“{text}”不在 0 到 65535 之间")
    return port


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="zhibu", description="支部：党支部记录与党务公开的静态站点生成器")
    parser.add_argument("--version", action="version", version=f"zhibu {__version__}", help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)

    check = sub.add_parser("check", help="检查内容文件：格式、引用与组织生活规则")
    check.add_argument("paths", nargs="*", metavar="PATH", help="只报告这些文件或目录中的问题（仍读取整个项目）")
    check.add_argument("--format", choices=["text", "json", "sarif", "github"], default="text", help="输出格式")
    check.add_argument("--strict", action="store_true", help="有警告（合规问题）时也以 1 退出")
    check.add_argument("--today", metavar="YYYY-MM-DD", help="以指定日期作为“今天”")

    report = sub.add_parser("report", help="合规统计：各支部每月的主题党日、三会一课等开展情况，到会率、满意率和问题数")
    report.add_argument("--year", type=_integer, metavar="YYYY", help="只统计这一年（默认：从最早的记录到今年）")
    report.add_argument("--branch", metavar="支部代号", help="只统计这个支部（content/branches/ 下的文件夹名）")
    report.add_argument("--format", choices=["table", "csv", "json", "xlsx"], default="table",
                        help="输出格式：table 终端表格，csv（Excel 可直接打开），json，xlsx（Excel 工作簿）")
    report.add_argument("--output", metavar="FILE", help="写入文件（xlsx 默认写入 zhibu-report.xlsx）")
    report.add_argument("--today", metavar="YYYY-MM-DD", help="以指定日期作为“今天”")

    new = sub.add_parser("new", help="新建内容文件：活动记录、年度计划、党务公开事项、案例等（预填并附中文说明）")
    new.add_argument("kind", metavar="类型",
                     help="活动记录的类型（主题党日、支部党员大会、支委会、党小组会、党课、组织生活会、民主评议党员、谈心谈话、其他），"
                          "或 plan（年度计划）、notice（党务公开事项）、case（案例）、dues（党费台账）、branch（支部）、casebook（案例汇编）、"
                          "awards（评先选优）")
    new.add_argument("--branch", metavar="支部代号", help="哪个支部（content/branches/ 下的文件夹名）；新建支部时是新支部的代号")
    new.add_argument("--date", metavar="YYYY-MM-DD", help="活动或发布日期，默认今天（zhibu.yaml 中写了 today 时为那一天）")
    new.add_argument("--title", metavar="标题", help="主题或标题；主题党日默认取年度计划中当月的主题")
    new.add_argument("--year", metavar="YYYY", help="年度计划、党费台账、案例、案例汇编所属年份，默认为日期所在年份")
    new.add_argument("--group", metavar="党小组", help="党小组会：哪个党小组开会（支部只有一个党小组时可不写）")
    new.add_argument("--slug", metavar="文件名", help="文件名中日期之后的部分，默认由标题生成")

    init = sub.add_parser("init", help="新建站点项目：配置、示例支部、提交前检查、CI 示例和编辑器设置")
    init.add_argument("directory", metavar="目录", help="新项目的目录（不存在时创建）")
    init.add_argument("--title", metavar="网站标题", help="网站标题，之后可在 zhibu.yaml 中修改")
    init.add_argument("--org", metavar="组织名称", help="上级党组织全称，之后可在 zhibu.yaml 中修改")

    build = sub.add_parser("build", help="检查后生成公开网站、内部台账和案例汇编（site/）")
    build.add_argument("--only", choices=["public", "archive", "casebook"], help="只生成其中一部分，其余沿用上次结果")
    build.add_argument("--today", metavar="YYYY-MM-DD", help="以指定日期作为“今天”")
    serve = sub.add_parser("serve", help="本地预览：生成后在本机打开网站，保存文件即自动更新并刷新浏览器")
    serve.add_argument("--port", type=_port, metavar="端口", help="端口号（默认 8000，被占用时依次试后面的；0 表示任选一个空闲端口）")
    serve.add_argument("--casebook", action="store_true", help="内容变化时也重新生成案例汇编 PDF（较慢）")
    serve.add_argument("--today", metavar="YYYY-MM-DD", help="以指定日期作为“今天”")
    casebook = sub.add_parser("casebook", help="只生成某一年度的优秀案例汇编 PDF")
    casebook.add_argument("year", type=_integer, metavar="YEAR", help="年度，例如 2024")
    casebook.add_argument("--pdf-variant", choices=["pdf/a-3b"], help="生成归档用的 PDF/A-3b")
    casebook.add_argument("--today", metavar="YYYY-MM-DD", help="以指定日期作为“今天”（决定 PDF 中的日期）")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    from importlib import import_module
    command = import_module(f".commands.{args.command}", __package__)
    try:
        return command.run(args)
    except UsageError as exc:
        sys.stderr.write(f"zhibu：{exc}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("zhibu：已中断\n")
        return 130
    except OSError as exc:  # a file or folder the command could not read or write: the path and the cause
        from .commands.oserrors import os_error_text
        sys.stderr.write(f"zhibu：{os_error_text(exc)}\n")
        if "ZHIBU_DEBUG" in os.environ:
            raise
        return 2
    except Exception as exc:  # the last line of defence: a message, never a traceback
        sys.stderr.write(f"zhibu：内部错误（{type(exc).__name__}: {exc}）。请把这条信息和所用的命令报告给维护者。\n")
        if "ZHIBU_DEBUG" in os.environ:
            raise
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
