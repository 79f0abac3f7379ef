"""Every link on every page of the demo's built site leads somewhere.

The demo organisation (content/) is built in a temporary folder; then every href and src in
site/public and site/archive is followed: relative links must name a file that exists (and the
anchor in it, when there is one), the public site must never link into the internal archive, and
only the feeds, the sitemap and the 404 page (served at any depth) may use absolute addresses.
"""
from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import run_zhibu

DEMO = Path(__file__).resolve().parent.parent


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value is not None and tag not in ("base",):
                self.links.append(value)
            if name in ("id", "name") and value:
                self.ids.add(value)


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("links") / "demo"
    shutil.copytree(DEMO / "content", root / "content")
    shutil.copy2(DEMO / "zhibu.yaml", root / "zhibu.yaml")
    run = run_zhibu(root, "build", "--only", "public")
    assert run.code == 0, run.out + run.err
    run = run_zhibu(root, "build", "--only", "archive")
    assert run.code == 0, run.out + run.err
    return root / "site"


def _broken(part: Path) -> tuple[list[str], list[str]]:
    """(links to nothing, absolute links) over every page of one output folder."""
    parsed: dict[Path, _Links] = {}

    def page(path: Path) -> _Links:
        if path not in parsed:
            parsed[path] = _parse(path)
        return parsed[path]

    broken, absolute = [], []
    for html in sorted(part.rglob("*.html")):
        rel = html.relative_to(part).as_posix()
        for link in page(html).links:
            url = urlsplit(link)
            if url.scheme in ("mailto", "tel", "data"):
                continue
            if url.scheme or link.startswith("/"):
                if rel != "404.html":
                    absolute.append(f"{rel} → {link}")
                continue
            target = (html.parent / unquote(url.path)).resolve() if url.path else html
            if not target.is_relative_to(part.resolve()):
                broken.append(f"{rel} → {link}（出了 {part.name}/）")
            elif target.is_dir() or not target.is_file():
                broken.append(f"{rel} → {link}")
            elif url.fragment and target.suffix == ".html" and unquote(url.fragment) not in page(target).ids:
                broken.append(f"{rel} → {link}（没有这个锚点）")
    return broken, absolute


@pytest.mark.parametrize("part", ["public", "archive"])
def test_every_link_of_the_demo_site_leads_to_a_file_and_anchor(demo_site, part):
    broken, absolute = _broken(demo_site / part)
    assert broken == []
    assert absolute == []


def test_the_public_site_never_links_into_the_archive(demo_site):
    public = demo_site / "public"
    for html in public.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "archive/" not in "".join(_parse(html).links), html.relative_to(public)
        assert "内部台账" not in text, html.relative_to(public)
