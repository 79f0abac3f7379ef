"""Bytes → text. UTF-8 (a BOM is tolerated); GBK and binary files become `encoding` findings."""
from __future__ import annotations

from dataclasses import dataclass

GBK_HINT = "文件看起来是 GBK/GB18030 编码，请在编辑器中以 UTF-8 重新保存（VS Code：点击右下角的编码 → 通过编码保存 → UTF-8）"


@dataclass(frozen=True, slots=True)
class DecodeProblem:
    line: int
    column: int
    message: str
    hint: str | None


def decode(raw: bytes) -> tuple[str | None, DecodeProblem | None]:
    """Return (text, None) or (None, problem)."""
    if raw.find(b"\x00", 0, 8192) >= 0:
        return None, DecodeProblem(1, 1, "这是二进制文件，不是文本文件", "内容文件必须是 UTF-8 文本；图片等请放在 content/media/ 下并按路径引用")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, _problem_at(raw, exc.start)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, None


def _problem_at(raw: bytes, offset: int) -> DecodeProblem:
    line = raw.count(b"\n", 0, offset) + 1
    line_start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    try:
        alt = raw.decode("gb18030")
    except UnicodeDecodeError:
        return DecodeProblem(line, column, "文件不是 UTF-8 编码", "请在编辑器中以 UTF-8 重新保存")
    cjk = sum(1 for ch in alt if "\u4e00" <= ch <= "\u9fff")
    if cjk:
        return DecodeProblem(line, column, "文件不是 UTF-8 编码（疑似 GBK/GB18030）", GBK_HINT)
    return DecodeProblem(line, column, "文件不是 UTF-8 编码", "请在编辑器中以 UTF-8 重新保存")
