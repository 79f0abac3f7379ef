"""Inter-character justification of Chinese text in WeasyPrint.

WeasyPrint (up to at least 70) justifies by stretching spaces only, so
Chinese lines, which have none, come out ragged. CSS Text 3 justifies CJK
text between characters (``text-justify: inter-character``); this module
does that for the duration of one render:

* ``count_expandable_spaces`` counts, for text boxes whose ``lang`` is Chinese
  or Japanese, one opportunity between each pair of adjacent characters, and
  ``add_word_spacing`` gives such a box its spacing (without building a
  throwaway Pango layout per line, as the original does for spaces);
* when such a box is drawn, the spacing goes between its glyphs: as the
  PDF's own character spacing (``Tc``) when each of its characters is one
  glyph (Chinese, digits, punctuation: no ligature, no combining mark), so
  the glyphs are written as they are; otherwise ``Layout.set_text`` turns it
  into a Pango letter-spacing attribute over the whole box (Pango drops the
  spacing at both ends of the box, so it adds exactly
  ``(characters − 1) × spacing``), and WeasyPrint writes an offset for every
  glyph;
* the PDF drawing code writes those glyph offsets truncated to whole
  thousandths of an em, which leaves a justified line up to ~0.4 pt short;
  they are written exactly instead.

The text itself is untouched (only glyph positions change), so copying text
out of the PDF gives the original characters. The patches are applied inside
``cjk_justification()`` only, under a lock, and each one is skipped when
WeasyPrint's internals do not look as expected (the text is then ragged).
"""

from __future__ import annotations

import copy
import re
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


# Text made only of these never holds a combining mark or format character.
_SIMPLE = re.compile(r"[\u0020-\u007e\u00a0-\u00ac\u00ae-\u02ff\u2010-\u2027\u2030-\u205e"
                     r"\u3000-\u3029\u3030-\u3098\u309b-\u9fff\uff01-\uffef]*")


def _gaps(text: str) -> int:
    """Gaps between grapheme-like units (combining marks join their base)."""
    if _SIMPLE.fullmatch(text):
        return max(len(text) - 1, 0)
    units = sum(
        1
        for ch in text
        if unicodedata.category(ch) not in ("Mn", "Me", "Cf")
        and not 0xFE00 <= ord(ch) <= 0xFE0F
        and ch not in "\n\r"
    )
    return max(units - 1, 0)


# Text made only of these is shaped one glyph per character: no letters
# (ligatures), no combining marks or variation selectors, no line separators.
_ONE_GLYPH_EACH = re.compile(r"[\u0020-\u0040\u005b-\u0060\u007b-\u007e\u00a0-\u00ac"
                             r"\u00ae-\u00bf\u00d7\u00f7\u2010-\u2027\u2030-\u205e"
                             r"\u3000-\u3029\u3030-\u3098\u309b-\u9fff\uff01-\uffef]*")


def _pdf_number(value: float) -> bytes:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return (text if text not in ("", "-0") else "0").encode()


class _ExactInt(int):
    """An int that formats as the exact value it was made from.

    WeasyPrint writes glyph offsets as ``f'{int(kerning)}'``; with
    ``_exact_int`` in place of ``int`` in its drawing module the offset keeps
    three decimals. Used as an int (Pango widths) it is an ordinary int.
    """

    def __new__(cls, value: float, text: str):
        obj = super().__new__(cls, int(value))
        obj._text = text
        return obj

    def __format__(self, spec: str) -> str:
        return format(int(self), spec) if spec else self._text


def _exact_text(value: float) -> str:
    exact = round(value, 3)
    return str(int(exact)) if exact.is_integer() else f"{exact:.3f}".rstrip("0")


def _exact_int_maker():
    """A stand-in for ``int``: floats become ``_ExactInt``, one per value.

    It runs for every glyph of a justified line (77,000 in a 30-case book);
    the offsets repeat (all full-width glyphs of a line share one), so each
    distinct value is made and formatted once.
    """
    made: dict[float, _ExactInt] = {}

    def exact_int(value=0, *args):
        if args or type(value) is not float:
            return int(value, *args)
        found = made.get(value)
        if found is None:
            found = made[value] = _ExactInt(value, _exact_text(value))
        return found

    return exact_int


