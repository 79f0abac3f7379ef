"""serve, the processes: the server and its threads here, the builds in a process of their own.

The build forks (a worker per build; inside it, to check and render in
parallel). A fork copies only the forking thread, and a lock another thread
held at that moment stays locked for ever in the copy — a frozen build. So
the preview process is started fresh ("spawn") and keeps a single thread,
and the server process keeps the threads: HTTP, the watcher, the search
indexer. The server also stays responsive while a build keeps a CPU busy.

The pipe between them carries, this way, the watcher's batches with the pages
open in tabs at that moment; that way, what to show (pages rendered ahead of
the build, the error page), which tabs reload, terminal lines, each round's
timings and the news that a build was swapped in.
"""
from __future__ import annotations

import multiprocessing
import time
import shutil
import signal
import tempfile
import threading
from pathlib import Path
from multiprocessing.connection import wait
from typing import Callable

from .indexer import Indexer
from .server import PreviewState
from .session import Round, Session, View
from .watch import Batch

STOP_SECONDS = 30


class Builder:
    """The server side: owns the temporary folder, the server's state and the build process."""

    def __init__(self, start: Path, *, today: str | None = None, casebook: bool = False,
                 say: Callable[[str], None] | None = None):
        self.workdir = Path(tempfile.mkdtemp(prefix="zhibu-serve-"))
        self.site_dir = self.workdir / "site"
        self.state = PreviewState(self.site_dir)
        self.indexer = Indexer(self.workdir, self.state)
        self.say = say or print
        self.rounds: list[Round] = []
        self.failed: str | None = None
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        options = {"start": str(start), "workdir": str(self.workdir), "today": today, "casebook": casebook}
        # Not a daemon: the build process starts worker processes of its own. It ends when told to, or
        # when the pipe closes because this process is gone.
        self._process = context.Process(target=build_process, args=(child, options), name="zhibu-serve-build")
        self._child_conn = child
        self._send_lock = threading.Lock()
        self._stopping = False
        self._reader = threading.Thread(target=self._read, name="zhibu-serve-news", daemon=True)

    def start(self) -> None:
        self._process.start()
        self._child_conn.close()
        self._reader.start()
        self.indexer.start()

    def submit(self, batch: Batch) -> None:
        """From the watcher: a batch, with the pages the tabs show now (the quick render's choice)."""
        self._send(("batch", batch, frozenset(self.state.open_pages())))

    def configure(self, **options) -> None:
        """Settings of the build process (``quick_min``: the project size from which the quick render runs)."""
        self._send(("configure", options))

    def stop(self) -> None:
        self._stopping = True
        if self._process.pid is None:  # never started
            self.indexer.stop()
            shutil.rmtree(self.workdir, ignore_errors=True)
            return
        self._send(("stop",))
        self._process.join(STOP_SECONDS)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(5)
        self._reader.join(5)
        self.indexer.stop()
        self.state.close()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def _send(self, message: tuple) -> None:
        with self._send_lock:
            try:
                self._conn.send(message)
            except (OSError, ValueError):
                pass  # the build process is gone; _read has said so

    def _read(self) -> None:
        while True:
            try:
                message = self._conn.recv()
            except (EOFError, OSError):
                if not self._stopping:
                    self._lost()
                return
            kind = message[0]
            if kind == "view":
                self._show(*message[1:])
            elif kind == "say":
                self.say(message[1])
            elif kind == "round":
                self.rounds.append(message[1])
            elif kind == "committed":
                self.indexer.committed(self.site_dir)

    def _show(self, overlay: dict, problem: bytes | None, ready: bool, publish: set | None) -> None:
        with self.state.lock:
            self.state.overlay = overlay
            self.state.problem = problem
            self.state.ready = ready
        if publish is None or publish:
            self.state.publish(publish)

    def _lost(self) -> None:
        """The build process died (killed, out of memory): say so in the page and on the terminal."""
        self.failed = "生成预览的进程意外退出"
        page = ('<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>预览已停止更新</title><body>'
                '<h1>预览已停止更新</h1><p>生成预览的进程意外退出（可能是内存不足）。请按 Ctrl-C 停止后重新运行 zhibu serve。</p>'
                '</body></html>').encode()
        self._show({}, page, True, None)
        self.say("zhibu：生成预览的进程意外退出，预览不再更新；请按 Ctrl-C 停止后重新运行 zhibu serve。")


def build_process(conn, options: dict) -> None:
    """The preview process: the first build, then one batch after another until told to stop."""
    # Ctrl-C reaches the whole process group; the server process decides when this one ends.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    workdir = Path(options["workdir"])
    view = View(workdir / "site", lambda *state: conn.send(("view", *state)))
    session = Session(Path(options["start"]), workdir, view, today=options["today"], casebook=options["casebook"],
                      say=lambda text: conn.send(("say", text)), on_round=lambda r: conn.send(("round", r)),
                      on_commit=lambda: conn.send(("committed",)))
    try:
        _loop(conn, session, view)
    except (EOFError, OSError):
        return  # the server process is gone


def _loop(conn, session: Session, view: View) -> None:
    round_ = Round(time.perf_counter(), "start")
    worker = session.start_build(round_, set())
    pending: Batch | None = None
    try:
        while True:
            if worker is not None and worker.inline:  # no fork on this platform: the build is done already
                session.finish_build(round_, worker.outcome())
                worker = None
            ready = wait([conn, worker] if worker is not None else [conn])
            if conn in ready:
                while conn.poll():
                    message = conn.recv()
                    if message[0] == "stop":
                        return
                    if message[0] == "configure":
                        for name, value in message[1].items():
                            setattr(session, name, value)
                    elif message[0] == "batch":
                        pending = message[1] if pending is None else pending.merged(message[1])
                        view.open_pages = message[2]
            if worker is not None and worker in ready:
                session.finish_build(round_, worker.outcome())
                worker = None
            if pending is None:
                continue
            batch, pending = pending, None
            if worker is not None:
                # A newer save: the running build is cancelled (or finishes its swap) before anything is shown.
                worker.cancel()
                outcome = worker.outcome()
                round_.superseded = outcome is None
                session.finish_build(round_, outcome)
                worker = None
            round_ = Round(time.perf_counter(), batch.kind)
            session.quick(batch, round_)
            worker = session.start_build(round_, batch.paths)
    finally:
        if worker is not None:
            worker.cancel()
            worker.outcome()
