"""serve, stage 1: file-system events → debounced batches of classified changes.

Like Zola's ``ChangeKind``, every changed path is sorted into what it can
affect, so the session takes the cheapest correct action:

  content  a content file (records, plans, notices …): re-check and re-render
  media    a photo or other file under content/: re-check (ref/media) and copy
  layouts  a template or static file of the project: a new Jinja environment
  schemas  a project schema: everything (every document is validated again)
  config   zhibu.yaml or a rule profile: everything

Paths zhibu writes itself (``site/``, ``.zhibu-cache/``, staging folders),
hidden files and folders (``.git/``) and editor swap or backup files are
ignored. Events are collected until the tree has been quiet for ``delay``
seconds (an editor's save is often several events), then handed over as one
``Batch``.
"""
from __future__ import annotations

import fnmatch
import os
import threading
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

CONTENT, MEDIA, LAYOUTS, SCHEMAS, CONFIG = "content", "media", "layouts", "schemas", "config"
# The order of cost: a batch is as expensive as its most expensive change.
KINDS = (CONTENT, MEDIA, LAYOUTS, SCHEMAS, CONFIG)

IGNORED_TOP = {"site", "__pycache__", "node_modules"}
SWAP_PATTERNS = ("*.swp", "*.swo", "*.swx", "*~", "#*#", ".#*", "4913", "*.tmp", "*.bak", "*.part",
                 "*.crdownload", "*___jb_tmp___", "*___jb_old___", "~$*")
CONTENT_SUFFIXES = (".md", ".yaml", ".yml")
MAX_WAIT = 1.0  # deliver at the latest this long after the first event, even if events keep coming


@dataclass(frozen=True, slots=True)
class Change:
    path: str   # relative to the project root, '/' separators
    kind: str


@dataclass(frozen=True, slots=True)
class Batch:
    changes: tuple[Change, ...]

    @property
    def kinds(self) -> set[str]:
        return {c.kind for c in self.changes}

    @property
    def paths(self) -> set[str]:
        return {c.path for c in self.changes}

    @property
    def kind(self) -> str:
        """The most expensive kind in the batch."""
        return max(self.kinds, key=KINDS.index) if self.changes else CONTENT

    def merged(self, other: "Batch") -> "Batch":
        return Batch(tuple(dict.fromkeys(self.changes + other.changes)))


def ignored(rel: str) -> bool:
    parts = rel.split("/")
    if not parts or parts[0] in IGNORED_TOP or parts[0].startswith((".site-staging-", ".site-old-")):
        return True
    if any(p.startswith(".") for p in parts):  # .git, .zhibu-cache, .vscode, editors' hidden temp files
        return True
    name = parts[-1]
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in SWAP_PATTERNS)


def classify(rel: str) -> str | None:
    """The kind of change a path makes, or None when it cannot affect the site."""
    if ignored(rel):
        return None
    parts = rel.split("/")
    top = parts[0]
    if rel == "zhibu.yaml":
        return CONFIG
    if top == "content":
        if len(parts) > 1 and parts[1] == "media":
            return MEDIA
        return CONTENT if rel.endswith(CONTENT_SUFFIXES) or len(parts) == 1 else MEDIA
    if top == "layouts":
        return LAYOUTS
    if top == "schemas":
        return SCHEMAS
    if rel.endswith((".yaml", ".yml")):
        return CONFIG  # a rule profile of the project (zhibu.yaml `rules:` may name any such file)
    return None


