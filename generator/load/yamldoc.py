"""Parse YAML text into plain values, keeping the position of every field.

PyYAML's C parser composes the node tree (fast); one walk of that tree builds
the values and, when asked, an index from path (tuple of keys and list
indexes) to (line, column). No implicit typing happens in the parser: the walk
resolves plain scalars itself with YAML 1.2 core rules, so `08:30` stays the
text "08:30" (not sexagesimal 510), `08` is 8, `No`/`On` are names, and dates
stay "YYYY-MM-DD" strings for the schema to judge.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from . import fastyaml
from .fastyaml import resolve_plain
from .yamlerrors import YamlProblem, reader_problem, syntax_problem, typing_mistake

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

# libyaml's parser keeps its own stack, but PyYAML composes nodes recursively in C: some 50,000 nested
# "[" overflow the C stack (a segmentation fault; on Windows far fewer). A text that may nest deeper than
# SAFE_DEPTH is walked event by event first, and refused where it nests deeper than MAX_DEPTH, like the walk
# below would. Nesting comes from flow brackets, at most one level per "[" or "{", and from block structure,
# about one level per column of the blanks and "- ", "? ", ": " a line starts with: fewer than FLOW_SUSPECT
# brackets and no line starting with BLOCK_SUSPECT such characters keep a text well below SAFE_DEPTH, at the
# cost of two counts and a search.
SAFE_DEPTH = 1_000
FLOW_SUSPECT = 400
BLOCK_SUSPECT = 200
_DEEP_BLOCK = re.compile(r"[ \t?:-]{%d}" % BLOCK_SUSPECT)
_DEEP_BLOCK_LINE = re.compile(r"\n[ \t?:-]{%d}" % BLOCK_SUSPECT)
DEPTH_MESSAGE = "YAML 嵌套层数过多：列表或映射套了 {limit} 层以上".format(limit=MAX_DEPTH)
DEPTH_HINT = "检查这一处是否多写了“[”或“{”，或缩进一行比一行深；若用了锚点 & 与别名 *，检查别名是否引用了它自身所在的内容"
NODES_MESSAGE = "YAML 结构过大：节点过多（可能是锚点 & 与别名 * 层层引用）"


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
    deep = _too_deep(text)
    if deep is not None:
        return Parsed(None, None, [YamlProblem("yaml", deep.line + 1 + line_offset, deep.column + 1, DEPTH_MESSAGE, DEPTH_HINT)])
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        node, problem = _after_error(text, exc, line_offset)
        if problem is not None:
            return Parsed(None, None, [problem])
    except yaml.reader.ReaderError as exc:  # a control character
        return Parsed(None, None, [reader_problem(exc, line_offset, text)])
    except yaml.YAMLError as exc:  # pragma: no cover - marks are always present in practice
        return Parsed(None, None, [YamlProblem("yaml", 1 + line_offset, 1, f"YAML 语法错误：{exc}")])
    walker = _Walker(line_offset, positions)
    try:
        data = walker.value(node, ()) if node is not None else None
    except _TooDeep as exc:
        message, hint = (NODES_MESSAGE, None) if exc.nodes else (DEPTH_MESSAGE, DEPTH_HINT)
        return Parsed(None, None, [YamlProblem("yaml", exc.line, exc.column, message, hint)])
    return Parsed(data, walker.index if positions else None, walker.problems)


def _too_deep(text: str):
    """The mark of the first node nested deeper than MAX_DEPTH when the text may nest deeper than SAFE_DEPTH.

    Only a text with many brackets or a very long run of indentation is walked (as events, which libyaml
    produces without recursion); the walk ends at the first node too deep, or at a syntax error, which the
    composer then reports before it gets that deep.
    """
    if text.count("[") + text.count("{") < FLOW_SUSPECT and _DEEP_BLOCK_LINE.search(text) is None \
            and _DEEP_BLOCK.match(text) is None:
        return None
    stack: list[int] = []  # per open collection: -1 for a sequence, the number of nodes so far for a mapping
    try:
        for event in yaml.parse(text, Loader=_Loader):
            kind = event.__class__
            if kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
                stack.pop()
                continue
            if kind is not yaml.ScalarEvent and kind is not yaml.AliasEvent \
                    and kind is not yaml.SequenceStartEvent and kind is not yaml.MappingStartEvent:
                continue
            if stack:
                top = stack[-1]
                if top >= 0:
                    stack[-1] = top + 1
                # A mapping's keys are not levels of the data (nor does the walk count them).
                if len(stack) > MAX_DEPTH and (top < 0 or top % 2 == 1):
                    return event.start_mark
            if kind is yaml.SequenceStartEvent:
                stack.append(-1)
            elif kind is yaml.MappingStartEvent:
                stack.append(0)
    except yaml.YAMLError:
        return None
    return None


# libyaml (not YAML, nor PyYAML's Python parser, nor ruamel) refuses a tab right after the indentation of
# the first line of a block scalar (`|`, `>`) while it finds the scalar's indentation from that line: what
# pasting a paragraph from Word into `summary: |` gives. The tab is text there; with the indentation given in
# the header (`|2`), libyaml reads it so.
_BLOCK_TAB = "found a tab character where an indentation space is expected"


def _after_error(text: str, exc: yaml.MarkedYAMLError, line_offset: int):
    """(node, None) when the text is YAML after all, else (None, the problem to report)."""
    if _BLOCK_TAB in (exc.problem or ""):
        node, text, exc = _block_scalar_tabs(text, exc)
        if node is not None:
            return node, None
        if _BLOCK_TAB in (exc.problem or ""):  # a tab that is indentation indeed
            return None, syntax_problem(exc, line_offset, text)
    mistake = typing_mistake(text, exc, line_offset, _fails_at)
    return None, mistake or syntax_problem(exc, line_offset, text)


class _Refused(yaml.YAMLError):
    """A text not composed: it may nest too deep."""


def _compose(text: str):
    if _too_deep(text) is not None:
        raise _Refused
    return yaml.compose(text, Loader=_Loader)


def _fails_at(text: str) -> tuple[int, int] | None:
    """The (line, column) where a text's YAML stops, 0-based, or None when it parses."""
    try:
        _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return (mark.line, mark.column) if mark is not None else (0, 0)
    except yaml.YAMLError:
        return (0, 0)
    return None


