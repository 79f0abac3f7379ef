"""`zhibu new KIND`: write a filled-in skeleton of a content file; never overwrite one.

KIND is a record type (主题党日 … 其他, Simplified or Traditional script) or one of
plan, notice, case, dues, branch, casebook, awards (Chinese names accepted too: 年度计划, 公示,
案例, 党费, 支部, 案例汇编, 评先选优). Prints the path of the new file, relative to the
current folder.
"""
from __future__ import annotations

import datetime as dt
import difflib
import os
import sys
from pathlib import Path

from ..diagnostics import UsageError
from ..model.vocabulary import simplify
from ..pipeline import run_check
from ..project import open_project
from ..scaffold import documents
from ..scaffold.awards import awards_skeleton
from ..scaffold.comments import SchemaDocs
from ..scaffold.records import RECORD_TYPES, RecordRequest, record_skeleton
from ..scaffold.writer import write_new
from ..validate.registry import load_schemas
from .oserrors import chinese_os_errors

DOCUMENT_KINDS: dict[str, str] = {
    "plan": "年度计划", "notice": "党务公开事项", "case": "案例", "dues": "党费台账",
    "branch": "支部", "casebook": "案例汇编", "awards": "评先选优",
}
ALIASES: dict[str, str] = {
    "年度计划": "plan", "计划": "plan", "主题党日计划": "plan",
    "公示": "notice", "党务公开": "notice", "公开事项": "notice", "党务公开事项": "notice",
    "案例": "case",
    "党费": "dues", "党费台账": "dues",
    "支部": "branch", "党支部": "branch",
    "案例汇编": "casebook", "汇编": "casebook",
    "评先选优": "awards", "表彰": "awards", "表扬名单": "awards",
}
NEEDS_BRANCH = {"record", "plan", "case", "dues"}


def kinds_help() -> str:
    return "、".join(RECORD_TYPES) + "；" + "、".join(f"{k}（{v}）" for k, v in DOCUMENT_KINDS.items())


def resolve_kind(text: str) -> str:
    """'record' for a record type, else the document kind; a Chinese error with the nearest name."""
    word = (text or "").strip()
    if word.lower() in DOCUMENT_KINDS:
        return word.lower()
    plain = simplify(word)
    if plain in RECORD_TYPES:
        return "record"
    if plain in ALIASES:
        return ALIASES[plain]
    candidates = list(RECORD_TYPES) + list(DOCUMENT_KINDS) + list(ALIASES)
    near = difflib.get_close_matches(plain.lower(), candidates, n=1, cutoff=0.4)
    hint = f"是不是“{near[0]}”？" if near else ""
    raise UsageError(f"不认识的类型“{text}”。{hint}可以新建：{kinds_help()}")


def parse_date(text: str | None, default: dt.date, option: str = "--date") -> dt.date:
    if not text:
        return default
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{option} 的日期“{text}”不对：应写作 YYYY-MM-DD，例如 2024-07-15") from None


def parse_year(text, default: int) -> int:
    if text in (None, ""):
        return default
    try:
        year = int(str(text).strip())
    except ValueError:
        year = 0
    if not 1921 <= year <= 2100:
        raise UsageError(f"--year 的年份“{text}”不对：应写四位数字，例如 2024")
    return year


def run(args) -> int:
    kind = resolve_kind(args.kind)
    project = open_project(Path.cwd())
    day = parse_date(args.date, project.today)  # zhibu.yaml's `today:` when it sets one, else the clock
    year = parse_year(args.year, day.year)
    schemas = load_schemas(project.schemas)
    docs = SchemaDocs(schemas, traditional=project.config.get("language") == "zh-Hant")

    if kind == "branch":
        branch_id = documents.require_branch_id((args.branch or "").strip())
        if (project.content / "branches" / branch_id / "branch.yaml").exists():
            raise UsageError(f"支部 {branch_id} 已经存在：content/branches/{branch_id}/branch.yaml")
        parent = _org_name(project, None)
        skeleton = documents.branch_skeleton(branch_id, args.title, day, parent, docs)
        return _write(project, skeleton)

    result = run_check(project)
    site = result.site
    branch = None
    if kind in NEEDS_BRANCH or args.branch:
        branch = _branch(project, site, args.branch)

    if kind == "record":
        request = RecordRequest(args.kind.strip(), day, args.title, args.group, args.slug)
        skeleton = record_skeleton(site, branch, request, docs, today=project.today)
    elif kind == "plan":
        skeleton = documents.plan_skeleton(branch, year, day, docs)
    elif kind == "notice":
        contact = site.org.get("contact") if isinstance(site.org, dict) else None
        skeleton = documents.notice_skeleton(branch, day, args.title, args.slug, docs,
                                             contact if isinstance(contact, str) and contact.strip() else None)
    elif kind == "case":
        skeleton = documents.case_skeleton(branch, year, args.title, args.slug, docs)
    elif kind == "dues":
        skeleton = documents.dues_skeleton(branch, year, docs)
    elif kind == "awards":
        skeleton = awards_skeleton(site, year, day, project.today, result.profile, docs)
    else:  # casebook
        skeleton = documents.casebook_skeleton(site, year, day, _org_name(project, site), docs)
    return _write(project, skeleton)


def _branch(project, site, wanted: str | None):
    ids = sorted(site.branches)
    if not wanted:
        if len(ids) == 1:
            return site.branches[ids[0]]
        if not ids:
            raise UsageError("项目中还没有支部：先运行 zhibu new branch --branch <支部代号> 新建一个")
        raise UsageError(f"请用 --branch 指明是哪个支部（现有：{'、'.join(ids)}）")
    wanted = wanted.strip()
    if wanted in site.branches:
        return site.branches[wanted]
    if (project.content / "branches" / wanted / "branch.yaml").is_file():
        raise UsageError(f"支部 {wanted} 的 branch.yaml 有数据错误，暂时无法读取花名册：请先运行 zhibu check 并改正")
    near = difflib.get_close_matches(wanted, ids, n=1, cutoff=0.5)
    hint = f"是不是“{near[0]}”？" if near else ""
    listed = f"现有：{'、'.join(ids)}" if ids else "项目中还没有支部"
    raise UsageError(f"没有代号为“{wanted}”的支部。{hint}（{listed}；支部代号是 content/branches/ 下的文件夹名）")


def _org_name(project, site) -> str:
    org = site.org if site is not None and isinstance(site.org, dict) else None
    name = org.get("name") if org else None
    return name if isinstance(name, str) and name.strip() else str(project.config.get("org") or "")


def _write(project, skeleton) -> int:
    path = project.root / skeleton.rel
    shown = _shown(path)
    with chinese_os_errors(shown, "新建"):
        write_new(path, skeleton.text(), shown=shown)
    sys.stdout.write(shown + "\n")
    sys.stderr.write("已新建上面的文件：填写后运行 zhibu check 检查。\n")
    return 0


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path, Path.cwd())
    except ValueError:  # another drive on Windows
        return str(path)
