"""The quick answer to "has anything changed since site/ was built?", without reading content.

A build's stamp hashes what it reads, cheaply: the check's key (zhibu, schemas,
profile, settings, `today`, the size and time of every content file) and the
layouts. It is kept in the cache folder, not in site/ (whose bytes depend on
the content only), together with a digest of site/'s manifest: should site/
be replaced or removed by anything else, the stamps no longer apply.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .staging import MANIFEST

FILE = "build-stamps.json"


def _manifest_digest(site: Path) -> str | None:
    try:
        return hashlib.blake2b((site / MANIFEST).read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return None


class BuildStamps:
    def __init__(self, cache_dir: Path, site: Path):
        self.path, self.site = cache_dir / FILE, site
        try:
            stored = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            stored = {}
        digest = _manifest_digest(site)
        valid = isinstance(stored, dict) and digest is not None and stored.get("manifest") == digest
        self.stamps: dict[str, str] = dict(stored.get("stamps") or {}) if valid else {}

    def current(self, parts, stamp: str) -> bool:
        """Whether each of ``parts`` in site/ was built from inputs with this stamp (and is still there)."""
        return all(self.stamps.get(p) == stamp and (self.site / p).is_dir() for p in parts)

    def record(self, parts, stamp: str) -> None:
        """After a build: ``parts`` in site/ are what inputs with this stamp build; the others are as they were."""
        digest = _manifest_digest(self.site)
        if digest is None:
            return
        stamps = dict(self.stamps, **{p: stamp for p in parts})
        try:
            self.path.parent.mkdir(exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps({"manifest": digest, "stamps": stamps}, sort_keys=True), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:
            pass
