"""A fast path for the plain YAML that content files are made of.

Content files use a small part of YAML: block mappings and sequences, flow
collections on one line (`[a, b]`, `{k: v}`), plain, quoted and literal (`|`)
scalars, comments. For those this module builds the same values as composing
with libyaml and walking the nodes (`yamldoc.parse`), in about half the time.
Everything else — anchors, tags, multi-line plain or quoted scalars, folded
scalars, duplicate keys, anything unusual or wrong — raises `Slow`, and the
caller parses the text the full way, which also gives the exact message and
position of a problem. The fast path never judges; it only declines.

Values are typed as in `yamldoc` (YAML 1.2 core, `resolve_plain`); keys are
the text as written, as the full path keeps them.
"""
from __future__ import annotations

import re
import sys

_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?\Z|[-+]?[0-9]+[eE][-+]?[0-9]+\Z")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_NUMERIC_START = frozenset("0123456789+-.")


def resolve_plain(text: str):
    """Type a plain (unquoted) scalar by the YAML 1.2 core schema, minus surprises."""
    if text in _NULLS:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if text[0] in _NUMERIC_START:  # neither pattern can match anything else
        if _INT.match(text):
            return int(text, 10)
        if _FLOAT.match(text):
            return float(text)
    return text


_intern = sys.intern


def _scalar(text: str):
    """A plain scalar, typed; text is interned (see `load`)."""
    value = resolve_plain(text)
    return _intern(value) if value.__class__ is str else value


class Slow(Exception):
    """This text needs the full parser."""


MAX_CHARS = 1_000_000  # fewer nodes than the full path's limit, whatever the text
MAX_DEPTH = 40
MAX_KEY = 500  # libyaml takes at most 1,024 characters for a key on the line

# Anything but the printable characters YAML allows, and the characters that
# break or mark lines in YAML but not here (tab, NEL, LS, PS, BOM, DEL).
_UNUSUAL = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
# A scalar starting with one of these is an indicator or needs care: the full path decides.
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
# `key:` at the start of a block mapping line: a plain key without ':' or '#', then ': ' or the line's end.
_KEY = re.compile(r"([^-?:,\[\]{}#&*!|>'\"%@`\s][^:#]*?) *:(?: +|\Z)")
# `key: ` inside a flow mapping.
_FLOW_KEY = re.compile(r"([^-?:,\[\]{}#&*!|>'\"%@`\s][^,\[\]{}:#]*?) *: +")
# A plain scalar inside a flow collection: it ends at a flow indicator, ':' or '#'.
_FLOW_PLAIN = re.compile(r"[^-?:,\[\]{}#&*!|>'\"%@`\s][^,\[\]{}:#]*")
# Flow collections of plain scalars only, `[a, b, c]` and `{k: v, k: v}`: by far the most common.
_SIMPLE_LIST = re.compile(r"\[([^\[\]{}:#'\"]*)\]( *(?:#.*)?)\Z")
_SIMPLE_MAP = re.compile(r"\{([^\[\]{}#'\"]*)\}( *(?:#.*)?)\Z")
# First characters of plain scalars that may be typed (numbers, null, booleans) or be indicators.
_CARE = frozenset("0123456789+-.~nNtTfF") | _INDICATORS


def load(text: str):
    """The value of a YAML document with a mapping at the top; raises `Slow` when it is not that simple.

    Keys and text values are interned: the same names, dates and keys recur in
    every record, and one shared string instead of a copy per record cuts the
    memory a large project's values take to a third (marshal keeps them shared
    on the way from a worker, too).
    """
    if len(text) > MAX_CHARS or _UNUSUAL.search(text) or text.startswith(("---", "...")) \
            or "\n---" in text or "\n..." in text:
        raise Slow
    lines = text.split("\n")
    ends_with_newline = lines[-1] == ""
    if ends_with_newline:
        lines.pop()
    parser = _Parser(lines, ends_with_newline)
    i = parser.skip(0)
    if i == len(lines) or lines[i][0] == " ":
        raise Slow
    data, i = parser.mapping(i, 0, None, 0)
    if parser.skip(i) != len(lines):
        raise Slow
    return data


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_entry(content: str) -> bool:
    """A block sequence entry: '-' alone or followed by a space."""
    return content[0] == "-" and (len(content) == 1 or content[1] == " ")


def _tail_ok(rest: str) -> bool:
    """What may follow a complete value on its line: spaces, then a comment after at least one space."""
    if not rest:
        return True
    stripped = rest.lstrip(" ")
    return not stripped or (stripped[0] == "#" and len(stripped) < len(rest))


