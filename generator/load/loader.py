"""Load every content file of a project: in parallel when there are many, from cache when unchanged.

The cache (.zhibu-cache/ in the project) maps each file to its Document, keyed
by the file's size and mtime and, when those changed, its content hash. The
whole cache is dropped when zhibu's version, the schemas or `today` change.
"""
from __future__ import annotations

import hashlib
import os
import marshal
import sys
from pathlib import Path

from .. import __version__
from ..diagnostics import Finding
from ..validate.registry import validators_for
from .discover import Source, discover
from .document import Document, LoadContext, load_document

CACHE_DIR = ".zhibu-cache"
CACHE_FORMAT = 2  # bump whenever Document.to_plain changes shape
PARALLEL_MIN = 400
CHUNK = 250       # files per task for a pool of spawned workers
FORK_CHUNK = 50   # files per task for forked workers: small, so that all finish together


def load_all(ctx: LoadContext, schema_key: str, *, progress=None) -> tuple[list[Document], list[Finding]]:
    root = Path(ctx.root)
    sources, findings = discover(root)
    cache = _DocCache(root, f"{CACHE_FORMAT}|{__version__}|{sys.version}|{schema_key}|{ctx.today}")
    docs: dict[str, Document] = {}
    todo: list[Source] = []
    for source in sources:
        doc = cache.get(source)
        if doc is None:
            todo.append(source)
        else:
            docs[source.rel] = doc
    for doc, plain in _parse(todo, ctx, progress):
        docs[doc.rel] = doc
        cache.put(doc, plain)
    cache.save(set(docs))
    return [docs[s.rel] for s in sources], findings


def _parse(sources: list[Source], ctx: LoadContext, progress):
    lanes = _lanes()
    if len(sources) < PARALLEL_MIN or lanes < 2:
        for source in sources:
            doc = load_document(source, ctx)
            yield doc, doc.to_plain()
            if progress:
                progress(1)
        return
    validators_for(ctx.schemas)  # compile once here; forked workers inherit the compiled validators
    if _can_fork():
        yield from _parse_forked(sources, ctx, progress, lanes - 1)
        return
    from concurrent.futures import ProcessPoolExecutor
    chunks = [sources[i:i + CHUNK] for i in range(0, len(sources), CHUNK)]
    with ProcessPoolExecutor(max_workers=lanes) as pool:
        for batch in pool.map(_load_chunk, chunks, [ctx] * len(chunks)):
            yield from ((Document.from_plain(p), p) for p in batch)
            if progress:
                progress(len(batch))


def _load_chunk(sources: list[Source], ctx: LoadContext) -> list[tuple]:
    return [load_document(s, ctx).to_plain() for s in sources]


