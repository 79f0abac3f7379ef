"""Full-text search for the public site: Pagefind indexes in ``public/pagefind/``, one per shard.

Pagefind's extended build (PyPI ``pagefind[extended]``) segments Chinese, for
pages whose ``<html lang>`` is ``zh-CN``. Only the parts of pages marked
``data-pagefind-body`` are indexed (notices, activities, branches, cases).

Pagefind has no incremental mode: it reads every page it is given. So the
site is indexed in shards — the activity and branch pages of each year
(``pagefind/2024/``) and the rest (``pagefind/site/``: notices, branches'
front pages, cases, honour rolls) —
and the search page merges them (``pagefind/shards.json`` lists them). A
shard is indexed again only when one of its pages' bytes changed or a page
came or went; the others are taken over from the previous build. An edited
record costs the index of its year, not the whole site; shards to index run
two at a time.
Without the Pagefind binary the build goes on and says so.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from ..publish.staging import link_tree

BUNDLE = "pagefind"
SHARDS = "shards.json"
REST = "site"
TIMEOUT = 600
# Folders of the public site that never hold pages to index.
_NOT_PAGES = {BUNDLE, "static", "media"}


@dataclass(slots=True)
class SearchResult:
    key: dict[str, str]      # shard → key of its pages' bytes
    status: str              # "indexed" | "reused" | "skipped"
    seconds: float = 0.0
    note: str | None = None
    indexed: tuple[str, ...] = ()


def shard_of(url: str) -> str:
    """A year's activities and branch-year pages → the year; every other page → the rest.

    A record's page and its branch's page of that year change together: one shard.
    """
    parts = url.split("/")
    if len(parts) == 4 and parts[0] == "activities" and parts[2].isdigit():
        return parts[2]
    if len(parts) == 3 and parts[0] == "branches" and parts[2][:-5].isdigit() and parts[2].endswith(".html"):
        return parts[2][:-5]
    return REST


def search_key(page_sums: dict[str, str]) -> dict[str, str]:
    """Per shard, a hash of its pages' URLs and bytes (their hashes)."""
    hashes: dict[str, hashlib.blake2b] = {}
    for url in sorted(page_sums):
        if url.endswith(".html"):
            h = hashes.setdefault(shard_of(url), hashlib.blake2b(digest_size=16))
            h.update(f"{url}\0{page_sums[url]}\n".encode())
    return {shard: h.hexdigest() for shard, h in sorted(hashes.items())}


def available() -> bool:
    return importlib.util.find_spec("pagefind") is not None


def build_index(public: Path, key: dict[str, str], *, previous_key, previous_dir: Path | None) -> SearchResult:
    """``public/pagefind/``: the shards whose key is unchanged linked from the previous build, the rest indexed."""
    previous = previous_key if isinstance(previous_key, dict) else {}
    old_bundle = previous_dir / BUNDLE if previous_dir is not None else None
    stale = [s for s in key if not (previous.get(s) == key[s] and old_bundle is not None
                                    and (old_bundle / s / "pagefind.js").is_file())]
    if stale and not available():
        return SearchResult(key, "skipped", note="未安装 pagefind（pip install \"pagefind[extended]\"），本次未生成站内搜索索引")
    bundle = public / BUNDLE
    bundle.mkdir(exist_ok=True)
    for shard in key:
        if shard not in stale:
            link_tree(old_bundle / shard, bundle / shard)
    started = time.perf_counter()
    problem = index_shards(public, bundle, stale)
    if problem:
        shutil.rmtree(bundle, ignore_errors=True)
        return SearchResult(key, "skipped", note=f"站内搜索索引未能生成：{problem}")
    write_shard_list(bundle, key)
    if not stale:
        return SearchResult(key, "reused")
    return SearchResult(key, "indexed", time.perf_counter() - started, indexed=tuple(stale))


def write_shard_list(bundle: Path, shards) -> None:
    """``shards.json``: the rest first (its bundle is the one the search page loads), then the years."""
    names = sorted(shards, key=lambda s: (s != REST, s))
    (bundle / SHARDS).write_text(json.dumps(names) + "\n", encoding="utf-8")


def index_shards(public: Path, bundle: Path, shards: list[str], *, nice: bool = False) -> str | None:
    """Run Pagefind for each shard (two at a time) into ``bundle/<shard>/``; a message when one failed."""
    waiting = list(shards)
    running: list[tuple[str, subprocess.Popen]] = []
    problem = None
    lanes = max(1, min(2, os.cpu_count() or 1))
    try:
        while waiting or running:
            while waiting and len(running) < lanes and problem is None:
                shard = waiting.pop(0)
                shutil.rmtree(bundle / shard, ignore_errors=True)
                try:
                    running.append((shard, subprocess.Popen(_command(public, bundle, shard, nice), text=True,
                                                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)))
                except OSError as exc:
                    problem = type(exc).__name__
            if not running:
                break
            shard, process = running.pop(0)
            try:
                output, _ = process.communicate(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.communicate()
                problem = problem or "超时"
                continue
            if process.returncode != 0 or not (bundle / shard / "pagefind.js").is_file():
                problem = problem or ((output or "").strip().splitlines()[-1:] or ["无输出"])[0]
    finally:
        for _, process in running:
            process.kill()
            process.wait()
    return problem


def _command(public: Path, bundle: Path, shard: str, nice: bool) -> list[str]:
    command = [sys.executable, "-m", "pagefind", "--site", str(public), "--glob", _glob(public, shard),
               "--output-path", str(bundle / shard), "--silent"]
    if nice and shutil.which("nice"):
        command = ["nice", "-n", "10"] + command
    return command


def _glob(public: Path, shard: str) -> str:
    """The pages of one shard as a Pagefind glob (the same split as ``shard_of``)."""
    if shard != REST:
        return f"{{activities/*/{shard}/*.html,branches/*/{shard}.html}}"
    names = sorted(e.name for e in os.scandir(public) if e.name not in _NOT_PAGES | {"activities", "branches"}
                   and (e.is_dir() or e.name.endswith(".html")))
    alternatives = [n if n.endswith(".html") else f"{n}/**/*.html" for n in names]
    alternatives += ["activities/*.html", "activities/*/*.html", "branches/*.html", "branches/*/index.html"]
    return "{" + ",".join(alternatives) + "}"
