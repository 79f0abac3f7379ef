"""`zhibu serve`: build, serve on 127.0.0.1, rebuild on every save, reload the browser.

The preview is built into a temporary folder (the project's ``site/`` is not
touched) and served at ``/`` (public site) and ``/archive/`` (archive). It is
for the person editing the content, on her own machine: the server listens on
127.0.0.1 only. Ctrl-C stops the watcher and the server and exits 0.
"""
from __future__ import annotations

import os
import signal
import sys
import threading
from pathlib import Path

from ..diagnostics import UsageError
from ..pipeline import project_profile
from ..project import load_config, open_project
from ..serve.server import open_server
from ..serve.process import Builder
from ..serve.watch import Watcher
from .oserrors import os_cause


def run(args) -> int:
    stop = threading.Event()
    previous = _on_signals(stop)
    try:
        return serve(Path.cwd(), port=args.port, casebook=args.casebook, today=args.today, stop=stop)
    finally:
        _restore(previous)


def serve(start: Path, *, port: int | None, casebook: bool, today: str | None, stop: threading.Event,
          started=None, say=None) -> int:
    """Serve until ``stop`` is set; ``started(server_port, session)`` is called once the server listens.

    What `check` and `build` refuse before any work (a bad --today, a broken zhibu.yaml or rule
    profile) ends the command here with exit 2; an error in the content, or in zhibu.yaml once
    the preview runs, is shown in the browser.
    """
    project = open_project(start, today)
    project_profile(project)
    root = project.root
    session = Builder(start, today=today, casebook=casebook, say=say or _print)
    try:
        server = open_server(session.state, port)
    except OSError as exc:
        session.stop()
        where = f"端口 {port} 上" if port is not None else "端口 8000 及其后的端口上"
        raise UsageError(f"无法在{where}启动预览（{os_cause(exc)}）：换一个端口，或用 --port 0 自动选择") from None
    watcher = Watcher(root, session.submit, extra_dirs=_profile_dirs(root))
    serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                               name="zhibu-serve-http", daemon=True)
    try:
        serving.start()
        watcher.start()
        session.start()
        (say or _print)(_welcome(server.server_address[1], casebook, watcher.polling, session.indexer.enabled))
        if started is not None:
            started(server.server_address[1], session)
        while not stop.wait(0.5):
            pass
    finally:
        watcher.stop()
        server.shutdown()
        session.stop()
        server.server_close()
    (say or _print)("已停止预览，再见。")
    return 0


def _print(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _welcome(port: int, casebook: bool, polling: bool, search: bool) -> str:
    base = f"http://127.0.0.1:{port}/"
    lines = [
        "zhibu 本地预览：只能在本机打开，供编写和核对内容时查看，不是正式发布。",
        f"  公开网站：{base}",
        f"  内部台账：{base}archive/",
        "保存文件后自动重新生成，并刷新浏览器中打开的页面；内容有错误时，页面上会列出出错的文件、行和列。",
        "预览生成在临时文件夹中，不会改动 site/。",
        "站内搜索的索引在页面更新之后于后台生成，稍后可用。" if search
        else "没有安装 pagefind，预览中没有站内搜索（pip install \"pagefind[extended]\"）。",
        "案例汇编 PDF 会随内容重新生成。" if casebook else "案例汇编 PDF 不在预览中重新生成（需要时加 --casebook）。",
    ]
    if polling:
        lines.append("说明：系统的文件监视数量已满，改用定时扫描，刷新会稍慢。")
    lines.append("按 Ctrl-C 停止。")
    return "\n".join(lines)


def _profile_dirs(root: Path) -> tuple[Path, ...]:
    """The folder of a rule profile file the project names (zhibu.yaml `rules:`), to watch it too."""
    try:
        ref = str(load_config(root).get("rules") or "")
    except Exception:  # noqa: BLE001 - a broken zhibu.yaml shows as the error page
        return ()
    if "/" in ref or ref.endswith((".yaml", ".yml")):
        folder = (root / ref).parent
        if folder.is_dir() and folder.resolve() != root.resolve():
            return (folder,)
    return ()


def _on_signals(stop: threading.Event) -> dict:
    """Ctrl-C and SIGTERM set ``stop`` (a second Ctrl-C leaves at once).

    A handler that only sets a flag is also what forked workers inherit, so
    a Ctrl-C never prints a worker's traceback.
    """
    def handler(signum, frame):
        if stop.is_set() and os.getpid() == owner:
            os._exit(1)
        stop.set()

    owner = os.getpid()
    previous = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            previous[sig] = signal.signal(sig, handler)
        except ValueError:  # not the main thread (tests): the caller stops the session itself
            pass
    return previous


def _restore(previous: dict) -> None:
    for sig, handler in previous.items():
        signal.signal(sig, handler)
