"""File names from titles: what `zhibu new` calls the file it writes.

A slug may be Chinese (content-format.md); it only has to be a safe file name on
Windows, macOS and Linux, and short enough to read in a file list.
"""
from __future__ import annotations

import re

from .placeholders import PLACEHOLDER  # noqa: F401  (its former home; the placeholders live in placeholders.py)

MAX_SLUG = 40
# Characters Windows forbids in file names, the path separators, quotes of both scripts,
# and control characters.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f“”‘’「」『』]')
_SPACES = re.compile(r"[\s\u3000]+")


def slugify(text: str, fallback: str = "新建") -> str:
    """`重温入党誓词 争做优秀党员` → `重温入党誓词-争做优秀党员`; never empty, never a path."""
    slug = _UNSAFE.sub("", text or "")
    slug = _SPACES.sub("-", slug.strip())
    slug = re.sub(r"-{2,}", "-", slug).strip("-. ")
    slug = slug[:MAX_SLUG].rstrip("-. ")
    return slug or fallback
