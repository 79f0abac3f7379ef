"""Fixed vocabularies that rules match on, in Traditional or Simplified script (Clarification 10).

Seed 001 is written in Traditional script and its users write that way, so
every comparison with a fixed term goes through `simplify` first:

    same("書面", "书面")                 → True
    contains("重溫入黨誓詞 爭做優秀黨員", "重温入党誓词") → True
    missing_six_items(["誦讀黨章", ...])  → the items of 六事联动 not listed
"""
from __future__ import annotations

from functools import lru_cache

# 六事联动 (seed 002 §二): the six things every "主题党日+" does, in the seed's order.
SIX_ITEMS: tuple[str, ...] = (
    "诵读党章",
    "缴纳党费",
    "学习党规党情和党的创新理论",
    "开展组织生活",
    "实行民主议事",
    "落实公开制度",
)

# Other ways the same item is written in the seeds and in practice (Simplified).
_SIX_ALIASES: dict[str, tuple[str, ...]] = {
    "缴纳党费": ("交纳党费", "交党费", "缴党费"),
    "学习党规党情和党的创新理论": ("学习党规党情", "学习党的创新理论"),
    "诵读党章": ("学习党章", "领诵党章", "齐诵党章"),
}

# The record types of content-format.md (Simplified); `type` and `covers` take these.
RECORD_TYPES = frozenset({"主题党日", "支部党员大会", "支委会", "党小组会", "党课", "组织生活会", "民主评议党员",
                          "谈心谈话", "其他"})

_converter = None


def simplify(text):
    """The Simplified-script form of `text` (OpenCC t2s), without surrounding spaces.

    Anything that is not a string is returned unchanged.
    """
    return _t2s(text) if isinstance(text, str) else text


@lru_cache(maxsize=4096)
def _t2s(text: str) -> str:
    global _converter
    if _converter is None:
        import opencc
        _converter = opencc.OpenCC("t2s")
    return _converter.convert(text.strip())


def same(value, term: str) -> bool:
    """True when `value` is the fixed term `term`, in either script."""
    return isinstance(value, str) and simplify(value) == simplify(term)


def contains(text, term: str) -> bool:
    """True when `text` contains the fixed term `term`, in either script."""
    return isinstance(text, str) and simplify(term) in simplify(text)


def six_item_of(text) -> str | None:
    """Which of the six items a listed activity is, or None."""
    if not isinstance(text, str):
        return None
    plain = simplify(text)
    for item in SIX_ITEMS:
        if item in plain or any(alias in plain for alias in _SIX_ALIASES.get(item, ())):
            return item
    return None


def missing_six_items(items) -> list[str]:
    """The items of 六事联动 that the list `items` (step ⑦) does not mention, in the seed's order."""
    found = {six_item_of(x) for x in (items or ()) if isinstance(x, str)}
    return [item for item in SIX_ITEMS if item not in found]
