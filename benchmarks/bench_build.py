#!/usr/bin/env python3
"""Benchmark `zhibu build` (public site + archive, no PDF) on a generated project.

    python benchmarks/bench_build.py [--records 10000] [--repeat 5] [--out benchmarks/out/bench-build]

Generates the project with benchmarks/make_project.py (unless it is there already),
then times, each in a fresh process:
  cold       no site/ and no loader cache;
  unchanged  the same build again;
  one change one record's place edited (``--repeat`` times: the median is printed);
and prints wall time, the check's share, the build without the search index
(pages of both parts, the swap into site/, the casebook PDFs), the search-indexing
time (reported separately: it runs Pagefind), pages per second and the peak
memory of the build process and of its children (the forked renderer, Pagefind).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def child(project: Path) -> None:
    """Run one build in this process and print its measurements as JSON."""
    sys.path.insert(0, str(HERE.parent))
    import contextlib
    import io

    import generator.commands.build as build
    from generator.cli import main
    timings = {}
    check = build.run_check

    def timed_check(*args, **kwargs):
        started = time.perf_counter()
        result = check(*args, **kwargs)
        timings["check"] = time.perf_counter() - started
        return result
    build.run_check = timed_check
    _time_stages(timings)
    os.chdir(project)
    out = io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stdout(out):
        code = main(["build"])
    timings["wall"] = time.perf_counter() - started
    text = out.getvalue()
    search = re.search(r"搜索索引已重建（([\d.]+) 秒", text)
    pages = sum(int(n) for n in re.findall(r"(\d+) 页（新写", text))
    written = sum(int(n) for n in re.findall(r"新写 (\d+)", text))
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"code": code, "timings": timings, "search": float(search.group(1)) if search else 0.0,
                      "pages": pages, "written": written, "rss_mb": own / 1024, "children_rss_mb": kids / 1024,
                      "summary": text.strip().splitlines()}, ensure_ascii=False))


def _time_stages(timings: dict) -> None:
    """Time each part, the search index and the swap separately (the search index runs Pagefind)."""
    import generator.publish.public_part as public_part
    from generator.publish.outputs import Outputs
    from generator.publish.staging import Staging

    def timed(owner, name, label):
        original = getattr(owner, name)

        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                timings[label] = timings.get(label, 0.0) + time.perf_counter() - started
        setattr(owner, name, wrapper)
    timed(Outputs, "build_casebook", "casebook")
    timed(Outputs, "build_public", "public")
    timed(Outputs, "build_archive", "archive")
    timed(public_part, "build_index", "search")
    timed(Staging, "commit", "swap")


def run_build(project: Path) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", str(project)], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(done.stderr or done.stdout)
    return json.loads(done.stdout.strip().splitlines()[-1])


def change_one_record(project: Path) -> str:
    record = sorted((project / "content/branches").glob("*/records/*/*.md"))[len(list(
        (project / "content/branches").glob("*/records/*/*.md"))) // 2]
    text = record.read_text(encoding="utf-8")
    # Alternate between two places so that every run really changes the file.
    place = "基准测试会议室甲" if "place: 基准测试会议室乙" in text else "基准测试会议室乙"
    record.write_text(re.sub(r"^place: .*$", f"place: {place}", text, count=1, flags=re.M), encoding="utf-8")
    return record.relative_to(project).as_posix()


def report(name: str, r: dict) -> None:
    t = r["timings"]
    search = t.get("search", 0.0)
    pages = t.get("public", 0.0) - search + t.get("archive", 0.0)
    build = t["wall"] - t.get("check", 0) - search - t.get("casebook", 0.0)
    rate = r["written"] / pages if pages > 0 else 0
    print(f"{name:10} wall {t['wall']:6.2f} s | check {t.get('check', 0):5.2f} s | build w/o search {build:5.2f} s "
          f"(pages {pages:5.2f} s, swap {t.get('swap', 0):4.2f} s, casebook {t.get('casebook', 0):5.2f} s) | "
          f"search {search:5.2f} s | pages {r['pages']:6d} written {r['written']:6d} ({rate:,.0f}/s) | "
          f"peak RSS {r['rss_mb']:.0f} MB, children {r['children_rss_mb']:.0f} MB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10000)
    parser.add_argument("--out", type=Path, default=HERE / "out" / "bench-build")
    parser.add_argument("--repeat", type=int, default=1, help="one-change builds to run (the median is printed)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0
    project = args.out
    if not (project / "zhibu.yaml").is_file():
        subprocess.run([sys.executable, str(HERE / "make_project.py"), str(project), "--records", str(args.records)],
                       check=True, stdout=subprocess.DEVNULL)
    shutil.rmtree(project / "site", ignore_errors=True)
    shutil.rmtree(project / ".zhibu-cache", ignore_errors=True)
    print(f"project: {project} ({args.records} records), {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    report("cold", run_build(project))
    time.sleep(10)
    report("unchanged", run_build(project))
    walls, without = [], []
    for _ in range(max(1, args.repeat)):
        time.sleep(10)  # the previous build's old site is still being removed in the background
        changed = change_one_record(project)
        r = run_build(project)
        report("one change", r)
        walls.append(r["timings"]["wall"])
        without.append(r["timings"]["wall"] - r["timings"].get("search", 0.0))
    print(f"(changed {changed})")
    if len(walls) > 1:
        print(f"one change, median of {len(walls)}: wall {statistics.median(walls):.2f} s, "
              f"without the search index {statistics.median(without):.2f} s "
              f"(min {min(without):.2f}, max {max(without):.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