def _block_scalar_tabs(text: str, exc: yaml.MarkedYAMLError):
    """Compose the text with the indentation written into each block scalar header where libyaml refuses a tab.

    The indentation is that of the first line with text, where the tab is: its spaces. When that line is
    not more indented than the scalar's parent (the tab is indentation), or the header states the
    indentation already, the error stands. Returns (node, text, None) when the text composes so, else
    (None, the text with the headers written so far, the error it stops at).
    """
    for _ in range(text.count("\t")):
        mark, start = exc.problem_mark, exc.context_mark
        if mark is None or start is None or text[mark.index:mark.index + 1] != "\t" \
                or text[start.index:start.index + 1] not in ("|", ">"):
            break
        header_end = text.find("\n", start.index)
        line_start = text.rfind("\n", 0, mark.index) + 1
        header = text[start.index + 1:header_end]
        if header_end < 0 or text[header_end:line_start].strip(" \n") or any(c.isdigit() for c in header.split("#")[0]):
            break  # not the first line with text, or the indentation is given
        parent = _parent_column(text)
        step = mark.column - parent if parent is not None else 0
        if not 1 <= step <= 9:
            break
        text = text[:start.index + 1] + str(step) + text[start.index + 1:]
        try:
            return _compose(text), text, None
        except yaml.MarkedYAMLError as again:
            exc = again
            if _BLOCK_TAB not in (again.problem or ""):
                break
        except yaml.YAMLError:
            break
    return None, text, exc


def _parent_column(text: str) -> int | None:
    """The column of the block collection open where the text's YAML stops (its indentation), or None."""
    columns: list[int] = []
    try:
        for event in yaml.parse(text, Loader=_Loader):
            kind = event.__class__
            if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                columns.append(event.start_mark.column)
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                columns.pop()
    except yaml.YAMLError:
        return columns[-1] if columns else None
    return None


class _TooDeep(Exception):
    def __init__(self, line: int, column: int, nodes: bool):
        super().__init__()
        self.line, self.column, self.nodes = line, column, nodes


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
            raise _TooDeep(*self.pos(node), self.count > MAX_NODES)
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
