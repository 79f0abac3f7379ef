"""Load every content file of a project: in parallel when there are many, from cache when unchanged.

The cache (.zhibu-cache/ in the project) maps each file to its Document, keyed
by the file's size and mtime and, when those changed, its content hash. The
whole cache is dropped when zhibu's version, the schemas or `today` change.
It is stored as the marshalled chunks the parsing produced, so that a first
run writes them as they are instead of marshalling every document again.
"""
from __future__ import annotations

import hashlib
import os
import marshal
import sys
from pathlib import Path

from ..resources import code_fingerprint
from ..diagnostics import Finding
from ..validate.registry import validators_for
from .discover import Source, discover
from .document import Document, LoadContext, load_document

CACHE_DIR = ".zhibu-cache"
CACHE_FORMAT = 4  # bump whenever Document.to_plain, the file's layout or the findings made while loading change
PARALLEL_MIN = 400
CHUNK = 250       # files per task for a pool of spawned workers
FORK_CHUNK = 50   # files per task for forked workers: small, so that all finish together


def load_all(ctx: LoadContext, schema_key: str, *, progress=None) -> tuple[list[Document], list[Finding]]:
    root = Path(ctx.root)
    sources, findings = discover(root)
    cache = _DocCache(root, f"{CACHE_FORMAT}|{code_fingerprint()}|{sys.version}|{schema_key}|{ctx.today}")
    docs: dict[str, Document] = {}
    todo: list[Source] = []
    for source in sources:
        doc = cache.get(source)
        if doc is None:
            todo.append(source)
        else:
            docs[source.rel] = doc
    for doc in _parse(todo, ctx, progress, cache):
        docs[doc.rel] = doc
    cache.save(set(docs))
    return [docs[s.rel] for s in sources], findings


def _parse(sources: list[Source], ctx: LoadContext, progress, cache: "_DocCache"):
    """The Documents of `sources`, each also handed to the cache."""
    lanes = _lanes()
    if len(sources) < PARALLEL_MIN or lanes < 2:
        for source in sources:
            doc = load_document(source, ctx)
            cache.put(doc.to_plain())
            yield doc
            if progress:
                progress(1)
        return
    validators_for(ctx.schemas).compile_all()  # once here; forked workers inherit the compiled validators
    if _can_fork():
        yield from _parse_forked(sources, ctx, progress, lanes - 1, cache)
        return
    from concurrent.futures import ProcessPoolExecutor
    chunks = [sources[i:i + CHUNK] for i in range(0, len(sources), CHUNK)]
    with ProcessPoolExecutor(max_workers=lanes) as pool:
        for batch in pool.map(_load_chunk, chunks, [ctx] * len(chunks)):
            for plain in batch:
                cache.put(plain)
                yield Document.from_plain(plain)
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


def _parse_forked(sources: list[Source], ctx: LoadContext, progress, workers: int, cache: "_DocCache"):
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
            blob = memoryview(message)[4:]  # after the chunk's number
            batch = marshal.loads(blob)
            done[int.from_bytes(message[:4], "little")] = True
            cache.put_chunk(blob, batch)
            for plain in batch:
                yield Document.from_plain(plain)
            if progress:
                progress(len(batch))

        while (k := claim()) < len(chunks):
            docs = [load_document(source, ctx) for source in chunks[k]]
            batch = [doc.to_plain() for doc in docs]
            cache.put_chunk(marshal.dumps(batch), batch)
            yield from docs
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
                cache.put(doc.to_plain())
                yield doc


def _work(conn, chunks, ctx: LoadContext, claim) -> None:
    """A forked worker: parse chunks until none is left, sending each as soon as it is parsed."""
    with conn:
        while (k := claim()) < len(chunks):
            batch = [load_document(s, ctx).to_plain() for s in chunks[k]]
            conn.send_bytes(k.to_bytes(4, "little") + marshal.dumps(batch))


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
    """rel → the plain values of its Document (`Document.to_plain`, which holds its stat and digest).

    The file holds marshalled lists of plain documents: the chunks parsed in
    this run as they were marshalled for the trip from a worker, and one more
    for the entries kept from before.
    """

    def __init__(self, root: Path, key: str):
        self.root = root
        self.key = key
        self.base = str(root)
        self.path = root / CACHE_DIR / "documents.marshal"
        self.entries: dict[str, tuple] = {}
        self.chunks: list[tuple] = []  # (marshalled list of plain documents, their rels) parsed in this run
        self.dirty = False
        try:
            with open(self.path, "rb") as fh:
                stored = marshal.load(fh)
            if stored.get("key") == key:
                for blob in stored["chunks"]:
                    for plain in marshal.loads(blob):
                        self.entries[plain[0][0]] = plain
        except Exception:  # a missing, old or damaged cache is simply rebuilt
            self.entries = {}

    def _stat(self, rel: str):
        try:
            st = os.stat(os.path.join(self.base, rel))
        except OSError:
            return None
        return (st.st_size, st.st_mtime_ns)

    def get(self, source: Source) -> Document | None:
        plain = self.entries.get(source.rel)
        if plain is None or plain[0] != _source_row(source):
            return None
        now = self._stat(source.rel)
        if now == tuple(plain[7]):
            return Document.from_plain(plain)
        try:
            current = hashlib.sha1((self.root / source.rel).read_bytes()).hexdigest()
        except OSError:
            return None
        if current == plain[6]:  # touched, not changed: remember the new stat
            plain = plain[:7] + (now,)
            self.entries[source.rel] = plain
            self.dirty = True
            return Document.from_plain(plain)
        return None

    def put(self, plain: tuple) -> None:
        self.entries[plain[0][0]] = plain
        self.dirty = True

    def put_chunk(self, blob, plains: list[tuple]) -> None:
        """A chunk parsed in this run, with its plain documents marshalled as `blob`."""
        rels = [plain[0][0] for plain in plains]
        for rel, plain in zip(rels, plains):
            self.entries[rel] = plain
        self.chunks.append((blob, rels))
        self.dirty = True

    def save(self, alive: set[str]) -> None:
        stale = set(self.entries) - alive
        for rel in stale:
            del self.entries[rel]
        if not (self.dirty or stale):
            return
        chunks, fresh = [], set()
        for blob, rels in self.chunks:
            if all(rel in alive for rel in rels):
                chunks.append(blob)
                fresh.update(rels)
        rest = [plain for rel, plain in self.entries.items() if rel not in fresh]
        if rest:
            chunks.append(marshal.dumps(rest))
        try:
            self.path.parent.mkdir(exist_ok=True)
            tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            with open(tmp, "wb") as fh:
                marshal.dump({"key": self.key, "chunks": chunks}, fh)
            os.replace(tmp, self.path)
            gitignore = self.path.parent / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text("*\n", encoding="utf-8")
        except OSError:
            pass  # a read-only project still checks, only slower