class _Parser:
    __slots__ = ("lines", "n", "ends_with_newline")

    def __init__(self, lines: list[str], ends_with_newline: bool):
        self.lines = lines
        self.n = len(lines)
        self.ends_with_newline = ends_with_newline

    def skip(self, i: int) -> int:
        """The first line from `i` that is neither blank nor a comment."""
        lines, n = self.lines, self.n
        while i < n:
            stripped = lines[i].lstrip(" ")
            if stripped and stripped[0] != "#":
                return i
            i += 1
        return i

    # --- block collections ------------------------------------------------------------------------
    def mapping(self, i: int, indent: int, first: str | None, depth: int):
        """A block mapping whose keys start at column `indent`; `first` is the rest of a `- key: …` line."""
        if depth > MAX_DEPTH:
            raise Slow
        lines, n = self.lines, self.n
        match_key = _KEY.match
        result: dict = {}
        while True:
            if first is not None:
                content, first = first, None
            else:
                if i >= n:
                    break
                line = lines[i]
                content = line.lstrip(" ")
                if not content or content[0] == "#":
                    i += 1
                    continue
                column = len(line) - len(content)
                if column != indent:
                    if column < indent:
                        break
                    raise Slow  # a continuation line
                if content[0] == "-" and (len(content) == 1 or content[1] == " "):
                    raise Slow  # an entry where a key belongs
            m = match_key(content)
            if m is None:
                raise Slow
            key = _intern(m.group(1))
            if key in result or len(key) > MAX_KEY:
                raise Slow  # the full path reports the duplicate, or the key too long for libyaml
            rest = content[m.end():]
            if not rest or rest[0] == "#":
                result[key], i = self.nested(i + 1, indent, depth)
                continue
            i += 1
            if rest[0] not in _CARE and rest[-1] not in " :" and ": " not in rest and " #" not in rest:
                result[key] = _intern(rest)  # plain text, the most common value
            elif rest[0] == "|":
                result[key], i = self.literal(i, indent, rest)
            else:
                result[key] = self.inline(rest, depth)
        return result, i

    def nested(self, i: int, indent: int, depth: int):
        """The value under `key:` with nothing after it: a more indented block, an entry list, or null."""
        j = self.skip(i)
        if j < self.n:
            line = self.lines[j]
            content = line.lstrip(" ")
            column = len(line) - len(content)
            if column > indent:
                if _is_entry(content):
                    return self.sequence(j, column, depth + 1)
                return self.mapping(j, column, None, depth + 1)
            if column == indent and _is_entry(content):
                return self.sequence(j, column, depth + 1)  # entries at the key's own column
        return None, i

    def sequence(self, i: int, indent: int, depth: int):
        if depth > MAX_DEPTH:
            raise Slow
        lines = self.lines
        result: list = []
        while True:
            i = self.skip(i)
            if i >= self.n:
                break
            line = lines[i]
            content = line.lstrip(" ")
            column = len(line) - len(content)
            if column < indent:
                break
            if column > indent:
                raise Slow
            if not _is_entry(content):
                break  # the mapping around an entry list at its key's column goes on
            after = content[1:]
            value = after.lstrip(" ")
            if not value or value[0] == "#":
                j = self.skip(i + 1)
                if j < self.n and _indent(lines[j]) > indent:
                    item, i = self.nested(i + 1, indent, depth)
                else:
                    item, i = None, i + 1
            elif value[0] == "-":
                raise Slow  # `- - x`, or a plain scalar starting with '-'
            elif value[0] == "|":
                item, i = self.literal(i + 1, indent, value)
            elif value[0] not in "[{\"'" and _KEY.match(value):
                item, i = self.mapping(i, indent + 1 + len(after) - len(value), value, depth + 1)
            else:
                item = self.inline(value, depth)
                i += 1
            result.append(item)
        return result, i

    def literal(self, i: int, parent: int, header: str):
        """A literal block scalar `|` or `|-` (clip or strip): its lines, less their common indent."""
        header = header.rstrip(" ")
        if header not in ("|", "|-"):
            raise Slow
        lines, n = self.lines, self.n
        if i >= n or not lines[i].strip(" "):
            raise Slow  # leading blank lines, or an empty scalar
        indent = _indent(lines[i])
        if indent <= parent:
            raise Slow
        parts = []
        k = i
        while k < n:
            line = lines[k]
            stripped = line.lstrip(" ")
            if not stripped:
                if len(line) > indent:
                    raise Slow  # spaces beyond the indent on a blank line
                parts.append("")
            elif len(line) - len(stripped) < indent:
                break
            else:
                parts.append(line[indent:])
            k += 1
        if k == n and not self.ends_with_newline:
            raise Slow  # the last line has no line break: the full path knows what that means
        while parts and not parts[-1]:
            parts.pop()
        text = "\n".join(parts)
        return _intern(text + "\n" if header == "|" else text), k

    # --- values on one line -----------------------------------------------------------------------
    def inline(self, rest: str, depth: int):
        """A value that starts after `key: ` or `- ` and ends on the same line."""
        c = rest[0]
        if c == "[":
            m = _SIMPLE_LIST.match(rest)
            if m is not None and (not m.group(2) or m.group(2)[0] == " "):
                inner = m.group(1)
                if not inner:
                    return []
                out = []
                for part in inner.split(","):
                    item = part.strip(" ")
                    if not item or item[0] in _CARE:
                        if not item or item[0] in _INDICATORS:
                            raise Slow
                        out.append(_scalar(item))
                    else:
                        out.append(_intern(item))
                return out
            return _flow_line(rest, depth)
        elif c == "{":
            m = _SIMPLE_MAP.match(rest)
            if m is not None and (not m.group(2) or m.group(2)[0] == " "):
                inner = m.group(1)
                result: dict = {}
                if not inner:
                    return result
                for part in inner.split(","):
                    key, colon, value = part.partition(": ")
                    key = key.strip(" ")
                    value = value.strip(" ")
                    if not key or key[0] in _INDICATORS or ":" in key or key in result \
                            or not value or ":" in value or len(key) > MAX_KEY:
                        raise Slow
                    if value[0] in _CARE:
                        if value[0] in _INDICATORS:
                            raise Slow
                        result[_intern(key)] = _scalar(value)
                    else:
                        result[_intern(key)] = _intern(value)
                return result
            return _flow_line(rest, depth)
        elif c == '"':
            end = rest.find('"', 1)
            if end < 0:
                raise Slow
            value = _intern(rest[1:end])
            if "\\" in value:
                raise Slow
            end += 1
        elif c == "'":
            value, end = _single(rest, 0)
            value = _intern(value)
        elif c in _INDICATORS and not (c == "-" and len(rest) > 1 and rest[1] != " "):
            raise Slow
        else:
            cut = rest.find(" #")
            text = (rest if cut < 0 else rest[:cut]).rstrip(" ")
            if ": " in text or text.endswith(":"):
                raise Slow
            return _scalar(text)
        if not _tail_ok(rest[end:]):
            raise Slow
        return value