@contextmanager
def cjk_justification() -> Iterator[bool]:
    """Patch WeasyPrint for the ``with`` block; yield whether it could."""
    with _LOCK:
        try:
            from weasyprint import draw as draw_package
            from weasyprint.draw import text as draw_text
            from weasyprint.formatting_structure import boxes
            from weasyprint.layout import inline
            from weasyprint.text import line_break
        except ImportError:  # pragma: no cover
            yield False
            return
        if not _looks_patchable(inline, line_break, draw_text, draw_package):
            yield False
            return
        saved = (
            inline.count_expandable_spaces,
            inline.justify_line,
            line_break.Layout.set_text,
            draw_text.__dict__.get("int"),
            inline.add_word_spacing,
            draw_package.draw_text,
        )
        original_count, _, original_set_text, _, original_add, original_draw = saved

        def count_expandable_spaces(box):
            if isinstance(box, boxes.TextBox) and _is_cjk_style(box.style):
                return _gaps(box.text)
            if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
                return sum(count_expandable_spaces(child) for child in box.children)
            return original_count(box)

        def justify_line(context, line, extra_width):
            count = count_expandable_spaces(line)
            if count and extra_width / count <= MAX_SPACING_EM * line.style["font_size"]:
                add_word_spacing(context, line, extra_width / count, 0)

        def add_word_spacing(context, box, spacing, x_advance):
            # Line and inline boxes go through WeasyPrint's walk, which calls
            # back here (it looks the name up in its module) for each child.
            layout = getattr(box, "pango_layout", None)
            if not (
                isinstance(box, boxes.TextBox)
                and _is_cjk_style(box.style)
                and layout is not None
                and getattr(layout, "text", None) == box.text
            ):
                return original_add(context, box, spacing, x_advance)
            box.justification_spacing = spacing
            box.position_x += x_advance
            if gaps := _gaps(box.text):
                # The line's own inactive layout is rebuilt from its text when
                # the page is drawn; a copy carrying the spacing is enough.
                layout = copy.copy(layout)
                layout.justification_spacing = spacing
                box.pango_layout = layout
                x_advance += spacing * gaps
                box.width += spacing * gaps
            return x_advance

        def draw_spaced_text(stream, textbox, offset_x, text_overflow="clip",
                             block_ellipsis="none"):
            layout = getattr(textbox, "pango_layout", None)
            spacing = getattr(layout, "justification_spacing", 0)
            operators = getattr(stream, "stream", None)
            if not (
                spacing
                and text_overflow == "clip"
                and block_ellipsis == "none"
                and isinstance(operators, list)
                and _is_cjk_style(textbox.style)
                and getattr(layout, "text", None) == textbox.text
                and _ONE_GLYPH_EACH.fullmatch(textbox.text)
            ):
                return original_draw(stream, textbox, offset_x, text_overflow, block_ellipsis)
            # Character spacing is in text space units, which WeasyPrint's
            # text matrix makes the CSS pixels the spacing is measured in.
            layout.spacing_in_pdf = True
            operators.append(_pdf_number(spacing) + b" Tc")
            try:
                return original_draw(stream, textbox, offset_x, text_overflow, block_ellipsis)
            finally:
                operators.append(b"0 Tc")
                layout.spacing_in_pdf = False

        def set_text(self, text, justify=False):
            if not (justify and self.justification_spacing and _is_cjk_style(self.style)):
                return original_set_text(self, text, justify)
            original_set_text(self, text, False)
            if getattr(self, "spacing_in_pdf", False):
                return  # the PDF's character spacing puts it between the glyphs
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
        inline.add_word_spacing = add_word_spacing
        line_break.Layout.set_text = set_text
        draw_text.int = _exact_int_maker()
        draw_package.draw_text = draw_spaced_text
        try:
            yield True
        finally:
            inline.count_expandable_spaces = saved[0]
            inline.justify_line = saved[1]
            line_break.Layout.set_text = saved[2]
            inline.add_word_spacing = saved[4]
            draw_package.draw_text = saved[5]
            if saved[3] is None:
                del draw_text.int
            else:
                draw_text.int = saved[3]


def _looks_patchable(inline, line_break, draw_text, draw_package) -> bool:
    """Whether WeasyPrint's internals are the ones these patches were written for."""
    try:
        return (
            "count_expandable_spaces" in inline.add_word_spacing.__code__.co_names
            and "justify_line" in inline.text_align.__code__.co_names
            and {"text", "justification_spacing"} <= set(
                line_break.Layout.reactivate.__code__.co_names
                + line_break.Layout.__init__.__code__.co_names)
            and hasattr(line_break.Layout, "set_text")
            and hasattr(line_break, "TO_UNITS")
            and "int" in draw_text.draw_first_line.__code__.co_names
            and "draw_text" in draw_package.draw_inline_level.__code__.co_names
            and "reactivate" in draw_text.draw_text.__code__.co_names
            and draw_package.draw_text is draw_text.draw_text
        )
    except AttributeError:
        return False
