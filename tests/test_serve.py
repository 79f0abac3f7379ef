"""`zhibu serve`: the preview follows every save, shows data errors as a page, and stops cleanly."""
from __future__ import annotations

import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest

import generator
from generator.commands.serve import serve
from generator.serve.server import PreviewState, open_server, page_of
from generator.serve.watch import CONFIG, CONTENT, LAYOUTS, MEDIA, SCHEMAS, Batch, Change, classify

from samples import RECORDS, base_files

THEME_FILE = f"{RECORDS}/2024-06-14-重温入党誓词.md"
THEME_PAGE = "/archive/branches/caizheng-1/2024/2024-06-14-重温入党誓词.html"
RULES_PAGE = "/archive/rules.html"


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


class Preview:
    """``serve()`` running in a thread on a free port, as the command runs it."""

    def __init__(self, root: Path):
        self.root = root
        self.stop = threading.Event()
        self.lines: list[str] = []
        self.code: int | None = None
        started = threading.Event()

        def on_start(port, session):
            self.port, self.session = port, session
            started.set()

        def main():
            self.code = serve(root, port=0, casebook=False, today=None, stop=self.stop, started=on_start,
                              say=self.lines.append)
        self.thread = threading.Thread(target=main, daemon=True)
        self.thread.start()
        assert started.wait(20), "the server did not start"
        deadline = time.monotonic() + 30
        while not self.session.state.ready:
            assert time.monotonic() < deadline, "the first build did not finish"
            time.sleep(0.05)
        self.base = f"http://127.0.0.1:{self.port}"

    def get(self, page: str) -> tuple[int, str]:
        return fetch(self.base + quote(page, safe="/?=&"))

    def tab(self, page: str) -> "Tab":
        return Tab(self, page)

    def write(self, rel: str, text: str) -> None:
        (self.root / rel).write_text(text, encoding="utf-8")

    def close(self) -> None:
        self.stop.set()
        self.thread.join(30)

    def rounds_after(self, count: int, timeout: float = 10.0) -> list:
        """The rebuild rounds once there are more than ``count``."""
        deadline = time.monotonic() + timeout
        while len(self.session.rounds) <= count:
            assert time.monotonic() < deadline, "no rebuild"
            time.sleep(0.02)
        return self.session.rounds


