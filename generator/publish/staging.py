"""Stage 7: build beside site/, then swap it in — or leave site/ exactly as it was.

The build writes into ``.site-staging-<pid>/`` next to ``site/``. Parts not
rebuilt (``--only``) and files zhibu does not own (a README, a deploy repo's
.git) are hard-linked over from the current ``site/``, which is never written
to. ``commit()`` renames ``site/`` aside, renames the staging folder to
``site/`` and removes the old one; ``discard()`` removes the staging folder.

``site/.zhibu-build.json`` (the manifest) records, per output part, the key of
every page and the fingerprint of the inputs, so the next build can take over
unchanged pages and skip a part whose inputs did not change at all. It holds
hashes only, so two builds of the same content write the same bytes.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

MANIFEST = ".zhibu-build.json"
PARTS = ("public", "archive", "casebook")
_PREFIXES = (".site-staging-", ".site-old-")
BACKGROUND_MIN = 2000  # files in the old site/ above which it is removed by a detached process


class Staging:
    """The folder is made on first use: a build that finds nothing changed never makes it."""

    def __init__(self, site: Path):
        self.site = site
        self.root = site.parent / f"{_PREFIXES[0]}{os.getpid()}"
        _recover(site)
        self.previous = read_manifest(site)
        self.manifest: dict = {"format": 1, "parts": {}}
        self._open = False

    def open(self) -> Path:
        if not self._open:
            _sweep(self.site.parent)
            if self.root.exists():
                shutil.rmtree(self.root)
            self.root.mkdir()
            self._open = True
        return self.root

    def part(self, name: str) -> Path:
        path = self.open() / name
        path.mkdir(parents=True, exist_ok=True)
        return path

    def previous_dir(self, name: str) -> Path | None:
        path = self.site / name
        return path if path.is_dir() else None

    def previous_part(self, name: str) -> dict:
        return (self.previous.get("parts") or {}).get(name) or {}

    def carry(self, name: str) -> None:
        """Take a part over unchanged from the current site/ (hard links, no copy where possible)."""
        source = self.site / name
        if source.is_dir():
            link_tree(source, self.open() / name)
        if name in (self.previous.get("parts") or {}):
            self.manifest["parts"][name] = self.previous["parts"][name]

    def carry_foreign(self) -> None:
        """Files in site/ that zhibu does not write travel along untouched."""
        if not self.site.is_dir():
            return
        for entry in sorted(self.site.iterdir()):
            if entry.name in PARTS or entry.name == MANIFEST:
                continue
            target = self.open() / entry.name
            if entry.is_dir() and not entry.is_symlink():
                link_tree(entry, target)
            else:
                _link(entry, target)

    def commit(self) -> None:
        (self.open() / MANIFEST).write_text(json.dumps(self.manifest, ensure_ascii=False, sort_keys=True) + "\n",
                                          encoding="utf-8")
        old = self.site.parent / f"{_PREFIXES[1]}{os.getpid()}"
        moved = False
        try:
            if self.site.exists():
                os.replace(self.site, old)
                moved = True
            os.replace(self.root, self.site)
        except BaseException:  # an error or an interruption between the two renames: site/ back as it was
            if moved and not self.site.exists():
                os.replace(old, self.site)
            raise
        if old.exists():
            remove_tree(old, background=self._previous_files() > BACKGROUND_MIN)

    def _previous_files(self) -> int:
        return sum(len(part.get("files") or ()) for part in (self.previous.get("parts") or {}).values())

    def discard(self) -> None:
        if self._open:
            shutil.rmtree(self.root, ignore_errors=True)


def remove_tree(path: Path, *, background: bool) -> None:
    """Remove the old site/: in a detached process when it is large (the new one is in place already).

    Should that process die, the next build's sweep removes what it left.
    """
    if background:
        try:
            subprocess.Popen([sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)",
                              str(path)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
            return
        except OSError:
            pass
    shutil.rmtree(path, ignore_errors=True)


def read_manifest(site: Path) -> dict:
    try:
        data = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) and data.get("format") == 1 else {}
    except (OSError, ValueError):
        return {}


def link_tree(source: Path, target: Path) -> None:
    """Hard-link every file of ``source`` into ``target`` (symlinks kept as links, copies where links fail)."""
    os.makedirs(target, exist_ok=True)
    stack = [(os.fspath(source), os.fspath(target))]
    while stack:
        src, dst = stack.pop()
        with os.scandir(src) as entries:
            for entry in entries:
                to = os.path.join(dst, entry.name)
                if entry.is_symlink():
                    if not os.path.lexists(to):
                        os.symlink(os.readlink(entry.path), to)
                elif entry.is_dir():
                    os.makedirs(to, exist_ok=True)
                    stack.append((entry.path, to))
                else:
                    _link(entry.path, to)


def _link(source, target) -> None:
    try:
        os.link(source, target)
    except FileExistsError:
        os.unlink(target)
        _link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _recover(site: Path) -> None:
    """A build killed between its two renames left site/ aside as .site-old-<pid>: put it back."""
    if site.exists() or site.is_symlink() or not site.parent.is_dir():
        return
    left = [e for e in site.parent.iterdir() if e.name.startswith(_PREFIXES[1]) and e.is_dir()
            and e.name.rsplit("-", 1)[-1].isdigit() and not _alive(int(e.name.rsplit("-", 1)[-1]))]
    if left:
        os.replace(max(left, key=lambda e: e.stat().st_mtime), site)


def _sweep(parent: Path) -> None:
    """Remove what a killed build left behind (its process is gone)."""
    for entry in parent.iterdir() if parent.is_dir() else ():
        if not entry.name.startswith(_PREFIXES) or not entry.is_dir():
            continue
        pid = entry.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(entry, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True
