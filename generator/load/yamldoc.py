"""Parse YAML text into plain values, keeping the position of every field.

PyYAML's C parser composes the node tree (fast); one walk of that tree builds
the values and, when asked, an index from path (tuple of keys and list
indexes) to (line, column). No implicit typing happens in the parser: the walk
resolves plain scalars itself with YAML 1.2 core rules, so `08:30` stays the
text "08:30" (not sexagesimal 510), `08` is 8, `No`/`On` are names, and dates
stay "YYYY-MM-DD" strings for the schema to judge.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from . import fastyaml
from .fastyaml import resolve_plain

try:  # the C parser; fall back to the pure-Python one where libyaml is missing
    from yaml import CBaseLoader as _Base
except ImportError:  # pragma: no cover
    from yaml import BaseLoader as _Base

_TAGS = {yaml.ScalarNode: "tag:yaml.org,2002:str", yaml.SequenceNode: "tag:yaml.org,2002:seq",
         yaml.MappingNode: "tag:yaml.org,2002:map"}


class _Loader(_Base):
    """Composes nodes without PyYAML's resolver: the parser calls these for every node.

    Typing happens in our walk (resolve_plain), so the resolver's path tracking
    and implicit-tag search are pure overhead (a sixth of the load time).
    """

    def resolve(self, kind, value, implicit):
        return _TAGS[kind]

    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass

Path_ = tuple  # a path into the data: ("attendance", "absent", "刘洋")

MAX_NODES = 2_000_000
MAX_DEPTH = 64


@dataclass(slots=True)
class YamlProblem:
    rule: str  # "yaml" or "yaml/duplicate-key"
    line: int
    column: int
    message: str
    hint: str | None = None


@dataclass(slots=True)
class Parsed:
    data: object
    positions: dict[tuple, tuple[int, int]] | None
    problems: list[YamlProblem] = field(default_factory=list)


def parse(text: str, *, line_offset: int = 0, positions: bool = True) -> Parsed:
    """Parse one YAML document. Errors become problems, never exceptions.

    Without positions, the plain YAML content files are made of goes through
    `fastyaml` (the same values, in about half the time); the rest, and every
    text with a problem, is composed by libyaml and walked here.
    """
    if not positions:
        try:
            return Parsed(fastyaml.load(text), None)
        except fastyaml.Slow:
            pass
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        return Parsed(None, None, [_syntax_problem(exc, line_offset, text)])
    except yaml.YAMLError as exc:  # pragma: no cover - marks are always present in practice
        return Parsed(None, None, [YamlProblem("yaml", 1 + line_offset, 1, f"YAML 语法错误：{exc}")])
    walker = _Walker(line_offset, positions)
    try:
        data = walker.value(node, ()) if node is not None else None
    except _TooDeep as exc:
        return Parsed(None, None, [YamlProblem("yaml", exc.line, exc.column, "YAML 结构嵌套过深或节点过多（可能是循环的锚点 & 与别名 *）")])
    return Parsed(data, walker.index if positions else None, walker.problems)


class _TooDeep(Exception):
    def __init__(self, line: int, column: int):
        super().__init__()
        self.line, self.column = line, column


class _Walker:
    def __init__(self, line_offset: int, keep_positions: bool):
        self.offset = line_offset
        self.keep = keep_positions
        self.index: dict[tuple, tuple[int, int]] = {}
        self.problems: list[YamlProblem] = []
        self.count = 0

    def pos(self, node) -> tuple[int, int]:
        mark = node.start_mark
        return (mark.line + 1 + self.offset, mark.column + 1)

    def value(self, node, path: tuple):
        self.count += 1
        if self.count > MAX_NODES or len(path) > MAX_DEPTH:
            raise _TooDeep(*self.pos(node))
        if self.keep and path not in self.index:
            self.index[path] = self.pos(node)
        if isinstance(node, yaml.ScalarNode):
            if not node.style:  # plain: None (pure Python parser) or "" (C parser)
                return resolve_plain(node.value)
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, path + (i,)) for i, item in enumerate(node.value)]
        return self.mapping(node, path)

    def mapping(self, node, path: tuple) -> dict:
        result: dict = {}
        seen: dict[str, tuple[int, int]] = {}
        for key_node, value_node in node.value:
            kpos = self.pos(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(YamlProblem("yaml", *kpos, "键必须是简单的文字，不能是列表或映射"))
                continue
            key = key_node.value
            if key in seen:
                first = seen[key]
                self.problems.append(YamlProblem(
                    "yaml/duplicate-key", *kpos,
                    f"键“{key}”重复：第 {first[0]} 行已经写过一次，重复的键会丢失数据",
                    "删除或合并其中一处"))
                continue
            seen[key] = kpos
            child = path + (key,)
            if self.keep:
                self.index[child] = kpos
            result[key] = self.value(value_node, child)
        return result


_PROBLEMS = (
    ("cannot start any token", "这里有不能开始一个值的字符", "常见原因：用了制表符（Tab）缩进，或值以 @、` 等符号开头时没有加引号"),
    ("found unexpected end of stream", "引号未闭合：文件在找到结束引号之前结束了", "检查上一处以引号开头的值，补上结束引号"),
    ("found unknown escape character", "双引号中出现了无效的转义字符“\\”", "改用单引号，或把 \\ 写成 \\\\"),
    ("mapping values are not allowed", "此处不能出现“: ”（冒号加空格）", "值中含有冒号时，请用引号把整个值括起来"),
    ("could not find expected ':'", "缺少冒号：每个字段应写成“名称: 值”", None),
    ("expected <block end>, but found", "缩进不一致：同一层的字段应对齐", "检查这一行与上一行的缩进空格数"),
    ("did not find expected ',' or ']'", "方括号列表 [ ] 未闭合", "检查这一行是否缺少“]”或逗号"),
    ("did not find expected ',' or '}'", "花括号映射 { } 未闭合", "检查这一行是否缺少“}”或逗号"),
    ("but found another document", "文件中出现了第二个“---”，只允许一个 YAML 文档", None),
    ("found undefined alias", "引用了未定义的锚点（*别名）", None),
)


TAB_MESSAGE = "不能用制表符（Tab）缩进，请改用空格"
TAB_HINT = "在 VS Code 中点击右下角的“制表符长度”，选择“使用空格缩进”，再选“将缩进转换为空格”"


def _syntax_problem(exc: yaml.MarkedYAMLError, line_offset: int, text: str = "") -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    if mark is not None and _char_at(text, mark.line, mark.column) == "\t":
        return YamlProblem("yaml", mark.line + 1 + line_offset, mark.column + 1, TAB_MESSAGE, TAB_HINT)
    line = (mark.line + 1 if mark else 1) + line_offset
    column = mark.column + 1 if mark else 1
    raw = f"{exc.context or ''} {exc.problem or ''}"
    for needle, message, hint in _PROBLEMS:
        if needle in raw:
            if "quoted scalar" in raw and needle == "found unexpected end of stream":
                mark = exc.context_mark or mark
                line, column = mark.line + 1 + line_offset, mark.column + 1
            return YamlProblem("yaml", line, column, message, hint)
    if "while scanning a quoted scalar" in raw:
        return YamlProblem("yaml", line, column, "引号未闭合或引号内有误", "检查这一处的引号是否成对")
    return YamlProblem("yaml", line, column, f"YAML 语法错误：{(exc.problem or exc.context or '').strip()}", None)


def _char_at(text: str, line: int, column: int) -> str:
    start = 0
    for _ in range(line):
        start = text.find("\n", start) + 1
        if start == 0:
            return ""
    return text[start + column:start + column + 1]


def locate(index: dict[tuple, tuple[int, int]] | None, path: tuple, default: tuple[int, int] = (1, 1)) -> tuple[int, int]:
    """The position of `path`, or of its nearest existing ancestor. `index` may be a lazy callable."""
    if callable(index):
        index = index()
    if not index:
        return default
    p = tuple(path)
    while p:
        if p in index:
            return index[p]
        p = p[:-1]
    return index.get((), default)