class Tab:
    """What the injected reload script does: load a page, listen on the events endpoint with its epoch."""

    def __init__(self, preview: Preview, page: str):
        status, html = preview.get(page)
        assert status == 200, html
        self.epoch = int(re.search(r"var epoch=(\d+)", html).group(1))
        server = re.search(r'server="(\w+)"', html).group(1)
        url = f"{preview.base}/__zhibu/events?path={quote(page)}&epoch={self.epoch}&server={server}"
        self.events: queue.Queue = queue.Queue()
        self.resp = urllib.request.urlopen(url, timeout=60)
        threading.Thread(target=self._read, daemon=True).start()
        name, _, _ = self.events.get(timeout=5)  # registered: the server greets with the epoch
        assert name == "epoch"

    def _read(self) -> None:
        name = None
        try:
            for raw in self.resp:
                line = raw.decode("utf-8").rstrip("\n")
                if line.startswith("event: "):
                    name = line[7:]
                elif line.startswith("data: ") and name:
                    self.events.put((name, int(line[6:]), time.monotonic()))
                    name = None
        except (OSError, ValueError):
            pass

    def wait_reload(self, timeout: float = 5.0) -> float:
        """The moment the reload signal arrived."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            assert left > 0, "no reload signal"
            name, _, at = self.events.get(timeout=left)
            if name == "reload":
                return at

    def reloads_within(self, seconds: float) -> bool:
        try:
            self.wait_reload(seconds)
            return True
        except (AssertionError, queue.Empty):
            return False


@pytest.fixture
def preview(make_project):
    root = make_project(base_files())
    p = Preview(root)
    yield p
    p.close()


def test_serves_both_outputs_without_touching_site(preview):
    status, home = preview.get("/")
    assert status == 200 and "<script data-zhibu-serve>" in home
    status, archive = preview.get("/archive/")
    assert status == 200 and "内部台账" in archive
    status, page = preview.get(THEME_PAGE)
    assert status == 200 and "重温入党誓词" in page
    assert preview.get("/no/such/page.html")[0] == 404
    assert preview.get("/archive/../zhibu.yaml")[0] == 404
    assert not (preview.root / "site").exists()
    assert "公开网站：http://127.0.0.1:" in preview.lines[0] or any("公开网站：" in line for line in preview.lines)
    assert any("/archive/" in line for line in preview.lines)


def test_an_edit_reaches_the_open_tab_within_two_seconds(preview):
    tab = preview.tab(THEME_PAGE)
    text = (preview.root / THEME_FILE).read_text(encoding="utf-8")
    saved = time.monotonic()
    preview.write(THEME_FILE, text.replace("place: 党员活动室", "place: 三楼第二会议室"))
    arrived = tab.wait_reload(5)
    assert arrived - saved < 2.0
    assert "三楼第二会议室" in preview.get(THEME_PAGE)[1]


def test_a_tab_on_an_unaffected_page_does_not_reload(preview):
    rules = preview.tab(RULES_PAGE)
    theme = preview.tab(THEME_PAGE)
    text = (preview.root / THEME_FILE).read_text(encoding="utf-8")
    preview.write(THEME_FILE, text.replace("place: 党员活动室", "place: 四楼会议室"))
    theme.wait_reload(5)
    assert not rules.reloads_within(0.5)


def test_a_broken_file_shows_the_error_page_and_the_fix_brings_the_page_back(preview):
    tab = preview.tab(THEME_PAGE)
    good = (preview.root / THEME_FILE).read_text(encoding="utf-8")
    preview.write(THEME_FILE, good.replace("place: 党员活动室", "place: [党员活动室"))
    tab.wait_reload(5)
    status, page = preview.get(THEME_PAGE)
    assert status == 200 and 'content="error"' in page
    assert f"{THEME_FILE}:8:5" in page and "方括号列表 [ ] 未闭合" in page and "提示：" in page
    assert "<script data-zhibu-serve>" in page                      # the fix will reload it
    assert 'content="error"' in preview.get("/")[1]                   # every page shows it
    last_good = preview.get(THEME_PAGE + "?zhibu=last-good")[1]       # the last good page stays reachable
    assert "党员活动室" in last_good and "data-zhibu-banner" in last_good
    assert f"{THEME_FILE}:8:5" in preview.get("/__zhibu/error")[1]
    assert any(f"{THEME_FILE}:8:5" in line for line in preview.lines)

    tab = preview.tab(THEME_PAGE)
    preview.write(THEME_FILE, good.replace("place: 党员活动室", "place: 五楼会议室"))
    tab.wait_reload(5)
    status, page = preview.get(THEME_PAGE)
    assert status == 200 and "五楼会议室" in page and 'content="error"' not in page
    assert "没有错误" in preview.get("/__zhibu/error")[1]


def test_saving_the_same_error_again_does_not_reload(preview):
    good = (preview.root / THEME_FILE).read_text(encoding="utf-8")
    broken = good.replace("place: 党员活动室", "place: [党员活动室")
    tab = preview.tab(THEME_PAGE)
    preview.write(THEME_FILE, broken)
    tab.wait_reload(5)
    tab = preview.tab(THEME_PAGE)
    preview.write(THEME_FILE, broken)
    assert not tab.reloads_within(1.0)


def test_a_template_error_is_shown_with_its_file_and_line(preview):
    tab = preview.tab("/")
    home = preview.root / "layouts/public/home.html"
    home.parent.mkdir(parents=True)
    home.write_text('{% extends "default/public/home.html" %}\n{% block content %}{{ no_such_value }}{% endblock %}\n',
                    encoding="utf-8")
    tab.wait_reload(5)
    page = preview.get("/")[1]
    assert "模板出错" in page and "layouts/public/home.html:2" in page
    tab = preview.tab("/")
    home.unlink()
    tab.wait_reload(5)
    assert 'content="error"' not in preview.get("/")[1]


def test_the_project_may_override_the_error_page(preview):
    override = preview.root / "layouts/serve/error.html"
    override.parent.mkdir(parents=True)
    override.write_text("<html><body>本单位的出错页面：{% for e in entries %}{{ e.where }}{% endfor %}</body></html>",
                        encoding="utf-8")
    time.sleep(0.5)
    tab = preview.tab(THEME_PAGE)
    good = (preview.root / THEME_FILE).read_text(encoding="utf-8")
    preview.write(THEME_FILE, good.replace("place: 党员活动室", "place: [党员活动室"))
    tab.wait_reload(5)
    assert f"本单位的出错页面：{THEME_FILE}:8:5" in preview.get(THEME_PAGE)[1]


def test_the_search_index_follows_in_the_background(preview):
    if not preview.session.indexer.enabled:
        pytest.skip("pagefind is not installed")
    deadline = time.monotonic() + 30
    while preview.get("/pagefind/shards.json")[0] != 200:
        assert time.monotonic() < deadline, preview.session.indexer.failed
        time.sleep(0.1)
    first = preview.session.indexer.generation
    text = (preview.root / THEME_FILE).read_text(encoding="utf-8")
    preview.write(THEME_FILE, text.replace("重温入党誓词。", "重温入党誓词，交流学习心得。"))
    while preview.session.indexer.generation == first:
        assert time.monotonic() < deadline + 30, preview.session.indexer.failed
        time.sleep(0.1)
    shards = json.loads(preview.get("/pagefind/shards.json")[1])
    assert shards[0] == "site" and "2024" in shards
    assert all(preview.get(f"/pagefind/{shard}/pagefind.js")[0] == 200 for shard in shards)


@pytest.fixture
def quick_preview(preview):
    """The quick render on, as for a large project."""
    preview.session.configure(quick_min=0)
    return preview


def test_the_quick_render_serves_the_open_page_before_the_whole_build(quick_preview):
    p = quick_preview
    tab = p.tab(THEME_PAGE)
    text = (p.root / THEME_FILE).read_text(encoding="utf-8")
    count = len(p.session.rounds)
    p.write(THEME_FILE, text.replace("place: 党员活动室", "place: 六楼会议室"))
    tab.wait_reload(5)
    assert "六楼会议室" in p.get(THEME_PAGE)[1]
    again = p.tab(THEME_PAGE)                       # the tab after its reload
    done = p.rounds_after(count)[-1]
    assert done.quick is not None and done.quick_pages == 1 and done.full is not None
    assert not again.reloads_within(0.3)            # the whole build made the same page: no second reload
    assert "六楼会议室" in p.get(THEME_PAGE)[1]


def test_the_quick_render_shows_a_half_written_file_and_its_mending(quick_preview):
    p = quick_preview
    good = (p.root / THEME_FILE).read_text(encoding="utf-8")
    tab = p.tab(THEME_PAGE)
    count = len(p.session.rounds)
    p.write(THEME_FILE, good.replace("place: 党员活动室", "place: [党员活动室"))
    tab.wait_reload(5)
    assert f"{THEME_FILE}:8:5" in p.get(THEME_PAGE)[1]
    assert p.rounds_after(count)[-1].quick is not None
    tab = p.tab(THEME_PAGE)
    p.write(THEME_FILE, good.replace("place: 党员活动室", "place: 七楼会议室"))
    tab.wait_reload(5)
    page = p.get(THEME_PAGE)[1]
    assert "七楼会议室" in page and 'content="error"' not in page


def test_the_quick_render_catches_a_reference_error_of_the_branch(quick_preview):
    p = quick_preview
    good = (p.root / THEME_FILE).read_text(encoding="utf-8")
    tab = p.tab(THEME_PAGE)
    p.write(THEME_FILE, good.replace("host: 张伟", "host: 张卫"))
    tab.wait_reload(5)
    page = p.get(THEME_PAGE)[1]
    assert "张卫" in page and "ref/member" in page and 'content="error"' in page


def test_stop_exits_zero_and_removes_the_preview_folder(make_project):
    p = Preview(make_project(base_files()))
    workdir = p.session.workdir
    assert workdir.is_dir()
    p.close()
    assert not p.thread.is_alive() and p.code == 0
    assert not workdir.exists()
    assert p.lines[-1] == "已停止预览，再见。"
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", p.port), timeout=1).close()


def test_ctrl_c_ends_the_command_with_a_goodbye_and_no_traceback(make_project):
    root = make_project(base_files())
    env = dict(os.environ, PYTHONPATH=str(Path(generator.__file__).resolve().parent.parent))
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--port", "0"], cwd=root, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = proc.stdout.readline()
        assert "本地预览" in first
        url = proc.stdout.readline().split("：", 1)[1].strip()
        deadline = time.monotonic() + 30
        while "正在生成预览" in fetch(url)[1] or fetch(url)[0] != 200:
            assert time.monotonic() < deadline
            time.sleep(0.1)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "已停止预览，再见。" in out
    assert "Traceback" not in err and err.strip() == ""


def test_port_default_moves_on_when_taken_and_zero_picks_any():
    state = PreviewState(Path("/nonexistent"))
    held = socket.socket()
    try:
        held.bind(("127.0.0.1", 8000))
        held.listen()
    except OSError:
        pass  # something else holds 8000 already: the server must move on all the same
    try:
        server = open_server(state, None)
        assert 8000 < server.server_address[1] < 8100
        server.server_close()
        server = open_server(state, 0)
        assert server.server_address[0] == "127.0.0.1" and server.server_address[1] > 0
        server.server_close()
    finally:
        held.close()


@pytest.mark.parametrize("rel, kind", [
    ("content/branches/b/records/2024/2024-06-14-x.md", CONTENT),
    ("content/org.yaml", CONTENT),
    ("content/media/2024/a.jpg", MEDIA),
    ("layouts/public/home.html", LAYOUTS),
    ("layouts/static/style.css", LAYOUTS),
    ("schemas/record.schema.json", SCHEMAS),
    ("zhibu.yaml", CONFIG),
    ("profiles/local.yaml", CONFIG),
    ("site/public/index.html", None),
    (".zhibu-cache/documents.marshal", None),
    (".git/index", None),
    (".site-staging-123/public/index.html", None),
    ("content/branches/b/records/2024/.2024-06-14-x.md.swp", None),
    ("content/branches/b/records/2024/2024-06-14-x.md~", None),
    ("content/branches/b/records/2024/#2024-06-14-x.md#", None),
    ("content/branches/b/records/2024/4913", None),
    ("README.md", None),
])
def test_changes_are_classified(rel, kind):
    assert classify(rel) == kind


def test_a_batch_costs_as_much_as_its_most_expensive_change():
    batch = Batch((Change("content/a.md", CONTENT),)).merged(Batch((Change("layouts/x.html", LAYOUTS),)))
    assert batch.kind == LAYOUTS and batch.paths == {"content/a.md", "layouts/x.html"}


@pytest.mark.parametrize("path, expected", [
    ("/", ("public", "index.html")),
    ("/notices/", ("public", "notices/index.html")),
    ("/archive/", ("archive", "index.html")),
    ("/archive/branches/b/2024/x.html", ("archive", "branches/b/2024/x.html")),
    ("/../etc/passwd", None),
    ("/archive/.zhibu-build.json", None),
])
def test_url_paths_map_to_files_inside_the_preview(path, expected):
    assert page_of(path) == expected


def test_the_watcher_reports_writes_not_reads(make_project):
    """A build reads thousands of files: were reads events, the kernel's queue would overflow and saves be lost."""
    from generator.serve.watch import Watcher
    root = make_project(base_files())
    batches: queue.Queue = queue.Queue()
    watcher = Watcher(root, batches.put)
    watcher.start()
    try:
        for _ in range(3):
            (root / THEME_FILE).read_bytes()
        with pytest.raises(queue.Empty):
            batches.get(timeout=0.5)
        (root / THEME_FILE).write_text((root / THEME_FILE).read_text(encoding="utf-8") + "\n", encoding="utf-8")
        (root / "content/branches/caizheng-1/records/2024/.2024-06-14-x.md.swp").write_text("x", encoding="utf-8")
        batch = batches.get(timeout=5)
        assert batch.paths == {THEME_FILE} and batch.kind == CONTENT
    finally:
        watcher.stop()


