"""Which CJK faces the casebook is set in, found through fontconfig.

The body is set in a serif face (宋体: Noto Serif CJK SC), headings and
emphasis in a sans face (黑体: Noto Sans CJK SC): two faces only, because
each embedded CJK face costs 40–180 KB even as a subset. A font file named
by ``pdf_font`` in zhibu.yaml replaces both. With no CJK font at all the
book is not made: ``FontMissing`` says in Chinese how to install one, so a
PDF of empty boxes is never written.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

SERIF_PREFERENCE = (
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "Source Han Serif CN",
    "Noto Serif SC",
    "Songti SC",
    "STSong",
    "SimSun",
    "AR PL UMing CN",
)
SANS_PREFERENCE = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Noto Sans SC",
    "PingFang SC",
    "Heiti SC",
    "Microsoft YaHei",
    "SimHei",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
)
FONT_FILE_SUFFIXES = (".otf", ".ttf", ".ttc", ".otc", ".woff", ".woff2")
FILE_FAMILY = "zhibu-cjk"  # the @font-face name given to a pdf_font file

INSTALL_HINT = (
    "请安装中文字体后重试：Debian/Ubuntu 运行 sudo apt-get install fonts-noto-cjk"
    "（其他系统请安装“思源宋体”/Noto Serif CJK SC）；"
    "或在 zhibu.yaml 中用 pdf_font 指定一个中文字体文件，例如：\n"
    "  pdf_font: fonts/NotoSerifCJKsc-Regular.otf"
)


class FontMissing(Exception):
    """No usable CJK font: the PDF is not written. ``message`` is Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class FontChoice:
    serif: str  # CSS family name for the body
    sans: str  # CSS family name for headings, captions, running heads
    file: Path | None = None  # a pdf_font file, used for both roles

    @property
    def families(self) -> tuple[str, ...]:
        return (self.serif,) if self.serif == self.sans else (self.serif, self.sans)


def find_fonts(font_file: Path | None = None) -> FontChoice:
    """Choose the faces: the ``pdf_font`` file if given, else fontconfig's."""
    if font_file is not None:
        return _font_from_file(Path(font_file))
    families = list_cjk_families()
    serif = _pick(families, SERIF_PREFERENCE, _is_serif)
    sans = _pick(families, SANS_PREFERENCE, _is_sans)
    if serif is None and sans is None:
        others = sorted(f for f in families if not _is_mono(f))
        if not others:
            raise FontMissing("找不到中文字体，无法生成汇编 PDF（否则汉字都会显示为空框）。\n" + INSTALL_HINT)
        serif = sans = others[0]
    return FontChoice(serif=serif or sans, sans=sans or serif)


def list_cjk_families() -> list[str]:
    """Family names of the installed fonts that cover Chinese (``fc-list :lang=zh``).

    Without the ``fc-list`` program (Windows), asks WeasyPrint's own
    fontconfig for the preferred names one by one.
    """
    program = shutil.which("fc-list")
    if program is None:
        return [name for name in SERIF_PREFERENCE + SANS_PREFERENCE if _fontconfig_has(name)]
    try:
        output = subprocess.run(
            [program, "--format", "%{family}\n", ":lang=zh"],
            capture_output=True, text=True, encoding="utf-8", errors="replace",
            timeout=60, check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    names: set[str] = set()
    for line in output.splitlines():
        for name in line.split(","):
            if name.strip():
                names.add(name.strip().replace("\\-", "-"))
    return sorted(names)


def _fontconfig_has(name: str) -> bool:
    """Whether fontconfig's best match for ``name`` is that very family."""
    try:
        from weasyprint.text.ffi import ffi, fontconfig
    except Exception:  # pragma: no cover - WeasyPrint is a dependency
        return False
    config = fontconfig.FcInitLoadConfigAndFonts()
    pattern = fontconfig.FcPatternCreate()
    try:
        fontconfig.FcPatternAddString(pattern, b"family", name.encode())
        fontconfig.FcConfigSubstitute(config, pattern, fontconfig.FcMatchPattern)
        fontconfig.FcDefaultSubstitute(pattern)
        result = ffi.new("FcResult *")
        match = fontconfig.FcFontMatch(config, pattern, result)
        if match == ffi.NULL:
            return False
        family = ffi.new("FcChar8 **")
        found = fontconfig.FcPatternGetString(match, b"family", 0, family) == 0
        same = found and ffi.string(family[0]).decode("utf-8", "replace").lower() == name.lower()
        fontconfig.FcPatternDestroy(match)
        return same
    finally:
        fontconfig.FcPatternDestroy(pattern)
        fontconfig.FcConfigDestroy(config)


def _is_mono(name: str) -> bool:
    return "mono" in name.lower()


def _is_serif(name: str) -> bool:
    return not _is_mono(name) and bool(re.search(r"serif|song|ming|宋|明", name, re.I))


def _is_sans(name: str) -> bool:
    return not _is_mono(name) and bool(
        re.search(r"sans|hei|gothic|黑|yahei|pingfang", name, re.I)
    ) and not re.search(r"serif", name, re.I)


def _region_rank(name: str) -> int:
    """Simplified-Chinese faces first: their glyph shapes follow the GB standard."""
    if re.search(r"\b(SC|CN|GB)\b", name):
        return 0
    if re.search(r"\b(TC|HK|TW|JP|KR|K|J)\b", name):
        return 2
    return 1


def _pick(families: list[str], preferred: tuple[str, ...], kind) -> str | None:
    lowered = {name.lower(): name for name in families}
    for name in preferred:
        if name.lower() in lowered:
            return lowered[name.lower()]
    candidates = sorted((f for f in families if kind(f)), key=lambda f: (_region_rank(f), f))
    return candidates[0] if candidates else None


def _font_from_file(path: Path) -> FontChoice:
    if not path.is_file():
        raise FontMissing(f"找不到 pdf_font 指定的字体文件：{path.as_posix()}\n" + INSTALL_HINT)
    if path.suffix.lower() not in FONT_FILE_SUFFIXES:
        raise FontMissing(
            f"pdf_font 指定的文件不是字体文件（应为 .otf、.ttf 或 .ttc）：{path.as_posix()}"
        )
    if not _covers_chinese(path):
        raise FontMissing(
            f"pdf_font 指定的字体不含汉字字形，汉字会显示为空框：{path.as_posix()}\n" + INSTALL_HINT
        )
    return FontChoice(serif=FILE_FAMILY, sans=FILE_FAMILY, file=path)


def _covers_chinese(path: Path) -> bool:
    """Whether the font maps common Chinese characters (first face of a collection)."""
    try:
        from fontTools.ttLib import TTFont
        font = TTFont(str(path), fontNumber=0, lazy=True)
        cmap = font.getBestCmap() or {}
    except Exception:
        return False
    return all(ord(ch) in cmap for ch in "中国党支部")
