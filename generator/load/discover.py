"""Walk content/ and classify every file by the layout of content-format.md.

Returns the content files to parse (with what their path says: kind, branch,
year, date, slug) and `filename` findings for files that follow no layout,
including files outside content/media/ that are not read because of their
extension (hidden files and the ones operating systems leave are passed over).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path

from ..diagnostics import Finding, error

BRANCH_ID = re.compile(r"[a-z0-9-]+\Z")
YEAR = re.compile(r"\d{4}\Z")
DATED = re.compile(r"(\d{4}-\d{2}-\d{2})-(.+)\Z")

# Files that operating systems leave in folders: not content, not worth a word (editors' backups neither).
SYSTEM_FILES = frozenset({"thumbs.db", "ehthumbs.db", "desktop.ini"})
# Extensions (lower case) that mean a content file with another spelling: the one the layout uses.
EXTENSIONS = {".yml": ".yaml", ".yaml": ".yaml", ".md": ".md", ".markdown": ".md"}
EXPECTED = {
    "records": "活动记录应以 .md 结尾：<YYYY-MM-DD>-<标题>.md",
    "plans": "年度计划应以 .yaml 结尾：<年>.yaml",
    "dues": "党费台账应以 .yaml 结尾：<年>.yaml",
    "branch": "支部目录中只读取 branch.yaml 以及 records/、plans/、dues/ 下的文件",
    "notices": "党务公开事项应以 .md 结尾：<年>/<YYYY-MM-DD>-<标题>.md",
    "cases": "案例应以 .md 结尾：<年>/<标题>.md；案例汇编设置为 <年>/casebook.yaml",
    "awards": "评先选优名单应以 .yaml 结尾：<年>.yaml",
    "": "content/ 中只读取 .md 和 .yaml 文件（见内容格式说明中的目录约定）",
}
NOT_CONTENT_HINT = "图片和附件请放在 content/media/ 下并按路径引用；其他文件请移出 content/"
LAYOUT_HINT = "文件位置应符合约定，例如 content/branches/<支部编号>/records/<年>/<YYYY-MM-DD>-<标题>.md"


@dataclass(frozen=True, slots=True)
class Source:
    rel: str              # path relative to the project root, '/' separators
    kind: str             # org | branch | plan | record | dues | awards | notice | case | casebook
    branch: str | None = None
    year: str | None = None
    date: str | None = None
    slug: str | None = None


def discover(root: Path) -> tuple[list[Source], list[Finding]]:
    content = root / "content"
    sources: list[Source] = []
    findings: list[Finding] = []
    if not content.is_dir():
        return sources, findings
    for rel_parts, is_link_out in _walk(content, root):
        rel = "content/" + "/".join(rel_parts)
        if rel_parts[0] == "media":
            continue  # photos are checked where they are referenced (ref/media)
        if is_link_out:
            findings.append(error("filename", rel, (1, 1), "符号链接指向项目之外，已忽略", "把文件本身放进 content/，不要用指向项目外的链接"))
            continue
        source, finding = classify(rel_parts, rel)
        if source and finding is None:
            finding = _too_long(source, rel_parts[-1])
        if source:
            sources.append(source)
        if finding:
            findings.append(finding)
    sources.sort(key=attrgetter("rel"))
    return sources, findings


# A file system's limit for one name (ext4, NTFS, APFS: 255 bytes or UTF-16 units, the stricter counted).
NAME_MAX = 255
PAGE_SUFFIX = ".html"  # a record's or notice's page is named after its file


def _too_long(source: Source, name: str) -> Finding | None:
    """`filename`: a record or notice whose page name (its stem + .html) is longer than a file name may be."""
    if source.kind not in ("record", "notice"):
        return None
    page = name.rsplit(".", 1)[0] + PAGE_SUFFIX
    size = max(len(page.encode("utf-8")), len(page.encode("utf-16-le")) // 2)
    if size <= NAME_MAX:
        return None
    over = size - NAME_MAX
    return error("filename", source.rel, (1, 1),
                 f"文件名太长：生成的网页文件名有 {size} 字节，超过 {NAME_MAX} 字节的上限",
                 f"把文件名中日期之后的部分缩短 {-(-over // 3)} 个汉字以上（一个汉字占 3 字节）")


def _walk(content: Path, root: Path):
    """Yield (parts relative to content/, points-outside-project) for every file, sorted.

    os.scandir gives the file type from the directory listing, so only symbolic
    links cost an extra system call.
    """
    root_real = os.path.realpath(root)
    stack = [(str(content), ())]
    while stack:
        folder, base = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=attrgetter("name"))
        except OSError:
            continue
        subdirs = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_symlink():
                real = os.path.realpath(entry.path)
                if not real.startswith(root_real + os.sep):
                    yield base + (entry.name,), True
                    continue
                if os.path.isdir(real):
                    continue  # links to folders inside the project would count files twice
                yield base + (entry.name,), False
            elif entry.is_dir():
                subdirs.append((entry.path, base + (entry.name,)))
            else:
                yield base + (entry.name,), False
        stack.extend(reversed(subdirs))


def classify(parts: tuple[str, ...], rel: str) -> tuple[Source | None, Finding | None]:
    name = parts[-1]
    if name.lower() in SYSTEM_FILES or name.endswith("~") or name.startswith("~$"):
        return None, None  # left by the system, an editor's backup (x.md~) or an open Office file (~$x.docx)
    stem, ext = _splitext(name)
    if ext not in (".yaml", ".md"):
        want = EXTENSIONS.get(ext.lower())
        if want:  # branch.yml, 2024.YAML, x.MD: read as what it is, the name reported (one cause, one finding)
            source, finding = classify(parts[:-1] + (stem + want,), rel)
            if source is not None and finding is None:
                return source, error("filename", rel, (1, 1), f"扩展名应为 {want}：{name}（已按 {want} 文件读取）",
                                     f"把文件改名为 {stem}{want}")
        return None, _not_read(parts, rel, stem, ext)
    n = len(parts)
    if parts == ("org.yaml",):
        return Source(rel, "org"), None
    if parts[0] == "branches" and n >= 3:
        return _branch_file(parts, rel, stem, ext)
    if parts[0] == "awards" and n == 2 and ext == ".yaml" and YEAR.match(stem):
        return Source(rel, "awards", year=stem), None
    if parts[0] == "notices" and n == 3 and ext == ".md":
        return _dated(rel, "notice", None, parts[1], stem)
    if parts[0] == "cases" and n == 3 and YEAR.match(parts[1]):
        if name == "casebook.yaml":
            return Source(rel, "casebook", year=parts[1]), None
        if ext == ".md":
            return Source(rel, "case", year=parts[1], slug=stem), None
    return None, error("filename", rel, (1, 1), f"文件“{rel}”不在约定的位置，未被读取", LAYOUT_HINT)


def _not_read(parts: tuple[str, ...], rel: str, stem: str, ext: str) -> Finding:
    """`filename`: a file under content/ that is not read because of its extension."""
    name = parts[-1]
    want = EXTENSIONS.get(ext.lower())
    if want:
        return error("filename", rel, (1, 1), f"扩展名应为 {want}：{name}，文件未被读取", f"把文件改名为 {stem}{want}")
    return error("filename", rel, (1, 1), f"文件“{rel}”未被读取：{_expected(parts[:-1])}", NOT_CONTENT_HINT)


def _expected(folder: tuple[str, ...]) -> str:
    """What the layout expects in a folder of content/."""
    n = len(folder)
    if n >= 1 and folder[0] == "branches":
        if n >= 3 and folder[2] in ("records", "plans", "dues"):
            return EXPECTED[folder[2]]
        if n == 2:
            return EXPECTED["branch"]
    elif n >= 1 and folder[0] in EXPECTED:
        return EXPECTED[folder[0]]
    return EXPECTED[""]


def _splitext(name: str) -> tuple[str, str]:
    """os.path.splitext of a bare file name, without its generality (it ran for every file)."""
    dot = name.rfind(".")
    if dot > 0 and name[:dot].lstrip("."):
        return name[:dot], name[dot:]
    return name, ""


def _branch_file(parts, rel, stem, ext):
    branch = parts[1]
    bad_id = None
    if not BRANCH_ID.match(branch):
        bad_id = error("filename", rel, (1, 1),
                       f"支部目录名“{branch}”不符合要求：只能使用小写英文字母、数字和连字符（-）",
                       "例如 caizheng-1；支部的中文名称写在 branch.yaml 的 name 字段中")
    n = len(parts)
    if n == 3 and parts[2] == "branch.yaml":
        return Source(rel, "branch", branch=branch), bad_id
    if n == 4 and parts[2] in ("plans", "dues") and ext == ".yaml" and YEAR.match(stem):
        return Source(rel, parts[2][:-1] if parts[2] == "plans" else "dues", branch=branch, year=stem), None
    if n == 5 and parts[2] == "records" and ext == ".md":
        return _dated(rel, "record", branch, parts[3], stem)
    return None, error("filename", rel, (1, 1), f"文件“{rel}”不在约定的位置，未被读取", LAYOUT_HINT)


def _dated(rel, kind, branch, year, stem):
    m = DATED.match(stem)
    if not YEAR.match(year) or not m:
        return None, error("filename", rel, (1, 1),
                           f"文件名“{stem}”应以日期开头：<年>/<YYYY-MM-DD>-<标题>.md",
                           "例如 2024/2024-06-14-重温入党誓词.md")
    return Source(rel, kind, branch=branch, year=year, date=m.group(1), slug=m.group(2)), None
