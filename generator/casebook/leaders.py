"""One text box per contents leader instead of one per dot.

WeasyPrint (up to at least 70) fills a ``leader()`` with one copy of its text
box per repetition: a dotted leader across a line of the contents is some 76
boxes, and each is drawn with a Pango layout of its own (2,295 of the 5,461
text boxes drawn in a 30-case book). ``merged_leaders()`` lets WeasyPrint
place the copies, then puts a run of adjacent copies into a single box that
holds the repeated text. Each glyph keeps its advance, so the dots land where
they were and the text copied out of the PDF is the same.

The patch is applied inside ``merged_leaders()`` only, under a lock, and is
skipped when WeasyPrint's internals do not look as expected (the leaders are
then drawn dot by dot, as before).
"""

from __future__ import annotations

import copy
import threading
from contextlib import contextmanager
from typing import Iterator

_LOCK = threading.RLock()
# Copies closer than this (in CSS px) count as adjacent.
_EPSILON = 1e-6


@contextmanager
def merged_leaders() -> Iterator[bool]:
    """Patch WeasyPrint for the ``with`` block; yield whether it could."""
    with _LOCK:
        try:
            from weasyprint.formatting_structure import boxes
            from weasyprint.layout import inline, leader
        except ImportError:  # pragma: no cover
            yield False
            return
        original = getattr(inline, "handle_leader", None)
        if not _looks_patchable(inline, leader, original):
            yield False
            return

        def handle_leader(context, line, containing_block):
            original(context, line, containing_block)
            _, leader_box = leader.leader_index(line)
            if leader_box is not None:
                merge_copies(leader_box, boxes.TextBox)

        inline.handle_leader = handle_leader
        try:
            yield True
        finally:
            inline.handle_leader = original


def merge_copies(leader_box, text_box_class) -> None:
    """Replace the leader's adjacent copies of one text box by a single box."""
    children = leader_box.children
    if len(children) < 2:
        return
    first = children[0]
    layout = getattr(first, "pango_layout", None)
    if layout is None or getattr(layout, "text", None) != first.text:
        return
    for child in children:
        if not (
            type(child) is text_box_class
            and child.text == first.text
            and child.style is first.style
            and child.pango_layout is layout
        ):
            return
    ordered = sorted(children, key=lambda child: child.position_x)
    for left, right in zip(ordered, ordered[1:]):
        if abs(left.position_x + left.width - right.position_x) > _EPSILON:
            return
    merged = ordered[0].copy()
    merged.text = first.text * len(ordered)
    merged.width = ordered[-1].position_x + ordered[-1].width - ordered[0].position_x
    # The layout is inactive: it is rebuilt from its text when the page is drawn.
    merged.pango_layout = copy.copy(layout)
    merged.pango_layout.text = merged.text
    leader_box.children = (merged,)


def _looks_patchable(inline, leader, original) -> bool:
    """Whether WeasyPrint's internals are the ones this patch was written for."""
    try:
        return (
            original is not None
            and "handle_leader" in inline.iter_line_boxes.__code__.co_names
            and callable(leader.leader_index)
            and "copy" in original.__code__.co_names
        )
    except AttributeError:
        return False
