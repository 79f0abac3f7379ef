"""serve, the HTTP side: the preview on 127.0.0.1, the live-reload channel, the error page.

``/`` is the public site and ``/archive/`` the archive, both read from the
session's temporary build folder. Every HTML response gets a small script
that listens on ``/__zhibu/events`` (Server-Sent Events) and reloads the tab
when *its* page changed: the server knows which page each tab shows and
sends ``reload`` only to those a build touched (Hugo and Lektor reload only
on a real change). Each change is an epoch; a tab that connects late (the
build finished between the page load and the connection) is told at once.

While the last build failed, every HTML request gets the error page; the
last good page stays one click away (``?zhibu=last-good``) and
``/__zhibu/error`` always shows the current problems.
"""
from __future__ import annotations

import json
import mimetypes
import posixpath
import queue
import secrets
import threading
import time
from collections import deque
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

EVENTS = "/__zhibu/events"
ERROR = "/__zhibu/error"
LAST_GOOD = "last-good"
PING_SECONDS = 15.0
HISTORY = 64
TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
         ".js": "text/javascript; charset=utf-8", ".json": "application/json", ".xml": "application/xml",
         ".atom": "application/atom+xml", ".ics": "text/calendar; charset=utf-8", ".svg": "image/svg+xml",
         ".txt": "text/plain; charset=utf-8", ".pdf": "application/pdf", ".pf_meta": "application/octet-stream",
         ".pagefind": "application/octet-stream", ".pf_index": "application/octet-stream",
         ".pf_fragment": "application/octet-stream", ".wasm": "application/wasm"}

RELOAD_SCRIPT = """<script data-zhibu-serve>(function(){
var page=decodeURIComponent(location.pathname);if(page.slice(-1)==="/")page+="index.html";
var epoch=%(epoch)d,server="%(server)s";
function connect(){var es=new EventSource("%(events)s?path="+encodeURIComponent(page)+"&epoch="+epoch+"&server="+server);
es.addEventListener("epoch",function(m){epoch=+m.data;});
es.addEventListener("reload",function(){es.close();location.reload();});}
if(window.EventSource)connect();})();</script>"""

BANNER = ('<div data-zhibu-banner style="position:sticky;top:0;z-index:9999;background:#fff4e5;color:#7a2e00;'
          'border-bottom:2px solid #c0392b;padding:.6em 1em;font:15px/1.5 sans-serif">'
          '内容有错误，网站没有更新：这是上次成功生成的页面。<a href="%s" style="color:#c0392b">查看错误</a></div>')

BUILDING = ('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>正在生成预览</title></head>'
            '<body style="font:16px/1.7 sans-serif;margin:2em"><p>正在生成预览，完成后本页会自动刷新……</p>'
            '</body></html>').encode()


class _Client:
    __slots__ = ("page", "queue")

    def __init__(self, page: str):
        self.page = page
        self.queue: queue.SimpleQueue = queue.SimpleQueue()


class PreviewState:
    """What the server shows, updated from the build process: the build folder, quick pages, the problem page."""

    def __init__(self, site_dir: Path):
        self.site_dir = site_dir
        self.lock = threading.RLock()
        self.overlay: dict[str, bytes] = {}      # page → HTML rendered ahead of the full build
        self.problem: bytes | None = None        # the error page while the last build failed
        self.ready = False                       # the first build has finished (well or not)
        self.epoch = 0
        self.server_id = secrets.token_hex(4)
        self._history: deque[tuple[int, frozenset | None]] = deque(maxlen=HISTORY)
        self._clients: set[_Client] = set()
        self._clients_lock = threading.Lock()
        self.closed = False

    # --- used by the session ---------------------------------------------------
    def open_pages(self) -> set[str]:
        """The pages shown in connected tabs, e.g. ``/archive/branches/x/2024/y.html``."""
        with self._clients_lock:
            return {c.page for c in self._clients}

    def publish(self, pages: set[str] | None) -> int:
        """A new epoch: ``pages`` changed (None: every page). Tabs showing one of them reload."""
        if pages is not None and not pages:
            return self.epoch
        with self._clients_lock:
            self.epoch += 1
            changed = None if pages is None else frozenset(pages)
            self._history.append((self.epoch, changed))
            for client in self._clients:
                hit = changed is None or client.page in changed
                client.queue.put(("reload" if hit else "epoch", self.epoch))
            return self.epoch

    def close(self) -> None:
        with self._clients_lock:
            self.closed = True
            for client in self._clients:
                client.queue.put(None)

    # --- used by the handler ----------------------------------------------------
    def connect(self, page: str, epoch: int, server: str) -> tuple[_Client, bool]:
        """Register a tab; True when its page changed since the epoch it was served at."""
        client = _Client(page)
        with self._clients_lock:
            self._clients.add(client)
            if server and server != self.server_id:
                return client, True      # a new serve process: everything may differ
            stale = False
            if epoch < self.epoch:
                known = [c for e, c in self._history if e > epoch]
                stale = len(known) < self.epoch - epoch or any(c is None or page in c for c in known)
            return client, stale

    def disconnect(self, client: _Client) -> None:
        with self._clients_lock:
            self._clients.discard(client)


def page_of(path: str) -> tuple[str, str] | None:
    """URL path → (part, file under the part), or None when it is not a site path.

    ``/`` and ``/x/`` name ``index.html``; hidden names and ``..`` are refused.
    """
    if path.startswith("/archive/") or path == "/archive":
        part, rel = "archive", path[len("/archive/"):]
    else:
        part, rel = "public", path[1:]
    if rel == "" or rel.endswith("/"):
        rel += "index.html"
    parts = rel.split("/")
    if any(p in ("", ".", "..") or p.startswith(".") or "\\" in p for p in parts):
        return None
    return part, posixpath.join(*parts)


