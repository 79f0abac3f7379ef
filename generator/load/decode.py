"""Bytes → text. UTF-8 (a BOM is tolerated); UTF-16, GBK and binary files become `encoding` findings."""
from __future__ import annotations

from dataclasses import dataclass

WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff")  # UTF-16 (and UTF-32 little-endian, which starts the same)
UTF16_HINT = "请以 UTF-8 重新保存（记事本：另存为 → 编码选“UTF-8”；VS Code：点击右下角的编码 → 通过编码保存 → UTF-8）"
GBK_HINT = "文件看起来是 GBK/GB18030 编码，请在编辑器中以 UTF-8 重新保存（VS Code：点击右下角的编码 → 通过编码保存 → UTF-8）"


@dataclass(frozen=True, slots=True)
class DecodeProblem:
    line: int
    column: int
    message: str
    hint: str | None


def decode(raw: bytes) -> tuple[str | None, DecodeProblem | None]:
    """Return (text, None) or (None, problem)."""
    if raw.startswith(WIDE_BOMS) or raw.find(b"\x00", 0, 8192) >= 0:
        return None, _wide_or_binary(raw)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, _problem_at(raw, exc.start)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, None


def _wide_or_binary(raw: bytes) -> DecodeProblem:
    wide = _utf16(raw)
    if wide:
        notepad = "（记事本中的“Unicode”）" if wide == "UTF-16" else ""
        return DecodeProblem(1, 1, f"文件是 {wide} 编码{notepad}，不是 UTF-8", UTF16_HINT)
    return DecodeProblem(1, 1, "这是二进制文件，不是文本文件", "内容文件必须是 UTF-8 文本；图片等请放在 content/media/ 下并按路径引用")


def _utf16(raw: bytes) -> str | None:
    """"UTF-16" or "UTF-32" when the bytes are text in that encoding: with a byte order mark, or UTF-16 without one."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if raw.startswith(WIDE_BOMS):
        return "UTF-16"
    head = raw[:8192 & ~1] if len(raw) > 8192 else raw[:len(raw) & ~1]
    if any(_is_text(head, codec, cut=len(raw) > len(head)) for codec in ("utf-16-le", "utf-16-be")):
        return "UTF-16"
    return None


def _is_text(raw: bytes, codec: str, cut: bool) -> bool:
    """Whether `raw` reads as text in `codec` (a content file has a line break or a colon, and no control character)."""
    text = raw.decode(codec, errors="replace")
    if cut and text.endswith("\ufffd"):
        text = text[:-1]  # a surrogate pair cut at the end of the head
    if not text or "\ufffd" in text or not ("\n" in text or ":" in text):
        return False
    return not any(ord(ch) < 32 and ch not in "\t\n\r" for ch in text)


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
