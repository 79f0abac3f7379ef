"""Full-text search for the public site: a Pagefind index in ``public/pagefind/``.

Pagefind's extended build (PyPI ``pagefind[extended]``) segments Chinese, for
pages whose ``<html lang>`` is ``zh-CN``. Only the parts of pages marked
``data-pagefind-body`` are indexed (notices, activities, branches, cases).
The index is rebuilt only when a public page changed: its key is the hash of
all public page keys, and an unchanged index is taken over from the previous
build. Without the Pagefind binary the build goes on and says so.
"""
from __future__ import annotations

import hashlib
import importlib.util
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ..publish.staging import link_tree

BUNDLE = "pagefind"
TIMEOUT = 600


@dataclass(slots=True)
class SearchResult:
    key: str
    status: str              # "indexed" | "reused" | "skipped"
    seconds: float = 0.0
    note: str | None = None


def search_key(page_keys: dict[str, str]) -> str:
    h = hashlib.blake2b(digest_size=16)
    for url in sorted(page_keys):
        if url.endswith(".html"):
            h.update(f"{url}\0{page_keys[url]}\n".encode())
    return h.hexdigest()


def available() -> bool:
    return importlib.util.find_spec("pagefind") is not None


def build_index(public: Path, key: str, *, previous_key: str | None, previous_dir: Path | None) -> SearchResult:
    import time
    old_bundle = previous_dir / BUNDLE if previous_dir is not None else None
    if previous_key == key and old_bundle is not None and old_bundle.is_dir():
        link_tree(old_bundle, public / BUNDLE)
        return SearchResult(key, "reused")
    if not available():
        return SearchResult(key, "skipped", note="未安装 pagefind（pip install \"pagefind[extended]\"），本次未生成站内搜索索引")
    started = time.perf_counter()
    command = [sys.executable, "-m", "pagefind", "--site", str(public), "--output-subdir", BUNDLE, "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return SearchResult(key, "skipped", note=f"站内搜索索引未能生成（{type(exc).__name__}）")
    if done.returncode != 0 or not (public / BUNDLE / "pagefind.js").is_file():
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["无输出"]
        return SearchResult(key, "skipped", note=f"站内搜索索引未能生成：{detail[0]}")
    return SearchResult(key, "indexed", time.perf_counter() - started)
