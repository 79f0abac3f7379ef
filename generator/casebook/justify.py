"""Inter-character justification of Chinese text in WeasyPrint.

WeasyPrint (up to at least 70) justifies by stretching spaces only, so
Chinese lines, which have none, come out ragged. CSS Text 3 justifies CJK
text between characters (``text-justify: inter-character``); this module
does that for the duration of one render:

* ``count_expandable_spaces`` counts, for text boxes whose ``lang`` is Chinese
  or Japanese, one opportunity between each pair of adjacent characters;
* ``Layout.set_text`` turns the justification spacing of such a box into a
  Pango letter-spacing attribute over the whole box (Pango drops the spacing
  at both ends of the box, so it adds exactly ``(characters − 1) × spacing``);
* the PDF drawing code writes glyph offsets truncated to whole thousandths
  of an em, which leaves a justified line up to ~0.4 pt short; glyph offsets
  are written exactly instead.

The text itself is untouched (only glyph positions change), so copying text
out of the PDF gives the original characters. The patches are applied inside
``cjk_justification()`` only, under a lock, and each one is skipped when
WeasyPrint's internals do not look as expected (the text is then ragged).
"""

from __future__ import annotations

import threading
import unicodedata
from contextlib import contextmanager
from typing import Iterator

_LOCK = threading.RLock()
_CJK_LANGS = ("zh", "ja")
# Above this spacing (in em) a line is left ragged rather than torn apart.
MAX_SPACING_EM = 0.5


def _is_cjk_style(style) -> bool:
    lang = style["lang"] or ""
    if not lang.lower().startswith(_CJK_LANGS):
        return False
    letter = style["letter_spacing"]
    return style["word_spacing"] == 0 and (letter == "normal" or letter == 0)


def _gaps(text: str) -> int:
    """Gaps between grapheme-like units (combining marks join their base)."""
    units = sum(
        1
        for ch in text
        if unicodedata.category(ch) not in ("Mn", "Me", "Cf")
        and not 0xFE00 <= ord(ch) <= 0xFE0F
        and ch not in "\n\r"
    )
    return max(units - 1, 0)


class _ExactInt(int):
    """An int that formats as the exact value it was made from.

    WeasyPrint writes glyph offsets as ``f'{int(kerning)}'``; with this class
    in place of ``int`` in its drawing module the offset keeps three decimals.
    Used as an int (Pango widths) it is an ordinary int.
    """

    def __new__(cls, value=0, *args):
        if args or isinstance(value, (str, bytes)):
            return int(value, *args)
        obj = super().__new__(cls, int(value))
        obj._exact = value
        return obj

    def __format__(self, spec: str) -> str:
        if spec:
            return format(int(self), spec)
        exact = round(float(self._exact), 3)
        return str(int(exact)) if exact.is_integer() else f"{exact:.3f}".rstrip("0")


@contextmanager
def cjk_justification() -> Iterator[bool]:
    """Patch WeasyPrint for the ``with`` block; yield whether it could."""
    with _LOCK:
        try:
            from weasyprint.draw import text as draw_text
            from weasyprint.formatting_structure import boxes
            from weasyprint.layout import inline
            from weasyprint.text import line_break
        except ImportError:  # pragma: no cover
            yield False
            return
        if not _looks_patchable(inline, line_break, draw_text):
            yield False
            return
        saved = (
            inline.count_expandable_spaces,
            inline.justify_line,
            line_break.Layout.set_text,
            draw_text.__dict__.get("int"),
        )
        original_count, original_justify, original_set_text, _ = saved

        def count_expandable_spaces(box):
            if isinstance(box, boxes.TextBox) and _is_cjk_style(box.style):
                return _gaps(box.text)
            if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
                return sum(count_expandable_spaces(child) for child in box.children)
            return original_count(box)

        def justify_line(context, line, extra_width):
            count = count_expandable_spaces(line)
            if count and extra_width / count <= MAX_SPACING_EM * line.style["font_size"]:
                inline.add_word_spacing(context, line, extra_width / count, 0)

        def set_text(self, text, justify=False):
            if not (justify and self.justification_spacing and _is_cjk_style(self.style)):
                return original_set_text(self, text, justify)
            original_set_text(self, text, False)
            encoded = self.text.encode()
            pango, ffi = line_break.pango, line_break.ffi
            attr_list = pango.pango_layout_get_attributes(self.layout)
            if attr_list == ffi.NULL:
                attr_list = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
            attr = pango.pango_attr_letter_spacing_new(
                round(self.justification_spacing * line_break.TO_UNITS))
            attr.start_index, attr.end_index = 0, len(encoded)
            pango.pango_attr_list_change(attr_list, attr)
            pango.pango_layout_set_attributes(self.layout, attr_list)

        inline.count_expandable_spaces = count_expandable_spaces
        inline.justify_line = justify_line
        line_break.Layout.set_text = set_text
        draw_text.int = _ExactInt
        try:
            yield True
        finally:
            inline.count_expandable_spaces = saved[0]
            inline.justify_line = saved[1]
            line_break.Layout.set_text = saved[2]
            if saved[3] is None:
                del draw_text.int
            else:
                draw_text.int = saved[3]


def _looks_patchable(inline, line_break, draw_text) -> bool:
    """Whether WeasyPrint's internals are the ones these patches were written for."""
    try:
        return (
            "count_expandable_spaces" in inline.add_word_spacing.__code__.co_names
            and "justify_line" in inline.text_align.__code__.co_names
            and hasattr(line_break.Layout, "set_text")
            and hasattr(line_break, "TO_UNITS")
            and "int" in draw_text.draw_first_line.__code__.co_names
        )
    except AttributeError:
        return False
