"""Positions for findings made after loading: re-parse a file on demand and cache its index.

Workers do not send position indexes back (they would cost memory for every
field of every file); the few files that get a finding later are parsed again.
"""
from __future__ import annotations

from pathlib import Path

from . import yamldoc
from .discover import Source
from .document import parse_text, read_text


class Locator:
    def __init__(self, root: Path):
        self.root = root
        self._index: dict[str, tuple[dict, tuple[int, int]]] = {}

    def _load(self, rel: str):
        if rel not in self._index:
            source = Source(rel, "")
            text, problem, _, _ = read_text(self.root, source)
            index, first = {}, (1, 1)
            if text is not None:
                parsed, _, _, first, _ = parse_text(source, text)
                if parsed is not None and parsed.positions:
                    index = parsed.positions
            self._index[rel] = (index, first)
        return self._index[rel]

    def pos(self, rel: str, path: tuple = ()) -> tuple[int, int]:
        index, first = self._load(rel)
        return yamldoc.locate(index, path, first)

    def body_pos(self, rel: str) -> tuple[int, int]:
        index, first = self._load(rel)
        return first
