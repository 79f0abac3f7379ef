"""Fingerprints of what a build reads: zhibu itself, the layouts, the content.

Two builds with the same fingerprint write the same bytes (the build is
deterministic), so a part whose fingerprint is unchanged is taken over from
the previous site/ without rendering anything.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from .. import __version__
from ..resources import packaged_dir


def _hash_tree(h, root: Path | None, suffixes: tuple[str, ...] | None = None) -> None:
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
    _hash_tree(h, Path(__file__).resolve().parent.parent, (".py", ".yaml"))
    _hash_tree(h, packaged_dir("layouts"))
    _hash_tree(h, packaged_dir("schemas"))
    return h.hexdigest()


def layouts_fingerprint(project_layouts: Path | None) -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(code_fingerprint().encode())
    _hash_tree(h, project_layouts)
    return h.hexdigest()


def build_stamp(check_key: str, project_layouts: Path | None) -> str:
    """Everything a build reads, cheaply: the check's key (content stats, settings, profile, today) and the layouts."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{check_key}\0{layouts_fingerprint(project_layouts)}".encode())
    return h.hexdigest()


def inputs_fingerprint(salt: str, config: dict, today, documents, findings, photo_digests: dict[str, str | None]) -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{salt}\n{sorted(config.items())!r}\n{today.isoformat()}\n".encode())
    for doc in sorted(documents, key=lambda d: d.rel):
        h.update(f"{doc.rel}\0{doc.digest}\n".encode())
    for f in findings:
        h.update(repr(f).encode())
    for src in sorted(photo_digests):
        h.update(f"{src}\0{photo_digests[src]}\n".encode())
    return h.hexdigest()