def _lanes() -> int:
    """How many processes may parse at once: the CPUs this process may use, at most four."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 4))


def _can_fork() -> bool:
    return sys.platform.startswith("linux")


def _parse_forked(sources: list[Source], ctx: LoadContext, progress, workers: int):
    """Parse in this process and in `workers` forked ones, each process taking the next chunk when free.

    The parent parses too instead of waiting, so every CPU works until the end;
    between its own chunks it takes in what the workers sent (plain values,
    marshalled: cheaper than pickling Documents). A chunk whose worker died
    is parsed here at the end.
    """
    import multiprocessing
    from multiprocessing.connection import wait

    chunks = [sources[i:i + FORK_CHUNK] for i in range(0, len(sources), FORK_CHUNK)]
    mp = multiprocessing.get_context("fork")
    counter = mp.RawValue("l", 0)
    lock = mp.Lock()

    def claim() -> int:
        with lock:
            k = counter.value
            counter.value = k + 1
        return k

    done = [False] * len(chunks)
    readers, procs = [], []
    try:
        for _ in range(workers):
            reader, writer = mp.Pipe(duplex=False)
            _widen(writer)
            proc = mp.Process(target=_work, args=(writer, chunks, ctx, claim), daemon=True)
            proc.start()
            writer.close()
            readers.append(reader)
            procs.append(proc)

        def receive(conn):
            try:
                message = conn.recv_bytes()
            except (EOFError, OSError):
                readers.remove(conn)
                conn.close()
                return
            k, batch = marshal.loads(message)
            done[k] = True
            for plain in batch:
                yield Document.from_plain(plain), plain
            if progress:
                progress(len(batch))

        while (k := claim()) < len(chunks):
            for source in chunks[k]:
                doc = load_document(source, ctx)
                yield doc, doc.to_plain()
            done[k] = True
            if progress:
                progress(len(chunks[k]))
            if readers:
                for conn in wait(readers, 0):
                    yield from receive(conn)
        while readers:
            for conn in wait(readers):
                yield from receive(conn)
    finally:
        for conn in readers:
            conn.close()
        for proc in procs:
            proc.join(timeout=5)
            if proc.is_alive():
                proc.kill()
                proc.join()
    for k, chunk in enumerate(chunks):
        if not done[k]:  # its worker died before sending it
            for source in chunk:
                doc = load_document(source, ctx)
                yield doc, doc.to_plain()


def _work(conn, chunks, ctx: LoadContext, claim) -> None:
    """A forked worker: parse chunks until none is left, sending each as soon as it is parsed."""
    with conn:
        while (k := claim()) < len(chunks):
            batch = [load_document(s, ctx).to_plain() for s in chunks[k]]
            conn.send_bytes(marshal.dumps((k, batch)))


def _widen(conn) -> None:
    """A larger pipe buffer, so that a worker rarely waits for the parent to read (Linux; best effort)."""
    try:
        import fcntl
        fcntl.fcntl(conn.fileno(), 1031, 1 << 20)  # F_SETPIPE_SZ
    except (ImportError, OSError, ValueError):
        pass


def _source_row(s: Source) -> tuple:
    return (s.rel, s.kind, s.branch, s.year, s.date, s.slug)


class _DocCache:
    def __init__(self, root: Path, key: str):
        self.root = root
        self.key = key
        self.base = str(root)
        self.path = root / CACHE_DIR / "documents.marshal"
        self.entries: dict[str, tuple] = {}
        self.dirty = False
        try:
            with open(self.path, "rb") as fh:
                stored = marshal.load(fh)
            if stored.get("key") == key:
                self.entries = stored["entries"]  # rel → (stat, digest, plain document)
        except Exception:  # a missing, old or damaged cache is simply rebuilt
            self.entries = {}

    def _stat(self, rel: str):
        try:
            st = os.stat(os.path.join(self.base, rel))
        except OSError:
            return None
        return (st.st_size, st.st_mtime_ns)

    def get(self, source: Source) -> Document | None:
        entry = self.entries.get(source.rel)
        if entry is None:
            return None
        stat, digest, plain = entry
        now = self._stat(source.rel)
        if now == tuple(stat) and plain[0] == _source_row(source):
            return Document.from_plain(plain)
        try:
            current = hashlib.sha1((self.root / source.rel).read_bytes()).hexdigest()
        except OSError:
            return None
        if current == digest and plain[0] == _source_row(source):
            self.entries[source.rel] = (now, digest, plain)
            self.dirty = True
            return Document.from_plain(plain)
        return None

    def put(self, doc: Document, plain: tuple) -> None:
        self.entries[doc.rel] = (doc.stat or self._stat(doc.rel), doc.digest, plain)
        self.dirty = True

    def save(self, alive: set[str]) -> None:
        stale = set(self.entries) - alive
        for rel in stale:
            del self.entries[rel]
        if not (self.dirty or stale):
            return
        try:
            self.path.parent.mkdir(exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            with open(tmp, "wb") as fh:
                marshal.dump({"key": self.key, "entries": self.entries}, fh)
            os.replace(tmp, self.path)
            gitignore = self.path.parent / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text("*\n", encoding="utf-8")
        except OSError:
            pass  # a read-only project still checks, only slower
