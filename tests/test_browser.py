"""The built site in a real browser: headless Chromium from the system, driven by Playwright.

Opens the home page, a branch page, an activity page and the archive's dashboard,
searches in Chinese, and fails on any console error. Skipped when the system has
no Chromium or Playwright is not installed. Set ZHIBU_SCREENSHOTS to a folder to
keep the screenshots (desktop and phone widths).
"""
from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest

from test_build import full_files

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="系统没有安装 Chromium")
playwright_api = pytest.importorskip("playwright.sync_api")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def served(make_project, zhibu):
    files = full_files()
    for i, day in enumerate(("2024-07-12", "2024-08-15", "2024-09-13")):
        files[f"content/branches/caizheng-1/records/2024/{day}-学习{i}.md"] = f"""\
            ---
            type: 党课
            title: 专题党课第{i + 1}讲
            date: {day}
            start: "15:00"
            end: "17:00"
            place: 党员活动室
            host: 张伟
            recorder: 李娜
            speaker: 张伟
            summary: 书记讲授专题党课。
            attendance:
              present: [张伟, 李娜, 王强{', 陈静' if i else ''}]
              absent: {{}}
              observers: []
            speeches: [{{speaker: 张伟, text: 讲授党课}}]
            votes: []
            resolutions: []
            ---
            """
    root = make_project(files)
    run = zhibu(root, "build")
    assert run.code == 0, run.out + run.err
    if not (root / "site/public/pagefind/site/pagefind-ui.js").is_file():
        pytest.skip("没有生成搜索索引（未安装 pagefind）")
    servers = []
    for part in ("public", "archive"):
        handler = functools.partial(_Quiet, directory=str(root / "site" / part))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    urls = {part: f"http://127.0.0.1:{s.server_address[1]}/" for part, s in zip(("public", "archive"), servers)}
    yield dict(urls, public_dir=root / "site/public")
    for server in servers:
        server.shutdown()
        server.server_close()


def _shots() -> Path | None:
    folder = os.environ.get("ZHIBU_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        return Path(folder)
    return None


def test_pages_search_and_no_console_errors(served, tmp_path):
    shots = _shots() or tmp_path
    errors: list[str] = []
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for width, height, tag in ((1280, 900, "desktop"), (390, 844, "phone")):
            page = browser.new_page(viewport={"width": width, "height": height})
            page.on("console", lambda msg: errors.append(f"{msg.type}: {msg.text}") if msg.type == "error" else None)
            page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
            visits = [
                ("home", served["public"] + "index.html", "公示中"),
                ("branch", served["public"] + "branches/caizheng-1/2024.html", "2024年活动日历"),
                ("activity", served["public"] + "activities/caizheng-1/2024/2024-06-14-重温入党誓词.html", "重温入党誓词"),
                ("dashboard", served["archive"] + "dashboard/2024.html", "合规看板"),
                ("ledger", served["archive"] + "branches/caizheng-1/2024/index.html", "计划与落实"),
            ]
            for name, url, expected in visits:
                response = page.goto(url)
                assert response is not None and response.ok, url
                assert expected in page.content(), name
                page.screenshot(path=str(shots / f"{name}-{tag}.png"), full_page=True)
            _search(page, served["public"], shots / f"search-{tag}.png")
            page.close()
        browser.close()
    assert errors == []


def _search(page, base: str, shot: Path) -> None:
    page.goto(base + "search.html?q=主题党日")
    result = page.locator(".pagefind-ui__result-link").first
    result.wait_for(timeout=15000)
    titles = page.locator(".pagefind-ui__result-link").all_inner_texts()
    assert any("重温入党誓词" in t for t in titles), titles          # an activity: its year's index
    assert "测试局机关第一党支部" in titles, titles                    # a branch page: the rest's index
    page.screenshot(path=str(shot), full_page=True)
    page.locator(".pagefind-ui__result-link", has_text="重温入党誓词").first.click()
    page.wait_for_load_state()
    assert "重温入党誓词" in page.title()


def test_search_page_from_file_says_it_needs_a_server(served):
    errors: list[str] = []
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.goto((served["public_dir"] / "search.html").as_uri())
        note = page.locator("#search-note")
        note.wait_for()
        assert "需要通过网站服务器访问" in note.inner_text()
        page.goto((served["public_dir"] / "index.html").as_uri())
        assert "公示中" in page.content()
        browser.close()
    assert errors == []
