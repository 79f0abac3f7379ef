"""Fingerprints of what a build reads: zhibu itself, the layouts, the content.

Two builds with the same fingerprint write the same bytes (the build is
deterministic), so a part whose fingerprint is unchanged is taken over from
the previous site/ without rendering anything.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from ..resources import code_fingerprint, hash_tree


def layouts_fingerprint(project_layouts: Path | None) -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(code_fingerprint().encode())
    hash_tree(h, project_layouts)
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
