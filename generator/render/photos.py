"""Photos: the public site gets web-sized copies, the archive the originals.

A public copy is resized with Pillow to fit ``MAX_SIDE`` pixels, turned
upright by its EXIF orientation and written without any metadata (no camera,
no GPS). Each copy is made once: its key is the hash of the original's bytes
and the settings, and an unchanged photo is hard-linked from the previous
build. Hashes are remembered by file size and mtime in the project's
``.zhibu-cache/`` so unchanged originals are not even read.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from .pages import reuse

MAX_SIDE = 1600
JPEG_QUALITY = 82
SETTINGS = f"v1:{MAX_SIDE}:{JPEG_QUALITY}"
_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}


@dataclass(slots=True)
class PhotoResult:
    keys: dict[str, str] = field(default_factory=dict)
    written: int = 0
    reused: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)  # (src, message)


class PhotoHashes:
    """src → sha1 of the original, cached by (size, mtime) in .zhibu-cache/photos.json."""

    def __init__(self, root: Path):
        self.root = root
        self.path = root / ".zhibu-cache" / "photos.json"
        try:
            self.known = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.known = {}
        self.dirty = False
        self._now: dict[str, str | None] = {}

    def digest(self, src: str) -> str | None:
        """The hash of the photo's bytes (None when it cannot be read), looked up once per build."""
        if src not in self._now:
            self._now[src] = self._digest(src)
        return self._now[src]

    def _digest(self, src: str) -> str | None:
        path = self.root / "content" / src
        try:
            st = path.stat()
        except OSError:
            return None
        stamp = [st.st_size, st.st_mtime_ns]
        entry = self.known.get(src)
        if entry and entry[:2] == stamp:
            return entry[2]
        digest = hashlib.sha1(path.read_bytes()).hexdigest()
        self.known[src] = stamp + [digest]
        self.dirty = True
        return digest

    def save(self) -> None:
        if not self.dirty:
            return
        try:
            self.path.parent.mkdir(exist_ok=True)
            self.path.write_text(json.dumps(self.known, sort_keys=True), encoding="utf-8")
        except OSError:
            pass


def publish_photos(hashes: PhotoHashes, photos: dict[str, str], out: Path, *, resize: bool,
                   previous: dict[str, str], previous_dir: Path | None) -> PhotoResult:
    """``photos`` maps output URL → src (relative to content/)."""
    result = PhotoResult()
    made: set[str] = set()
    for url, src in sorted(photos.items()):
        digest = hashes.digest(src)
        if digest is None:
            result.problems.append((src, f"照片文件“{src}”无法读取"))
            continue
        key = f"{digest}:{SETTINGS if resize else 'original'}"
        result.keys[url] = key
        if previous_dir is not None and previous.get(url) == key and reuse(previous_dir / url, out / url, made):
            result.reused += 1
            continue
        target = out / url
        target.parent.mkdir(parents=True, exist_ok=True)
        problem = _web_copy(hashes.root / "content" / src, target) if resize else _original(hashes.root / "content" / src, target)
        if problem:
            result.problems.append((src, problem))
        else:
            result.written += 1
    hashes.save()
    return result


def _original(source: Path, target: Path) -> str | None:
    try:
        os.link(source, target)
    except OSError:
        try:
            target.write_bytes(source.read_bytes())
        except OSError as exc:
            return f"照片无法复制：{exc.strerror}"
    return None


def _web_copy(source: Path, target: Path) -> str | None:
    from PIL import Image, ImageOps, UnidentifiedImageError
    fmt = _FORMATS.get(source.suffix.lower())
    if fmt is None:
        return f"照片格式 {source.suffix or '（无扩展名）'} 不受支持，请用 JPEG、PNG 或 WebP"
    try:
        with Image.open(source) as image:
            image = ImageOps.exif_transpose(image)
            image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
            if fmt == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            options = {"quality": JPEG_QUALITY, "optimize": True} if fmt == "JPEG" else {}
            without_metadata(image).save(target, fmt, **options)
    except (OSError, UnidentifiedImageError, ValueError) as exc:
        target.unlink(missing_ok=True)
        return f"照片无法读取或缩放（{type(exc).__name__}）"
    return None


# What a copy keeps of its original's info: how it looks, nothing about where, when or by whom.
_KEPT_INFO = ("icc_profile", "transparency", "dpi", "gamma")


def without_metadata(image):
    """``image`` with nothing in its info that Pillow would write back out: no EXIF, XMP or JPEG comment."""
    image.info = {k: v for k, v in image.info.items() if k in _KEPT_INFO}
    return image
