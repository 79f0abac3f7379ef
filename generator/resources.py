"""Where the packaged defaults (layouts/, schemas/, rule profiles) live.

In a source checkout they are the repository's top-level folders; inside an
installed wheel they are copied into the package.
"""
from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def packaged_dir(name: str) -> Path:
    for candidate in (_HERE / name, _HERE.parent / name):
        if candidate.is_dir():
            return candidate
    return _HERE / name
