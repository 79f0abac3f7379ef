#!/usr/bin/env python3
"""Time `zhibu check` on generated projects: cold, warm, and after editing one record.

    python benchmarks/bench_check.py [--sizes 1000,10000,100000] [--workdir DIR]

For each size a project is generated with make_project.py into the work directory
(default benchmarks/out/, ignored by git) and reused while the generator and its arguments
are unchanged. Then `zhibu check` runs as a child process in the project directory:

- cold:    `.zhibu-cache/` removed first;
- warm:    again, nothing changed;
- touched: one record's body edited (a real save: new content and mtime), then restored.

Each run reports wall time, CPU time (user + system, zhibu and the workers it waited for),
records per second and the peak resident memory of the child (read with `/usr/bin/time -v`
when present, else from a small wrapper process forked for that one run, whose
RUSAGE_CHILDREN then holds only that child). That figure is the largest single process; as
zhibu parses in worker processes, the peak of the summed PSS of the whole process tree is
sampled too (Linux). One JSON line is printed per run, and a table at the end with the
median of the repeated runs (wall times are noisy on a shared machine: compare CPU times too). Exit codes 0 and 1 of `zhibu check` are normal outcomes
(clean / findings); 2, any other code, or a traceback is a failure, and makes this script
exit 1.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import make_project  # noqa: E402

GENERATOR_SOURCES = ("make_project.py", "_records.py", "_text.py")
TIME_BIN = "/usr/bin/time"

# Runs the command given after the output path and writes the child's peak RSS (KiB on Linux)
# there. A fresh wrapper per measurement, so RUSAGE_CHILDREN covers exactly one child.
RSS_WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[2:])\n"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "open(sys.argv[1], 'w').write(f'{u.ru_maxrss} {u.ru_utime + u.ru_stime}')\n"
    "sys.exit(code)\n"
)


# ------------------------------------------------------------------ projects
def generator_digest() -> str:
    h = hashlib.sha256()
    for name in GENERATOR_SOURCES:
        with open(os.path.join(HERE, name), "rb") as fh:
            h.update(fh.read())
    return h.hexdigest()[:16]


def ensure_project(workdir: str, size: int, seed: str, jobs: int) -> tuple[str, dict]:
    """The project for `size`, generated unless an up-to-date copy is already there."""
    project = os.path.join(workdir, f"records-{size}-seed-{seed}")
    stamp_path = project + ".json"
    wanted = {"records": size, "seed": seed, "generator": generator_digest()}
    if os.path.isdir(project) and os.path.exists(stamp_path):
        with open(stamp_path, encoding="utf-8") as fh:
            stamp = json.load(fh)
        if {k: stamp.get(k) for k in wanted} == wanted:
            return project, stamp
    if os.path.isdir(project):
        shutil.rmtree(project)
    os.makedirs(project)
    summary = make_project.generate(project, size, seed, years=5, last_year=2024, invalid=0, jobs=jobs)
    stamp = wanted | {k: summary[k] for k in ("branches", "branch_years", "files", "bytes", "seconds")}
    with open(stamp_path, "w", encoding="utf-8") as fh:
        json.dump(stamp, fh, ensure_ascii=False)
    emit({"bench": "generate", "size": size, "seconds": summary["seconds"], "files": summary["files"],
          "bytes": summary["bytes"]})
    return project, stamp


def pick_record(project: str) -> str:
    """A fixed record to edit: the first 主题党日 of the first branch, in sorted order."""
    branches = os.path.join(project, "content", "branches")
    first = sorted(os.listdir(branches))[0]
    records = os.path.join(branches, first, "records")
    for year in sorted(os.listdir(records)):
        for name in sorted(os.listdir(os.path.join(records, year))):
            path = os.path.join(records, year, name)
            if "type: 主题党日" in open(path, encoding="utf-8").read(200):
                return path
    raise SystemExit(f"{project} 中没有主题党日记录")


# --------------------------------------------------------------- measurement
def rss_method(requested: str) -> str:
    if requested != "auto":
        return requested
    if os.access(TIME_BIN, os.X_OK):
        probe = subprocess.run([TIME_BIN, "-v", "true"], capture_output=True, text=True)
        if probe.returncode == 0 and "Maximum resident set size" in probe.stderr:
            return "time"
    return "fork"


def _tree(root: int) -> list[int]:
    """`root` and its descendants, from the parent ids in /proc/*/stat (Linux)."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as fh:
                    stat = fh.read()
            except OSError:
                continue
            ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
            parents.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, ()))
    return found


def _pss_kib(pid: int) -> int:
    """Proportional set size of one process: shared pages are split between their users."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def measure(cmd: list[str], cwd: str, env: dict, method: str, timeout: float) -> dict:
    """Run `cmd` once: wall seconds, peak RSS of the largest process, peak PSS of the whole tree.

    zhibu may load files in worker processes; the RSS that wait4() reports is that of the
    largest single process, so the summed PSS of the process tree is sampled as well
    (every 0.1 s, Linux only; `None` elsewhere).
    """
    sample = os.path.exists("/proc/self/smaps_rollup")
    with tempfile.TemporaryDirectory() as tmp:
        rss_file = os.path.join(tmp, "rss")
        if method == "time":
            argv = [TIME_BIN, "-v", "-o", rss_file, *cmd]
        else:
            argv = [sys.executable, "-c", RSS_WRAPPER, rss_file, *cmd]
        out_path, err_path = os.path.join(tmp, "out"), os.path.join(tmp, "err")
        tree_kib = 0
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            started = time.perf_counter()
            proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=out, stderr=err, start_new_session=True)
            deadline = started + timeout
            while proc.poll() is None and time.perf_counter() < deadline:
                if sample:
                    tree_kib = max(tree_kib, sum(_pss_kib(pid) for pid in _tree(proc.pid)))
                time.sleep(0.1)
            timed_out = proc.poll() is None
            if timed_out:  # the whole group: the wrapper, zhibu and its workers
                os.killpg(proc.pid, signal.SIGKILL)
            code = None if timed_out else proc.wait()
            proc.wait()
            wall = time.perf_counter() - started
        rss_kib = cpu = None
        if os.path.exists(rss_file):
            text = open(rss_file, encoding="utf-8", errors="replace").read()
            if method == "time":
                match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
                user = re.search(r"User time \(seconds\): ([\d.]+)", text)
                system = re.search(r"System time \(seconds\): ([\d.]+)", text)
                rss_kib = int(match.group(1)) if match else None
                cpu = float(user.group(1)) + float(system.group(1)) if user and system else None
            else:
                fields = text.split()
                if len(fields) == 2:
                    rss_kib, cpu = int(fields[0]), float(fields[1])
        stdout = open(out_path, encoding="utf-8", errors="replace").read()
        stderr = open(err_path, encoding="utf-8", errors="replace").read()
    return {"wall": wall, "cpu": cpu, "rss_mib": None if rss_kib is None else rss_kib / 1024,
            "tree_mib": tree_kib / 1024 if sample and tree_kib else None,
            "exit": code, "stdout": stdout, "stderr": stderr}


def summary_of(stdout: str) -> dict | None:
    """`summary` of `check --format json` output, when that is what was printed."""
    try:
        return json.loads(stdout).get("summary")
    except (ValueError, AttributeError):
        return None


def emit(obj: dict) -> None:
    print(json.dumps(obj, ensure_ascii=False), flush=True)


def run_size(size: int, args, env: dict, method: str, rows: list) -> bool:
    project, stamp = ensure_project(args.workdir, size, args.seed, args.jobs)
    cmd = args.zhibu + ["check", *args.check_args]
    target = pick_record(project)
    original = open(target, "rb").read()
    ok = True

    def one(mode: str) -> None:
        nonlocal ok
        if mode == "cold":
            shutil.rmtree(os.path.join(project, ".zhibu-cache"), ignore_errors=True)
        result = measure(cmd, project, env, method, args.timeout)
        traceback = "Traceback (most recent call last)" in result["stderr"]
        good = result["exit"] in (0, 1) and not traceback
        ok = ok and good
        summary = summary_of(result["stdout"])
        row = {
            "bench": "check", "size": size, "records": stamp["records"], "files": stamp["files"], "mode": mode,
            "wall_s": round(result["wall"], 3), "records_per_s": round(stamp["records"] / result["wall"], 1),
            "cpu_s": None if result["cpu"] is None else round(result["cpu"], 3),
            "max_rss_mib": None if result["rss_mib"] is None else round(result["rss_mib"], 1),
            "tree_pss_mib": None if result["tree_mib"] is None else round(result["tree_mib"], 1),
            "exit": result["exit"], "ok": good, "rss_via": method,
            "findings": summary,
        }
        emit(row)
        rows.append(row)
        if not good:
            tail = (result["stderr"] or result["stdout"])[-2000:]
            print(f"失败：{size} 条记录，{mode}，退出码 {result['exit']}\n{tail}", file=sys.stderr)

    try:
        for n in range(1, args.repeat + 1):
            one("cold")
            one("warm")
            with open(target, "ab") as fh:  # a real edit: new bytes and a new mtime
                fh.write(f"\n会后补充：第 {n} 次修改。\n".encode())
            one("touched")
            with open(target, "wb") as fh:
                fh.write(original)
    finally:
        with open(target, "wb") as fh:
            fh.write(original)
    return ok


# --------------------------------------------------------------------- table
def table(rows: list[dict]) -> str:
    """Per size and mode: the median and the fastest wall time, the median CPU time, the highest memory."""
    groups: dict[tuple, list[dict]] = {}
    for r in rows:
        groups.setdefault((r["size"], r["mode"]), []).append(r)
    head = ("记录数", "场景", "次数", "耗时中位数(秒)", "最快(秒)", "CPU中位数(秒)", "记录/秒", "峰值RSS(MiB)",
            "进程树PSS(MiB)", "退出码", "错误", "警告")
    lines = [head]
    for (size, mode), runs in groups.items():
        r = runs[-1]
        f = r["findings"] or {}
        wall = statistics.median(x["wall_s"] for x in runs)
        cpus = [x["cpu_s"] for x in runs if x.get("cpu_s") is not None]
        rss = [x["max_rss_mib"] for x in runs if x["max_rss_mib"] is not None]
        pss = [x["tree_pss_mib"] for x in runs if x["tree_pss_mib"] is not None]
        worst = next((x for x in runs if not x["ok"]), r)
        lines.append((f"{r['records']:,}", {"cold": "冷启动", "warm": "热缓存", "touched": "改一条"}[mode],
                      str(len(runs)), f"{wall:.2f}", f"{min(x['wall_s'] for x in runs):.2f}",
                      f"{statistics.median(cpus):.2f}" if cpus else "-", f"{r['records'] / wall:,.0f}",
                      f"{max(rss):.0f}" if rss else "-", f"{max(pss):.0f}" if pss else "-",
                      _outcome(worst), str(f.get("errors", "-")), str(f.get("warnings", "-"))))
    widths = [max(_width(row[i]) for row in lines) for i in range(len(head))]
    out = []
    for n, row in enumerate(lines):
        out.append("  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(row, widths)).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def _outcome(row: dict) -> str:
    if row["exit"] is None:
        return "超时"
    return str(row["exit"]) if row["ok"] else f"{row['exit']}（失败）"


def _width(text: str) -> int:
    return sum(2 if ord(c) > 0x2E7F else 1 for c in text)


def parse_sizes(text: str) -> list[int]:
    sizes = []
    for part in text.split(","):
        part = part.strip().lower().replace("_", "")
        mult = 1000 if part.endswith("k") else 1
        sizes.append(int(float(part.rstrip("k")) * mult))
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="测量 zhibu check 在不同规模项目上的耗时与内存。")
    parser.add_argument("--sizes", default="1000,10000,100000", help="记录数，逗号分隔（可写 10k）")
    parser.add_argument("--workdir", default=os.path.join(HERE, "out"), help="生成项目的缓存目录")
    parser.add_argument("--seed", default="1", help="生成项目的随机种子")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="生成项目时的并行进程数")
    parser.add_argument("--repeat", type=int, default=3, help="每个场景重复次数（表格取中位数）")
    parser.add_argument("--timeout", type=float, default=1800, help="单次运行的超时（秒）")
    parser.add_argument("--zhibu", default=None,
                        help="运行 zhibu 的命令（默认：当前 Python 的 -m generator，使用本仓库的代码）")
    parser.add_argument("--rss", choices=("auto", "time", "fork"), default="auto", help="峰值内存的测量方式")
    parser.add_argument("check_args", nargs="*", help="传给 zhibu check 的参数（默认 --format json）")
    args = parser.parse_args(argv)
    args.zhibu = args.zhibu.split() if args.zhibu else [sys.executable, "-m", "generator"]
    args.check_args = args.check_args or ["--format", "json"]
    args.workdir = os.path.abspath(args.workdir)
    os.makedirs(args.workdir, exist_ok=True)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (REPO, env.get("PYTHONPATH")) if p)
    method = rss_method(args.rss)
    rows: list[dict] = []
    ok = True
    for size in parse_sizes(args.sizes):
        ok = run_size(size, args, env, method, rows) and ok
    print()
    print(table(rows))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
