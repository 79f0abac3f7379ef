"""Where the packaged defaults (layouts/, schemas/, rule profiles) live, and a fingerprint of zhibu itself.

In a source checkout they are the repository's top-level folders; inside an
installed wheel they are copied into the package. The fingerprint (code and
packaged defaults) keys every cache, so a changed zhibu never reuses old results.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from . import __version__

_HERE = Path(__file__).resolve().parent


def packaged_dir(name: str) -> Path:
    for candidate in (_HERE / name, _HERE.parent / name):
        if candidate.is_dir():
            return candidate
    return _HERE / name


def hash_tree(h, root: Path | None, suffixes: tuple[str, ...] | None = None) -> None:
    """Feed every file below ``root`` (its path and a hash of its bytes, in name order) into ``h``."""
    if root is None or not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and (suffixes is None or path.suffix in suffixes):
            h.update(path.relative_to(root).as_posix().encode() + b"\0")
            h.update(hashlib.blake2b(path.read_bytes(), digest_size=16).digest())


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """zhibu's version, its Python sources and its packaged layouts and schemas."""
    h = hashlib.blake2b(digest_size=16)
    h.update(__version__.encode())
    hash_tree(h, _HERE, (".py", ".yaml"))
    hash_tree(h, packaged_dir("layouts"))
    hash_tree(h, packaged_dir("schemas"))
    return h.hexdigest()
