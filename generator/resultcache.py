"""The whole check's findings, reused when nothing it depends on has changed.

The key covers zhibu's version, the schemas, the rule profile, the site
configuration, `today`, and the size and modification time of every file
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

from . import __version__

FILE = "findings.pickle"


def content_key(root: Path, *parts: str) -> str:
    h = hashlib.sha256()
    for part in (__version__, *parts):
        h.update(part.encode())
        h.update(b"\0")
    content = root / "content"
    for dirpath, dirnames, filenames in os.walk(content):
        dirnames.sort()
        for name in sorted(filenames):
            try:
                st = os.stat(os.path.join(dirpath, name))
            except OSError:
                continue
            h.update(f"{dirpath}/{name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
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
