"""serve, the whole build in a forked worker, so the preview process is free for the next save.

The preview process holds the documents; for each batch it forks a worker that
checks and builds from them and sends back the outcome. A newer save cancels
the worker at once — it is killed with everything it started (its own process
group: the renderer's fork, the rules' second process) — unless it is swapping
its build in, which it then finishes. A killed worker's staging folder is
swept by the next build (its process is gone).
"""
from __future__ import annotations

import os
import pickle
import signal
import traceback
from contextlib import contextmanager
from typing import Callable

_committing = False
_cancelled = False


@contextmanager
def committing():
    """A cancel that arrives in here waits until the swap is done (the build is kept)."""
    global _committing
    _committing = True
    try:
        yield
    finally:
        _committing = False


def _on_cancel(signum, frame) -> None:
    global _cancelled
    if _committing:
        _cancelled = True
        return
    os.killpg(0, signal.SIGKILL)


def start_worker(job: Callable[[], object]):
    """A forked ``Worker`` where the platform forks; elsewhere (Windows) the job runs here and now."""
    return Worker(job) if hasattr(os, "fork") else Finished(job())


class Finished:
    """A job already done (no fork): nothing to wait for, nothing to cancel."""
    inline = True

    def __init__(self, result):
        self.result = result

    def cancel(self) -> None:
        pass

    def outcome(self):
        return self.result


class Worker:
    """``job()`` run in a forked process; ``outcome()`` is what it returned (None: cancelled or died)."""
    inline = False

    def __init__(self, job: Callable[[], object]):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker: never returns
            os.close(read_end)
            _run(job, write_end)
        os.close(write_end)
        self.pid = pid
        self.fd = read_end          # readable when the outcome is there (or the worker is gone)
        self._done = False

    def fileno(self) -> int:
        return self.fd

    def cancel(self) -> None:
        if not self._done:
            try:
                os.kill(self.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    def outcome(self):
        """Wait for the worker to end; its outcome, or None when it was cancelled or died."""
        chunks = []
        while True:
            try:
                chunk = os.read(self.fd, 1 << 16)
            except InterruptedError:
                continue
            if not chunk:
                break
            chunks.append(chunk)
        os.close(self.fd)
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass
        self._done = True
        try:
            return pickle.loads(b"".join(chunks)) if chunks else None
        except Exception:  # noqa: BLE001 - a torn message: as if it had died
            return None


def _run(job: Callable[[], object], write_end: int) -> None:
    code = 0
    try:
        os.setpgid(0, 0)  # its own group: a cancel kills it with the processes it starts
        signal.signal(signal.SIGTERM, _on_cancel)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        result = job()
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_end, "wb") as fh:
            fh.write(data)
    except BaseException:  # noqa: BLE001 - whatever happens, the worker must not return into the caller
        code = 1
        if "ZHIBU_DEBUG" in os.environ:
            traceback.print_exc()
    finally:
        os._exit(code)
