"""serve, the search index: Pagefind in the background, after the page has reloaded.

``zhibu build`` runs Pagefind before it finishes — seconds on a large site, for
any changed page. The preview must not wait for it, so in the build process
the build's indexing step is replaced (``deferred_search``) by one that only
links the newest bundle made here into the staging folder: search keeps
working, a little behind. In the server process, once the builds have been
quiet for a moment, ``Indexer`` indexes a hard-linked snapshot of the
preview's public folder (a build may swap the folder away meanwhile), at low
priority, and links the fresh bundle into the preview.
"""
from __future__ import annotations

import contextlib
import importlib
import os
import shutil
import sys
import threading
import time
from pathlib import Path

from ..publish.staging import read_manifest
from ..render.search import BUNDLE, SHARDS, SearchResult, available, index_shards, write_shard_list

QUIET = 1.0       # seconds without a new build before indexing
# Where the build calls Pagefind (the name is imported into these modules).
_CALLERS = ("generator.publish.public_part", "generator.publish.outputs")


class Indexer:
    def __init__(self, workdir: Path, state):
        self.root = workdir / "search"
        self.bundle = self.root / BUNDLE
        self.state = state
        self.enabled = available()
        self.key: dict | None = None       # the search key (shard → key) the bundle was made for
        self.wanted: dict | None = None    # the search key of the preview's public folder
        self.generation = 0                # bumped with every new bundle
        self.failed: str | None = None
        self._changed_at = 0.0
        self._cond = threading.Condition()
        self._stopping = False
        self._thread = threading.Thread(target=self._loop, name="zhibu-serve-search", daemon=True)

    def start(self) -> None:
        if self.enabled:
            self._thread.start()

    def stop(self) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    def committed(self, site_dir: Path) -> None:
        """A build was swapped in: index it (later), and give it the newest bundle if it linked an older one."""
        if not self.enabled:
            return
        key = _search_key(site_dir)
        with self._cond:
            if not _same_file(self.bundle / SHARDS, site_dir / "public" / BUNDLE / SHARDS):
                self._install()
            self.wanted = key
            self._changed_at = time.monotonic()
            self._cond.notify_all()

    # --- the thread ---------------------------------------------------------------
    def _loop(self) -> None:
        while True:
            with self._cond:
                while True:
                    if self._stopping:
                        return
                    if self.wanted is not None and self.wanted != self.key:
                        left = QUIET - (time.monotonic() - self._changed_at)
                        if left <= 0:
                            break
                        self._cond.wait(left)
                    else:
                        self._cond.wait()
            self._index_once()

    def _index_once(self) -> None:
        source, fresh = self.root / "source", self.root / "fresh"
        for folder in (source, fresh):
            shutil.rmtree(folder, ignore_errors=True)
        # A snapshot of hard links, so a build swapping the folder away cannot pull pages from under Pagefind;
        # should a swap fall in the middle of the copy, the key differs afterwards and it is made again.
        key = _search_key(self.state.site_dir)
        public = self.state.site_dir / "public"
        try:
            shutil.copytree(public, source, copy_function=_hard_link, ignore=_pages_only(public))
        except (OSError, shutil.Error):
            return self._retry_later()
        if not isinstance(key, dict):  # no index wanted (or a site/ written by an older zhibu)
            return self._give_up(self.wanted)
        if key != _search_key(self.state.site_dir):
            return self._retry_later()
        # Shards whose pages did not change are taken from the bundle made last time.
        previous = self.key if isinstance(self.key, dict) and self.bundle.is_dir() else {}
        stale = [s for s in key if previous.get(s) != key[s] or not (self.bundle / s).is_dir()]
        (fresh / BUNDLE).mkdir(parents=True)
        try:
            for shard in key:
                if shard not in stale:
                    _link_bundle(self.bundle / shard, fresh / BUNDLE / shard)
            problem = index_shards(source, fresh / BUNDLE, stale, nice=True)  # the next rebuild comes first
        except (OSError, shutil.Error) as exc:
            problem = type(exc).__name__
        finally:
            shutil.rmtree(source, ignore_errors=True)
        if problem:
            self.failed = problem[-200:]
            return self._give_up(key)
        write_shard_list(fresh / BUNDLE, key)
        with self._cond:
            shutil.rmtree(self.bundle, ignore_errors=True)
            (fresh / BUNDLE).rename(self.bundle)
            self.key, self.failed = key, None
            self.generation += 1
            self._install()
        shutil.rmtree(fresh, ignore_errors=True)

    def _install(self) -> None:
        """Link the bundle into the preview's public folder (with the index lock held)."""
        with self.state.lock:
            target = self.state.site_dir / "public" / BUNDLE
            if target.parent.is_dir() and self.bundle.is_dir():
                shutil.rmtree(target, ignore_errors=True)
                try:
                    _link_bundle(self.bundle, target)
                except (OSError, shutil.Error):
                    pass  # the build swapped the folder meanwhile: the next commit links it

    def _retry_later(self) -> None:
        with self._cond:
            self._changed_at = time.monotonic()

    def _give_up(self, key: str | None) -> None:
        """Pagefind failed for this content: do not try again until the next build."""
        with self._cond:
            if self.wanted == key:
                self.key = key


@contextlib.contextmanager
def deferred_search(bundle: Path):
    """While a build runs in the build process, its call to Pagefind links ``bundle`` instead."""
    def build_index(public: Path, key: dict, *, previous_key=None, previous_dir=None) -> SearchResult:
        if bundle.is_dir():
            try:
                _link_bundle(bundle, public / BUNDLE)
            except (OSError, shutil.Error):
                pass  # replaced by the indexer just now: the server links the new one after the swap
        return SearchResult(key, "skipped")

    saved = {}
    for name in _CALLERS:
        module = sys.modules.get(name) or _import(name)
        if module is not None and hasattr(module, "build_index"):
            saved[module] = module.build_index
            module.build_index = build_index
    try:
        yield
    finally:
        for module, original in saved.items():
            module.build_index = original


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _search_key(site_dir: Path) -> dict | None:
    return ((read_manifest(site_dir).get("parts") or {}).get("public") or {}).get("search")


def _link_bundle(bundle: Path, target: Path) -> None:
    shutil.copytree(bundle, target, copy_function=_hard_link, dirs_exist_ok=True)


def _hard_link(source, target) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _pages_only(public: Path):
    """Pagefind reads the HTML pages only: leave out the old bundle, photos and PDFs."""
    def ignore(folder: str, names: list[str]) -> list[str]:
        here = Path(folder)
        return [n for n in names if (n == BUNDLE and here == public)
                or (not n.endswith(".html") and not (here / n).is_dir())]
    return ignore


def _import(name: str):
    try:
        return importlib.import_module(name)
    except ImportError:
        return None