def test_a_broken_zhibu_yaml_is_shown_and_its_fix_rebuilds(preview):
    tab = preview.tab("/")
    config = preview.root / "zhibu.yaml"
    good = config.read_text(encoding="utf-8")
    config.write_text(good.replace("title: 测试党务公开", "title: [测试党务公开"), encoding="utf-8")
    tab.wait_reload(5)
    page = preview.get("/")[1]
    assert "配置有误" in page and "zhibu.yaml:" in page
    tab = preview.tab("/")
    config.write_text(good.replace("title: 测试党务公开", "title: 修改后的党务公开"), encoding="utf-8")
    tab.wait_reload(5)
    assert "修改后的党务公开" in preview.get("/")[1]


def test_without_fork_the_build_runs_in_place(monkeypatch):
    from generator.serve import worker
    monkeypatch.delattr(worker.os, "fork")
    done = worker.start_worker(lambda: ("built", 2))
    assert done.inline and done.outcome() == ("built", 2)


def test_a_cancelled_worker_ends_at_once_unless_it_is_swapping_its_build_in():
    from generator.serve.worker import Worker, committing

    def slow():
        time.sleep(30)
        return "built"
    worker = Worker(slow)
    started = time.monotonic()
    worker.cancel()
    assert worker.outcome() is None and time.monotonic() - started < 5

    def swapping():
        with committing():
            time.sleep(0.5)
        return "swapped"
    worker = Worker(swapping)
    time.sleep(0.2)
    worker.cancel()
    assert worker.outcome() == "swapped"
    assert Worker(lambda: ("built", 1)).outcome() == ("built", 1)
