"""The whole check's findings, reused when nothing it depends on has changed.

The key covers zhibu itself (its version and a hash of its code, so neither
an upgrade nor an edited checkout reuses old findings), the schemas, the rule
profile, the site configuration, `today`, and the size and modification time of every file
under content/ (media included: `ref/media` depends on them). A stat walk of
10,000 files takes a fraction of a second, so an unchanged project is checked
without reading a single content file.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
from pathlib import Path

from .resources import code_fingerprint

FILE = "findings.pickle"


def content_key(root: Path, *parts: str) -> str:
    h = hashlib.sha256()
    for part in (code_fingerprint(), *parts):
        h.update(part.encode())
        h.update(b"\0")
    # Folder by folder, in name order (scandir: the entry knows its path and type; one hash update a folder).
    stack = [str(root / "content")]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            continue
        lines, subdirs = [], []
        for entry in entries:
            try:
                if entry.is_dir():
                    if not entry.is_symlink():  # as os.walk: a link to a folder is not followed
                        subdirs.append(entry.path)
                    continue
                st = entry.stat()
            except OSError:
                continue
            lines.append(f"{entry.path}\0{st.st_size}\0{st.st_mtime_ns}\n")
        h.update("".join(lines).encode())
        stack.extend(reversed(subdirs))
    return h.hexdigest()


def config_key(config: dict, today: str) -> str:
    return json.dumps(config, sort_keys=True, ensure_ascii=False, default=str) + "|" + today


def load(cache_dir: Path, key: str):
    try:
        with open(cache_dir / FILE, "rb") as fh:
            stored = pickle.load(fh)
    except Exception:  # missing or damaged: computed afresh
        return None
    return stored["value"] if stored.get("key") == key else None


def save(cache_dir: Path, key: str, value) -> None:
    try:
        cache_dir.mkdir(exist_ok=True)
        tmp = cache_dir / (FILE + ".tmp")
        with open(tmp, "wb") as fh:
            pickle.dump({"key": key, "value": value}, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache_dir / FILE)
    except OSError:
        pass