def page_id(part: str, rel: str) -> str:
    return ("/archive/" if part == "archive" else "/") + rel


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], state: PreviewState):
        self.state = state
        super().__init__(address, _Handler)


def open_server(state: PreviewState, port: int | None, *, tries: int = 50) -> PreviewServer:
    """A server on 127.0.0.1: on ``port`` (0 picks any free port), or 8000 and then the next free one."""
    if port is not None:
        return PreviewServer(("127.0.0.1", port), state)
    last: OSError | None = None
    for candidate in range(8000, 8000 + tries):
        try:
            return PreviewServer(("127.0.0.1", candidate), state)
        except OSError as exc:
            last = exc
    raise last or OSError("no free port")


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "zhibu-serve"

    def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's name
        pass  # the terminal is for build news, not for every request

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_GET(self) -> None:
        self._answer(head=False)

    def _answer(self, head: bool) -> None:
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        query = parse_qs(parts.query)
        try:
            if path == EVENTS:
                self._events(query)
            elif path == ERROR:
                self._error_page(head)
            else:
                self._file(path, query, head)
        except (BrokenPipeError, ConnectionResetError):
            pass

    # --- files -----------------------------------------------------------------
    def _file(self, path: str, query: dict, head: bool) -> None:
        state = self.server.state
        located = page_of(path)
        if located is None:
            return self._send(HTTPStatus.NOT_FOUND, _plain_404(), TYPES[".html"], head)
        part, rel = located
        page = page_id(part, rel)
        epoch = state.epoch  # read before the content: a build after this makes the tab reload
        is_html = rel.endswith(".html")
        last_good = query.get("zhibu") == [LAST_GOOD]
        if is_html and not state.ready:
            return self._send(HTTPStatus.OK, self._inject(BUILDING, epoch, False), TYPES[".html"], head)
        if is_html and state.problem is not None and not last_good:
            return self._send(HTTPStatus.OK, self._inject(state.problem, epoch, False), TYPES[".html"], head)
        for attempt in range(2):
            with state.lock:
                quick = state.overlay.get(page)
                target = state.site_dir / part / rel
                if quick is None and target.is_dir():
                    return self._redirect(path.rstrip("/") + "/")
                data = quick if quick is not None else _read(target)
                missing = _read(state.site_dir / "public" / "404.html") if data is None and part == "public" else None
            if data is not None or attempt:
                break
            time.sleep(0.05)  # perhaps the instant the build process swaps the folder in: look once more
        if data is None:
            if part == "public" and missing is not None:
                return self._send(HTTPStatus.NOT_FOUND, self._inject(missing, epoch, False), TYPES[".html"], head)
            return self._send(HTTPStatus.NOT_FOUND, self._inject(_plain_404(), epoch, False), TYPES[".html"], head)
        kind = _content_type(rel)
        if is_html:
            data = self._inject(data, epoch, banner=state.problem is not None)
        self._send(HTTPStatus.OK, data, kind, head)

    def _error_page(self, head: bool) -> None:
        state = self.server.state
        epoch = state.epoch
        page = state.problem or ('<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>没有错误</title>'
                                 '<body><p>上次生成没有错误。<a href="/">公开网站</a> · <a href="/archive/">内部台账</a></p>'
                                 '</body></html>').encode()
        self._send(HTTPStatus.OK, self._inject(page, epoch, False), TYPES[".html"], head)

    def _inject(self, html: bytes, epoch: int, banner: bool) -> bytes:
        state = self.server.state
        script = RELOAD_SCRIPT % {"epoch": epoch, "server": state.server_id, "events": EVENTS}
        extra = (BANNER % ERROR if banner else "") + script
        cut = html.rfind(b"</body>")
        if cut < 0:
            return html + extra.encode()
        return html[:cut] + extra.encode() + html[cut:]

    def _send(self, status: HTTPStatus, body: bytes, kind: str, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    # --- live reload -----------------------------------------------------------
    def _events(self, query: dict) -> None:
        state = self.server.state
        page = (query.get("path") or ["/index.html"])[0]
        if page.endswith("/"):
            page += "index.html"
        try:
            epoch = int((query.get("epoch") or ["0"])[0])
        except ValueError:
            epoch = 0
        client, stale = state.connect(page, epoch, (query.get("server") or [""])[0])
        try:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream; charset=utf-8")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self._event("reload" if stale else "epoch", state.epoch)
            while not state.closed:
                try:
                    item = client.queue.get(timeout=PING_SECONDS)
                except queue.Empty:
                    self.wfile.write(b": ping\n\n")
                    self.wfile.flush()
                    continue
                if item is None:
                    break
                self._event(*item)
        finally:
            state.disconnect(client)

    def _event(self, name: str, epoch: int) -> None:
        self.wfile.write(f"event: {name}\ndata: {json.dumps(epoch)}\n\n".encode())
        self.wfile.flush()


def _read(path: Path) -> bytes | None:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def _content_type(rel: str) -> str:
    suffix = posixpath.splitext(rel)[1].lower()
    return TYPES.get(suffix) or mimetypes.guess_type(rel)[0] or "application/octet-stream"


def _plain_404() -> bytes:
    return ('<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>找不到页面</title><body>'
            '<p>找不到这个页面。<a href="/">公开网站</a> · <a href="/archive/">内部台账</a></p></body></html>').encode()
