"""libyaml's error texts → Chinese messages at the place of the error.

libyaml (and PyYAML's pure-Python parser, which says the same things) reports
a problem ("did not find expected key") and a context ("while parsing a block
mapping") with a mark each. Known problems get a Chinese message and hint; an
unknown one keeps its English text after a Chinese lead, so nothing is lost.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import yaml


@dataclass(slots=True)
class YamlProblem:
    rule: str  # "yaml" or "yaml/duplicate-key"
    line: int
    column: int
    message: str
    hint: str | None = None


TAB_MESSAGE = "不能用制表符（Tab）缩进，请改用空格"
TAB_HINT = "在 VS Code 中点击右下角的“制表符长度”，选择“使用空格缩进”，再选“将缩进转换为空格”"
QUOTE_HINT = "以{chars}开头的文字请用引号括起来"

# (text in "context problem", message, hint, where: at the "problem" mark or the "context" mark).
# The first entry whose text occurs in "context problem" wins, so specific texts come first.
# "{start}" in a message or hint becomes the line of the context mark (where the unclosed thing began).
_PROBLEMS = (
    ("cannot start any token", "这里有不能开始一个值的字符",
     "常见原因：用了制表符（Tab）缩进，或值以 @、` 等符号开头时没有加引号", "problem"),
    ("found unexpected document indicator", "引号未闭合：引号内出现了“---”或“...”行", "检查这一处的引号是否成对", "context"),
    ("quoted scalar found unexpected end of stream", "引号未闭合：文件在找到结束引号之前结束了",
     "检查这一处以引号开头的值，补上结束引号", "context"),
    ("found unknown escape character", "双引号中出现了无效的转义字符“\\”", "改用单引号，或把 \\ 写成 \\\\", "problem"),
    ("did not find expected hexdecimal number", "双引号中的 \\x、\\u 或 \\U 转义后应为十六进制数字",
     "改用单引号，或把 \\ 写成 \\\\", "problem"),
    ("found invalid Unicode character escape code", "双引号中的 \\u 或 \\U 转义不是有效的字符",
     "改用单引号，或把 \\ 写成 \\\\", "problem"),
    ("mapping values are not allowed", "此处不能出现“: ”（冒号加空格）",
     "值中含有冒号时，请用引号把整个值括起来；也可能是这一行的缩进多了", "problem"),
    ("could not find expected ':'", "缺少冒号：每个字段应写成“名称: 值”",
     "检查第 {start} 行是否漏写了冒号，或一段文字被拆成了多行", "problem"),
    ("expected <block end>, but found", "缩进不一致：同一层的字段应对齐", "检查这一行与上一行的缩进空格数", "problem"),
    ("did not find expected key", "缩进不一致或不是“名称: 值”：这一行应与同一层的字段对齐",
     "检查这一行的缩进空格数（这一层从第 {start} 行开始）；列表项“- ”应写在字段下方并统一缩进", "problem"),
    ("did not find expected '-' indicator", "列表项缩进不一致：这一行应以“- ”开头，并与上方的列表项对齐",
     "检查这一行的缩进空格数（列表从第 {start} 行开始）；新的字段应与列表所属的字段对齐", "problem"),
    ("did not find expected ',' or ']'", "方括号列表 [ ] 未闭合：第 {start} 行的“[”缺少对应的“]”",
     "在列表末尾补上“]”，并检查各项之间的逗号", "problem"),
    ("did not find expected ',' or '}'", "花括号映射 { } 未闭合：第 {start} 行的“{”缺少对应的“}”",
     "在映射末尾补上“}”，并检查各项之间的逗号", "problem"),
    ("while parsing a flow node", "方括号或花括号中缺少内容：列表 [ ] 或映射 { } 未写完",
     "补上内容和结束的“]”或“}”；以“[”“{”开头的文字请用引号括起来", "problem"),
    ("did not find expected node content", "这里缺少值，或值以不能开头的符号（如 ]、}、,）开始",
     QUOTE_HINT.format(chars="“]”“}”“,”等符号"), "problem"),
    ("block sequence entries are not allowed", "此处不能开始列表项“- ”",
     "列表项应另起一行，写在字段下方并缩进", "problem"),
    ("mapping keys are not allowed", "此处不能出现“? ”", QUOTE_HINT.format(chars="“?”"), "problem"),
    ("found undefined alias", "引用了未定义的锚点（*别名）", QUOTE_HINT.format(chars="“*”"), "problem"),
    ("while scanning an anchor", "“&”表示定义锚点，其后应为由英文字母、数字组成的锚点名称", QUOTE_HINT.format(chars="“&”"), "problem"),
    ("while scanning an alias", "“*”表示引用锚点，其后应为由英文字母、数字组成的锚点名称", QUOTE_HINT.format(chars="“*”"), "problem"),
    ("scanning a tag", "标签（以 ! 开头）写得不对", QUOTE_HINT.format(chars="“!”"), "problem"),
    ("found duplicate anchor", "锚点（&名称）重复定义", "每个锚点名称只能定义一次", "problem"),
    ("tag handle", "标签（以 ! 开头）写得不对", QUOTE_HINT.format(chars="“!”"), "problem"),
    ("while scanning a block scalar", "多行文字（| 或 >）的写法不对",
     "“|”之后应直接换行，从下一行起缩进书写内容", "problem"),
    ("found a tab character", TAB_MESSAGE, TAB_HINT, "problem"),
    ("but found another document", "文件中出现了第二个“---”，只允许一个 YAML 文档", None, "problem"),
    ("did not find expected <document start>", "文档结束标记“...”之后不能再有内容", "删除“...”这一行，或删除其后的内容", "problem"),
    ("directive", "以 % 开头的行是 YAML 指令，这里的写法不对", QUOTE_HINT.format(chars="“%”"), "problem"),
    ("incompatible YAML document", "不支持的 YAML 版本（%YAML 指令）", "删除以 %YAML 开头的行", "problem"),
    ("while scanning a quoted scalar", "引号未闭合或引号内有误", "检查这一处的引号是否成对", "context"),
    ("while scanning a simple key", "缺少冒号：每个字段应写成“名称: 值”", None, "problem"),
)


def syntax_problem(exc: yaml.MarkedYAMLError, line_offset: int, text: str = "") -> YamlProblem:
    """The Chinese problem for a libyaml syntax error, at the line and column it concerns."""
    problem_mark = exc.problem_mark or exc.context_mark
    context_mark = exc.context_mark or problem_mark
    if problem_mark is not None and _tab_indents(text, problem_mark.line, problem_mark.column):
        return YamlProblem("yaml", *_pos(problem_mark, line_offset), TAB_MESSAGE, TAB_HINT)
    raw = f"{exc.context or ''} {exc.problem or ''}"
    start = _pos(context_mark, line_offset)[0]
    for needle, message, hint, where in _PROBLEMS:
        if needle in raw:
            mark = context_mark if where == "context" else problem_mark
            return YamlProblem("yaml", *_pos(mark, line_offset), _fill(message, start), _fill(hint, start))
    original = (exc.problem or exc.context or "").strip()
    return YamlProblem("yaml", *_pos(problem_mark, line_offset), f"YAML 语法错误（无法识别的写法）：{original}",
                       "检查这一处的缩进、冒号和引号")


def reader_problem(exc: yaml.reader.ReaderError, line_offset: int, text: str) -> YamlProblem:
    """A character YAML does not allow in a text (control characters): where it is, which it is."""
    before = text.encode("utf-8", "surrogatepass")[:max(exc.position, 0)].decode("utf-8", "ignore")
    line = before.count("\n") + 1 + line_offset
    column = len(before) - (before.rfind("\n") + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
    return YamlProblem("yaml", line, column, f"文件中有不可见的控制字符（U+{code:04X}），YAML 不允许",
                       "删除这个字符；它常来自从其他软件复制粘贴的文字")


def _fill(text: str | None, start: int) -> str | None:
    return text.replace("{start}", str(start)) if text else text


def _pos(mark, line_offset: int) -> tuple[int, int]:
    if mark is None:
        return (1 + line_offset, 1)
    return (mark.line + 1 + line_offset, mark.column + 1)


def _tab_indents(text: str, line: int, column: int) -> bool:
    """Whether a tab is at (line, column), with only blanks and the indicators "- ", "? ", ": " before it."""
    start = 0
    for _ in range(line):
        start = text.find("\n", start) + 1
        if start == 0:
            return False
    return text[start + column:start + column + 1] == "\t" and not text[start:start + column].strip(" \t-?:")


# --- Mistakes of typing with a Chinese input method ---------------------------------------------------
#
# A full-width colon "：" after a field name, a colon without the space after it, full-width spaces "　"
# for indentation: YAML reads such a line as plain text, and libyaml reports the line after it, in its own
# terms ("缺少冒号" where the colon is there). After a syntax error, the lines up to the error are looked at
# for these mistakes, nearest first; a mistake is named only when the text with that line corrected parses
# beyond the error, so a "：" in a value or in a block of text is never blamed.

FW_COLON, FW_SPACE = "\uff1a", "\u3000"
_LINE_BREAKS = ("\r", "\x85", "\u2028", "\u2029")  # line breaks of YAML 1.1 that split lines elsewhere than "\n"
_NOT_A_KEY = frozenset("\"'[]{},#&*!|>%@`?")
MAX_LOOK_BACK = 200  # lines before the error
MAX_TRIES = 8        # corrected lines parsed again

COLON_HINT = "输入字段名和冒号时请切换到英文标点（微软拼音、搜狗输入法：按 Ctrl+. 切换中英文标点），写作“名称: 值”"
SPACE_HINT = "删除全角空格，改用英文半角空格（输入法按 Shift+空格 切换全角/半角）"


def typing_mistake(text: str, exc: yaml.MarkedYAMLError, line_offset: int,
                   fails_at: Callable[[str], tuple[int, int] | None]) -> YamlProblem | None:
    """The input-method mistake that caused a syntax error, or None.

    `fails_at(text)` parses a text and gives the (line, column), 0-based, of its syntax error, or None.
    """
    mark = exc.problem_mark or exc.context_mark
    if mark is None or any(ch in text for ch in _LINE_BREAKS):
        return None
    lines = text.split("\n")
    error_line = min(mark.line, len(lines) - 1)
    tries = 0
    for i in range(error_line, max(error_line - MAX_LOOK_BACK, -1), -1):
        found = _line_mistakes(lines[i])
        if found is None:
            continue
        mistakes, variants = found
        for fixed in variants:
            tries += 1
            # Parsing up to the line after the error is enough to see whether the error is gone.
            prefix = "\n".join(lines[:i] + [fixed] + lines[i + 1:error_line + 2])
            if error_line + 2 < len(lines):
                prefix += "\n"
            if _beyond(fails_at(prefix), mark, i == error_line, len(fixed) - len(lines[i])):
                column, message, hint = mistakes[0]
                line = i + 1 + line_offset
                return YamlProblem("yaml", line, column + 1, message.format(line=line), hint)
            if tries >= MAX_TRIES:
                return None
    return None


def _beyond(error: tuple[int, int] | None, mark, same_line: bool, shift: int) -> bool:
    """Whether a parse that ended at `error` (None: no error) got past the original error at `mark`."""
    if error is None:
        return True
    line, column = error
    if line != mark.line:
        return line > mark.line
    return column > mark.column + (shift if same_line else 0)


def _line_mistakes(line: str):
    """([(column, message, hint), …] in column order, [the line corrected, …]) or None when it has none."""
    n = len(line)
    i = 0
    while i < n and line[i] in " \u3000":
        i += 1
    if i == n or line[i] == "#":
        return None
    mistakes = []
    indent = line[:i]
    fixed = []  # pieces of the corrected line after the indentation
    if FW_SPACE in indent:
        mistakes.append((indent.index(FW_SPACE), "第 {line} 行的缩进用了全角空格“　”，YAML 只认英文半角空格",
                         SPACE_HINT + "，并与同一层的字段对齐"))
    while i < n and line[i] == "-":  # list entries: "- "
        after = line[i + 1:i + 2]
        if after in ("", " ", "\t"):
            j = i + 1
        elif after == FW_SPACE:
            mistakes.append((i + 1, "第 {line} 行列表项的“-”后面是全角空格“　”，应为英文半角空格", SPACE_HINT))
            j = i + 2
        elif after == "-" or after in _NOT_A_KEY and after not in "[{\"'":
            break  # "---", "--x", or an indicator: not a list entry gone wrong
        else:
            mistakes.append((i + 1, "第 {line} 行列表项的“-”后面要有一个空格", "列表项写作“- 内容”"))
            fixed.append("- ")
            i += 1
            break
        fixed.append("- ")
        while j < n and line[j] in " \t\u3000":
            j += 1
        i = j
    key_start = i
    j = i
    if j < n and line[j] not in _NOT_A_KEY:
        while j < n and line[j] not in ":\uff1a" and not (line[j] == "#" and line[j - 1] in " \t"):
            j += 1
    else:
        j = n
    key = line[key_start:j].strip(" ")
    rest = line[j + 1:]
    if j < n and key and line[j] == FW_COLON:
        value = rest.lstrip(" \u3000")
        if value and value[0] != "#":
            message = "第 {line} 行的冒号是中文全角冒号“：”，应改为英文半角冒号加空格“: ”"
            fixed += [line[key_start:j], ": ", value]
        else:
            message = "第 {line} 行的冒号是中文全角冒号“：”，应改为英文半角冒号“:”"
            fixed += [line[key_start:j], ":", " " if value else "", value]
        mistakes.append((j, message, COLON_HINT))
    elif j < n and key and line[j] == ":" and rest and rest[0] not in " \t":
        shown = key if len(key) <= 20 else key[:20] + "…"
        if rest[0] == FW_SPACE:
            mistakes.append((j + 1, "第 {line} 行冒号后面是全角空格“　”，应为英文半角空格", SPACE_HINT))
            fixed += [line[key_start:j], ": ", rest[1:]]
        else:
            mistakes.append((j + 1, "第 {line} 行“" + shown.replace("{", "{{").replace("}", "}}") + ":”的冒号后面要有一个空格",
                             f"写作“{shown}: 值”；冒号后面没有空格时，YAML 把整行当作一段文字，而不是“名称: 值”"))
            fixed += [line[key_start:j], ": ", rest]
    else:
        fixed.append(line[key_start:])
    if not mistakes:
        return None
    mistakes.sort(key=lambda m: m[0])
    body = "".join(fixed)
    variants = [indent.replace(FW_SPACE, " ") + body]
    if FW_SPACE in indent:  # one full-width space typed for two columns
        variants.append(indent.replace(FW_SPACE, "  ") + body)
    return mistakes, variants
