"""Split a Markdown file into its YAML front matter and its body, keeping line numbers."""
from __future__ import annotations

import re
from dataclasses import dataclass

# The closing line, found from the line break before it: a literal first character lets the
# regex engine skip ahead, where a multi-line '^' made it try every position.
_CLOSING = re.compile(r"\n(?:---|\.\.\.)[ \t]*(?=\n|\Z)")
_ONLY_LINE = re.compile(r"(?:---|\.\.\.)[ \t]*\Z")


@dataclass(frozen=True, slots=True)
class Split:
    yaml_text: str | None  # None when the front matter is missing or unclosed
    yaml_line: int         # line number (1-based) of the first YAML line
    body: str
    body_line: int         # line number of the first body line
    problem: tuple[int, str, str] | None = None  # (line, message, hint)


def split(text: str) -> Split:
    """Find the front matter between a first line `---` and the next `---` (or `...`) line.

    Works on huge bodies without splitting them into lines.
    """
    first_end = text.find("\n")
    first = text if first_end < 0 else text[:first_end]
    if first.rstrip() != "---":
        return Split(None, 1, text, 1, (1, "文件缺少开头的 front matter：第一行应为 ---", "在文件开头写一行 ---，接着写字段（如 type:、title:），再写一行 --- 结束"))
    start = first_end + 1
    if first_end >= 0:
        m = _CLOSING.search(text, first_end)
        close = m.start() + 1 if m else -1
    else:  # the opening line is all there is, and it closes itself
        m = _ONLY_LINE.match(text)
        close = 0
    if m:
        yaml_text = text[start:close]
        nl = text.find("\n", m.end())
        body_start = len(text) if nl < 0 else nl + 1
        body_line = 2 + yaml_text.count("\n") + 1
        return Split(yaml_text, 2, text[body_start:], body_line)
    return Split(None, 2, "", 1, (1, "front matter 没有结束：缺少结束的 --- 行", "在字段之后、正文之前单独写一行 ---"))