def _flow_line(rest: str, depth: int):
    """A flow collection that must end on its line (spaces and a comment may follow)."""
    value, end = _flow(rest, 0, depth)
    if end < len(rest) and not (rest[end] == "#" and rest[end - 1] == " "):
        raise Slow
    return value


def _single(s: str, p: int):
    """A single-quoted scalar starting at s[p]: ('' is a quote)."""
    out = []
    q = p + 1
    while True:
        end = s.find("'", q)
        if end < 0:
            raise Slow
        out.append(s[q:end])
        if s.startswith("'", end + 1):
            out.append("'")
            q = end + 2
        else:
            return "".join(out), end + 1


def _skip_spaces(s: str, p: int) -> int:
    n = len(s)
    while p < n and s[p] == " ":
        p += 1
    return p


def _flow(s: str, p: int, depth: int):
    """A flow collection or scalar starting at s[p]; returns (value, position after it and its spaces)."""
    if depth > MAX_DEPTH:
        raise Slow
    try:
        c = s[p]
        if c == "[":
            out = []
            p = _skip_spaces(s, p + 1)
            if s[p] == "]":
                return out, _skip_spaces(s, p + 1)
            while True:
                value, p = _flow(s, p, depth + 1)
                out.append(value)
                c = s[p]
                if c == ",":
                    p = _skip_spaces(s, p + 1)
                    if s[p] == "]":
                        raise Slow
                elif c == "]":
                    return out, _skip_spaces(s, p + 1)
                else:
                    raise Slow
        if c == "{":
            result: dict = {}
            p = _skip_spaces(s, p + 1)
            if s[p] == "}":
                return result, _skip_spaces(s, p + 1)
            while True:
                m = _FLOW_KEY.match(s, p)
                if m is None:
                    raise Slow
                key = _intern(m.group(1))
                if key in result or len(key) > MAX_KEY:
                    raise Slow
                p = m.end()
                if s[p] in ",}":
                    raise Slow  # an empty value
                result[key], p = _flow(s, p, depth + 1)
                c = s[p]
                if c == ",":
                    p = _skip_spaces(s, p + 1)
                    if s[p] == "}":
                        raise Slow
                elif c == "}":
                    return result, _skip_spaces(s, p + 1)
                else:
                    raise Slow
        if c == '"':
            end = s.find('"', p + 1)
            if end < 0:
                raise Slow
            value = s[p + 1:end]
            if "\\" in value:
                raise Slow
            return _intern(value), _skip_spaces(s, end + 1)
        if c == "'":
            value, end = _single(s, p)
            return _intern(value), _skip_spaces(s, end)
        m = _FLOW_PLAIN.match(s, p)
        if m is None:
            raise Slow
        return _scalar(m.group().rstrip(" ")), m.end()
    except IndexError:
        raise Slow from None
