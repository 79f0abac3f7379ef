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
from .yamlerrors import YamlProblem, reader_problem, syntax_problem

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
        return Parsed(None, None, [syntax_problem(exc, line_offset, text)])
    except yaml.reader.ReaderError as exc:  # a control character
        return Parsed(None, None, [reader_problem(exc, line_offset, text)])
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