class Watcher:
    """A watchdog observer on the project's inputs, delivering ``Batch``es to ``deliver``.

    ``deliver`` runs on the watcher's own thread; it should hand the batch on
    and return quickly.
    """

    def __init__(self, root: Path, deliver: Callable[[Batch], None], *, delay: float = 0.1,
                 extra_dirs: tuple[Path, ...] = ()):
        self.root = root.resolve()
        self.deliver = deliver
        self.delay = delay
        self.extra_dirs = extra_dirs
        self._pending: dict[Change, None] = {}
        self._first = 0.0
        self._last = 0.0
        self._lock = threading.Condition()
        self._stopped = False
        self._observer = None
        self._watched: set[str] = set()
        self._thread = threading.Thread(target=self._debounce, name="zhibu-serve-debounce", daemon=True)
        self.polling = False

    # --- lifecycle -------------------------------------------------------------
    def start(self) -> None:
        from watchdog.observers import Observer
        # A folder made with its subfolders at once (layouts/serve/) is added by the new recursive watch and
        # by watchdog itself; it says so, harmlessly, as a RuntimeWarning that the person serving cannot act on.
        warnings.filterwarnings("ignore", message="Callback with id", category=RuntimeWarning)
        try:
            self._observer = Observer()
            self._schedule_all()
            self._observer.start()
        except OSError:
            # inotify's watch limit reached (or no inotify): poll instead, slower but it works.
            from watchdog.observers.polling import PollingObserver
            self._observer = PollingObserver(timeout=0.5)
            self._watched.clear()
            self._schedule_all()
            self._observer.start()
            self.polling = True
        self._thread.start()

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            self._lock.notify_all()
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=5)
        self._thread.join(timeout=5)

    def _schedule_all(self) -> None:
        # The inputs only: watching site/ or .git/ recursively would cost a watch per folder for nothing.
        self._schedule(self.root, recursive=False)
        for name in ("content", "layouts", "schemas"):
            if (self.root / name).is_dir():
                self._schedule(self.root / name, recursive=True)
        for folder in self.extra_dirs:
            if folder.is_dir():
                self._schedule(folder, recursive=False)

    def _schedule(self, folder: Path, *, recursive: bool) -> None:
        key = str(folder)
        if key in self._watched:
            return
        self._observer.schedule(_Handler(self), key, recursive=recursive, event_filter=_event_types())
        self._watched.add(key)

    # --- events ----------------------------------------------------------------
    def notice(self, path: str, is_directory: bool, event_type: str) -> None:
        rel = os.path.relpath(path, self.root).replace(os.sep, "/")
        if rel == "." or rel == ".." or rel.startswith("../"):
            return
        if is_directory and event_type == "modified":
            return  # a folder "modified" is only the echo of a change to a file inside it
        if is_directory and event_type in ("created", "moved") and rel in ("content", "layouts", "schemas"):
            self._schedule(self.root / rel, recursive=True)  # a top folder made after serve started
        kind = classify(rel)
        if kind is None:
            return
        with self._lock:
            now = time.monotonic()
            if not self._pending:
                self._first = now
            self._pending[Change(rel, kind)] = None
            self._last = now
            self._lock.notify_all()

    def _debounce(self) -> None:
        while True:
            with self._lock:
                while not self._pending and not self._stopped:
                    self._lock.wait()
                if self._stopped:
                    return
                while True:
                    now = time.monotonic()
                    quiet_until = self._last + self.delay
                    if now >= quiet_until or now - self._first >= MAX_WAIT or self._stopped:
                        break
                    self._lock.wait(quiet_until - now)
                if self._stopped:
                    return
                batch = Batch(tuple(self._pending))
                self._pending = {}
            self.deliver(batch)


def _event_types() -> list:
    """Writes only. Without a filter every open and read is an event too: a build reading 10,000 files
    overflows the kernel's queue (16,384 events) and the saves that follow can be lost."""
    from watchdog import events as e
    return [e.FileCreatedEvent, e.DirCreatedEvent, e.FileDeletedEvent, e.DirDeletedEvent, e.FileModifiedEvent,
            e.FileMovedEvent, e.DirMovedEvent, e.FileClosedEvent]


def _handler_base():
    from watchdog.events import FileSystemEventHandler
    return FileSystemEventHandler


class _Handler(_handler_base()):
    def __init__(self, watcher: Watcher):
        super().__init__()
        self.watcher = watcher

    def on_any_event(self, event) -> None:
        if event.event_type not in ("created", "deleted", "modified", "moved", "closed"):
            return
        paths = [event.src_path]
        if event.event_type == "moved":
            paths.append(event.dest_path)  # editors save by writing a temporary file and renaming it
        for path in paths:
            path = os.fsdecode(path)
            self.watcher.notice(path, event.is_directory, event.event_type)
