"""The `zhibu` command line: parse arguments, hand each verb to commands/, map outcomes to exit codes.

Exit codes: 0 success, 1 findings that fail, 2 usage or configuration error.
No traceback ever reaches the user: unexpected failures are reported in Chinese.
"""
from __future__ import annotations

import argparse
import sys

from . import __version__
from .diagnostics import UsageError


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own errors exit 2 with a Chinese lead
        self.print_usage(sys.stderr)
        sys.stderr.write(f"zhibu：命令参数有误：{message}\n")
        sys.exit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="zhibu", description="支部：党支部记录与党务公开的静态站点生成器")
    parser.add_argument("--version", action="version", version=f"zhibu {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)

    check = sub.add_parser("check", help="检查内容文件：格式、引用与组织生活规则")
    check.add_argument("paths", nargs="*", metavar="PATH", help="只报告这些文件或目录中的问题（仍读取整个项目）")
    check.add_argument("--format", choices=["text", "json", "sarif", "github"], default="text", help="输出格式")
    check.add_argument("--strict", action="store_true", help="有警告（合规问题）时也以 1 退出")
    check.add_argument("--today", metavar="YYYY-MM-DD", help="以指定日期作为“今天”")

    report = sub.add_parser("report", help="合规统计：各支部每月的主题党日、三会一课等开展情况，到会率、满意率和问题数")
    report.add_argument("--year", type=int, metavar="YYYY", help="只统计这一年（默认：从最早的记录到今年）")
    report.add_argument("--branch", metavar="支部代号", help="只统计这个支部（content/branches/ 下的文件夹名）")
    report.add_argument("--format", choices=["table", "csv", "json", "xlsx"], default="table",
                        help="输出格式：table 终端表格，csv（Excel 可直接打开），json，xlsx（Excel 工作簿）")
    report.add_argument("--output", metavar="FILE", help="写入文件（xlsx 默认写入 zhibu-report.xlsx）")
    report.add_argument("--today", metavar="YYYY-MM-DD", help="以指定日期作为“今天”")

    new = sub.add_parser("new", help="新建内容文件：活动记录、年度计划、党务公开事项、案例等（预填并附中文说明）")
    new.add_argument("kind", metavar="类型",
                     help="活动记录的类型（主题党日、支部党员大会、支委会、党小组会、党课、组织生活会、民主评议党员、谈心谈话、其他），"
                          "或 plan（年度计划）、notice（党务公开事项）、case（案例）、dues（党费台账）、branch（支部）、casebook（案例汇编）")
    new.add_argument("--branch", metavar="支部代号", help="哪个支部（content/branches/ 下的文件夹名）；新建支部时是新支部的代号")
    new.add_argument("--date", metavar="YYYY-MM-DD", help="活动或发布日期，默认今天")
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
    serve.add_argument("--port", type=int, metavar="端口", help="端口号（默认 8000，被占用时依次试后面的；0 表示任选一个空闲端口）")
    serve.add_argument("--casebook", action="store_true", help="内容变化时也重新生成案例汇编 PDF（较慢）")
    serve.add_argument("--today", metavar="YYYY-MM-DD", help="以指定日期作为“今天”")
    casebook = sub.add_parser("casebook", help="只生成某一年度的优秀案例汇编 PDF")
    casebook.add_argument("year", type=int, metavar="YEAR", help="年度，例如 2024")
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
    except Exception as exc:  # the last line of defence: a message, never a traceback
        sys.stderr.write(f"zhibu：内部错误（{type(exc).__name__}: {exc}）。请把这条信息和所用的命令报告给维护者。\n")
        if "ZHIBU_DEBUG" in __import__("os").environ:
            raise
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
