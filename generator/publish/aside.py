"""One output part built in a forked process while this one builds the others.

The archive depends on neither the casebook nor the public site, and after a
small edit each part is mostly single-threaded bookkeeping (routes, page keys,
links to the previous build), so on two cores the archive is made beside the
other two. The child writes its files into the staging folder and sends back
its report and its manifest entry; a failure in it is raised here as if the
part had been built in this process.
"""
from __future__ import annotations

import gc
import os
import pickle
import signal
import sys

from ..render.pages import RenderError
from .outputs import BuildFailed, Outputs, PartReport


def can_fork() -> bool:
    """Linux only: macOS forks badly beside system frameworks, Windows has no fork (the parts then run in turn)."""
    return sys.platform.startswith("linux") and (os.cpu_count() or 1) >= 2


class Aside:
    """``result()`` waits for the part and returns its report (or raises what the part raised)."""

    def __init__(self, outputs: Outputs, part: str):
        self.outputs, self.part = outputs, part
        outputs.fingerprint(part)  # its photos' hashes are made here, where they are saved
        outputs.staging.open()
        read_end, write_end = os.pipe()
        gc.freeze()  # the child must not copy the heap by touching every object's header
        self.pid = os.fork()
        if self.pid == 0:
            os.close(read_end)
            _child(outputs, part, write_end)
        os.close(write_end)
        gc.unfreeze()
        self.read_end: int | None = read_end

    def result(self) -> PartReport:
        with os.fdopen(self.read_end, "rb") as fh:
            data = fh.read()
        self.read_end = None
        os.waitpid(self.pid, 0)
        outcome, value, entry = pickle.loads(data) if data else ("error", "生成内部台账的子进程意外退出", None)
        if outcome == "ok":
            if entry is not None:
                self.outputs.staging.manifest["parts"][self.part] = entry
            return value
        if outcome == "failed":
            raise BuildFailed(value)
        if outcome == "render":
            raise RenderError(value)
        raise RuntimeError(value)

    def cancel(self) -> None:
        if self.read_end is None:
            return
        try:
            os.kill(self.pid, signal.SIGKILL)
        except OSError:
            pass
        os.close(self.read_end)
        self.read_end = None
        os.waitpid(self.pid, 0)


def _child(outputs: Outputs, part: str, write_end: int) -> None:
    """Build ``part``, send (outcome, report or error, manifest entry), and leave without any cleanup."""
    try:
        outputs.progress = lambda label, total: None  # the terminal's bars belong to the parent
        outputs.hashes.save = lambda: None            # the parent saves the photo hashes
        report = getattr(outputs, f"build_{part}")()
        payload = ("ok", report, outputs.staging.manifest["parts"].get(part))
    except BuildFailed as failed:
        payload = ("failed", failed.findings, None)
    except RenderError as exc:
        payload = ("render", str(exc), None)
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which shows it without a traceback
        payload = ("error", f"{type(exc).__name__}: {exc}", None)
    try:
        with os.fdopen(write_end, "wb") as fh:
            fh.write(pickle.dumps(payload))
    finally:
        os._exit(0)
