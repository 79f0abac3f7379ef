#!/usr/bin/env python3
"""Generate a complete, valid zhibu site project of realistic shape for benchmarks.

    python benchmarks/make_project.py OUT_DIR --records 10000 [--seed 1] [--invalid 0]

The project has the layout of content-format.md: zhibu.yaml, content/org.yaml, branches of
15-40 members with a committee and 1-3 党小组, and per branch-year about 50 activity records
(12 主题党日 with all nine steps, 12 支委会, 12 党小组会 per group, 4 支部党员大会, 4 党课,
a 组织生活会, a 民主评议党员, plus 谈心谈话/其他 to reach the exact count), an annual plan and
a dues ledger; the organisation has notices, cases, casebooks and awards per year.

Branches span `--years` years ending in `--last-year`; `today` is the last day of that
year. Exactly N activity records are written (below one branch-year, about 46 records, the
single year is cut short and compliance warnings are to be expected). The same arguments
give byte-identical output. `--invalid K` plants K data errors in records (a bad date, an
unknown field, a duplicate key, in turn) and lists them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import random
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import _text as T  # noqa: E402
from _records import (  # noqa: E402
    PHOTO_BYTES, Branch, Group, Member, cn_number, mandatory_records, weekday_on_or_after, write_branch,
)

CITY = "江城"
ORG = f"中共{CITY}市直属机关工作委员会"
DUES_AMOUNTS = (10, 12, 15, 20, 24, 30, 36, 45, 50, 60, 75, 80, 100, 120, 150, 200, 12.5, 37.5)


# --------------------------------------------------------------------- planning
def plan_branches(records: int, years: int, last_year: int, seed: str) -> tuple[list[Branch], int | None]:
    """Branches and their years so that the mandatory records plus extras total `records`.

    Returns the branches and, for a project smaller than one branch-year, the record limit.
    """
    rng = random.Random(f"{seed}:org")
    branches: list[Branch] = []
    total = 0
    while True:
        groups = rng.choices((1, 2, 3), (50, 35, 15))[0]
        remaining = records - total
        if remaining < mandatory_records(groups):
            groups = 1
        span = min(years, remaining // mandatory_records(groups))
        if span == 0:
            break
        branches.append(make_branch(len(branches), groups, list(range(last_year - span + 1, last_year + 1)), rng))
        total += span * mandatory_records(groups)
    if not branches:  # a tiny project: one branch, one year, cut short
        branches.append(make_branch(0, 1, [last_year], rng))
        return branches, records
    slots = [(b, y) for b in branches for y in b.years]
    for i in range(records - total):
        b, y = slots[i % len(slots)]
        b.extras[y] = b.extras.get(y, 0) + 1
    return branches, None


def unique_names(rng: random.Random, count: int) -> list[str]:
    seen: list[str] = []
    taken: set[str] = set()
    while len(seen) < count:
        given = rng.choice(T.GIVEN) + (rng.choice(T.GIVEN) if rng.random() < 0.6 else "")
        name = rng.choice(T.SURNAMES) + given
        if name not in taken:
            taken.add(name)
            seen.append(name)
    return seen


def random_day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def branch_type(dept: str) -> str:
    for suffix, kind in (("医院", "医院"), ("中学", "学校"), ("集团", "企业"), ("社区", "社区"),
                         ("馆", "事业单位"), ("中心", "事业单位")):
        if dept.endswith(suffix):
            return kind
    return "机关"


def make_branch(index: int, groups: int, years: list[int], rng: random.Random) -> Branch:
    dept_id, dept = T.DEPARTMENTS[index % len(T.DEPARTMENTS)]
    number = index // len(T.DEPARTMENTS) + 1
    kind = branch_type(dept)
    unit = "机关" if kind == "机关" else ""
    first_year, last_year = years[0], years[-1]
    today = dt.date(last_year, 12, 31)

    stable_count = rng.randint(15, 36)
    moved_in, moved_out, probation = rng.randint(0, 2), rng.randint(0, 2), rng.randint(0, 2)
    all_names = unique_names(rng, stable_count + moved_in + moved_out + probation)
    old_party = (dt.date(1975, 1, 1), dt.date(first_year - 1, 12, 31))

    def amount() -> float:
        return rng.choice(DUES_AMOUNTS)

    stable = [Member(n, "正式", random_day(rng, *old_party), dues=amount()) for n in all_names[:stable_count]]
    rest = all_names[stable_count:]
    span = (dt.date(first_year, 2, 1), dt.date(last_year, 11, 30))
    movers = [Member(n, "正式", random_day(rng, *old_party), since=random_day(rng, *span), dues=amount())
              for n in rest[:moved_in]]
    movers += [Member(n, "正式", random_day(rng, *old_party), left=random_day(rng, *span), dues=amount())
               for n in rest[moved_in:moved_in + moved_out]]
    for n in rest[moved_in + moved_out:]:
        joined = random_day(rng, dt.date(last_year, 2, 1), dt.date(last_year, 10, 31))
        movers.append(Member(n, "预备", joined, since=joined, dues=amount()))

    committee_size = 3 if stable_count < 25 else 5
    committee = stable[:committee_size]
    secretary = committee[0]
    secretary.leader = rng.random() < 0.5
    for m in rng.sample(stable[1:committee_size + 3], rng.randint(0, 2)):
        m.leader = True
    if rng.random() < 0.4:  # one elderly member exempt from attendance counting (seed 001 §三)
        elder = stable[-1]
        elder.exempt = T.EXEMPT_REASON
        elder.joined = random_day(rng, dt.date(1960, 1, 1), dt.date(1975, 12, 31))

    shuffled = stable[:]
    rng.shuffle(shuffled)
    group_list = []
    for g in range(groups):
        chunk = shuffled[g::groups]
        leader = next(m for m in chunk if not m.exempt and m is not secretary)
        chunk.remove(leader)
        group_list.append(Group(f"第{cn_number(g + 1)}党小组", leader.name, [leader.name] + [m.name for m in chunk]))

    return Branch(
        id=f"{dept_id}-{number}",
        name=f"{CITY}{dept}{unit}第{cn_number(number)}党支部",
        type=kind,
        parent=f"中共{CITY}{dept}{unit}委员会",
        secretary=secretary.name,
        committee=[m.name for m in committee],
        elected=today - dt.timedelta(days=rng.randint(120, 1000)),
        groups=group_list,
        members=stable + movers,
        years=years,
    )


# ----------------------------------------------------------- organisation files
def write(root: str, rel: str, text: str | bytes, stats: dict) -> None:
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data = text.encode() if isinstance(text, str) else text
    with open(path, "wb") as fh:
        fh.write(data)
    stats["bytes"] += len(data)
    stats["files"] += 1


def write_site_files(root: str, last_year: int, stats: dict) -> None:
    write(root, "zhibu.yaml", "\n".join([
        f"title: {CITY}市直机关党务公开",
        f"org: {ORG}",
        "base_url: https://dangwu.example.org/",
        "language: zh-Hans",
        "rules: national",
        f"today: {last_year}-12-31",
    ]) + "\n", stats)
    write(root, "content/org.yaml", f"name: {ORG}\n", stats)


def active(branches: list[Branch], year: int) -> list[Branch]:
    return [b for b in branches if year in b.years]


def write_notices(root: str, branches: list[Branch], years: list[int], seed: str, stats: dict) -> int:
    rng = random.Random(f"{seed}:notices")
    used: set[str] = set()
    count = 0

    def notice(year: int, slug: str, head: list[str], body: str, published: dt.date) -> None:
        nonlocal count
        base, n = slug, 1
        while f"{published}-{slug}" in used:
            n += 1
            slug = f"{base}-{n}"
        used.add(f"{published}-{slug}")
        text = "---\n" + "\n".join(head) + "\n---\n" + body + "\n"
        write(root, f"content/notices/{year}/{published.isoformat()}-{slug}.md", text, stats)
        count += 1

    def paragraphs(extra: str = "") -> str:
        return "\n\n".join(rng.sample(T.NOTICE_BODY_SENTENCES, 3)) + extra

    for year in years:
        for category, stage, title in rng.sample(T.NOTICE_ORG_TEMPLATES, rng.randint(3, 5)):
            published = weekday_on_or_after(dt.date(year, rng.randint(1, 12), rng.randint(1, 25)))
            scope = rng.choice(("党外", "党内"))
            head = [f"title: {title.format(year=year)}", f"category: {category}", f"stage: {stage}",
                    f"scope: {scope}", f"published: {published.isoformat()}",
                    f"contact: {ORG}组织部 0771-5550100"]
            notice(year, category, head, paragraphs(), published)
        for b in active(branches, year):
            dept_contact = f"contact: {b.parent} 0771-555{rng.randint(1000, 9999)}"
            if rng.random() < 0.35:
                published = weekday_on_or_after(dt.date(year, rng.randint(2, 11), rng.randint(1, 20)))
                until = published + dt.timedelta(days=rng.choice((5, 7, 7, 10)))
                person = rng.choice(T.SURNAMES) + rng.choice(T.GIVEN) + rng.choice(T.GIVEN)
                head = [f"title: 关于拟接收{person}同志为中共预备党员的公示", f"branch: {b.id}",
                        "category: 发展党员", "stage: 审议程序公开", "scope: 党外",
                        f"published: {published.isoformat()}", f"until: {until.isoformat()}", dept_contact]
                body = paragraphs(f"\n\n公示时间：{published.isoformat()}至{until.isoformat()}。")
                notice(year, f"{b.id}-发展党员", head, body, published)
            if rng.random() < 0.3:
                published = weekday_on_or_after(dt.date(year, rng.choice((4, 7, 10)), rng.randint(1, 15)))
                head = [f"title: {b.name}{year}年党费收缴情况公开", f"branch: {b.id}", "category: 党费收缴",
                        "stage: 办理结果公开", "scope: 党内", f"published: {published.isoformat()}", dept_contact]
                notice(year, f"{b.id}-党费", head, paragraphs(), published)
    return count


def write_cases(root: str, branches: list[Branch], years: list[int], seed: str, stats: dict) -> int:
    rng = random.Random(f"{seed}:cases")
    count = 0
    for year in years:
        pool = active(branches, year)
        chosen = rng.sample(pool, max(1, len(pool) // 12))
        selected = 0
        for i, b in enumerate(chosen):
            for k in range(1, (2 if rng.random() < 0.1 else 1) + 1):
                slug = f"{b.id}-{k}"
                status = "入选" if rng.random() < 0.5 or (selected == 0 and i == len(chosen) - 1) else "推荐"
                selected += status == "入选"
                photo = f"media/{year}/cases/{slug}.jpg"
                write(root, f"content/{photo}", PHOTO_BYTES, stats)
                sections = []
                for variants in T.CASE_HEADINGS:
                    sections.append(f"## {rng.choice(variants)}\n\n" + "".join(rng.sample(T.CASE_SENTENCES, 3)))
                text = "\n".join([
                    "---",
                    f'title: "{rng.choice(T.CASE_TITLES)}"',
                    f"branch: {b.id}",
                    f"year: {year}",
                    f"status: {status}",
                    f"category: {rng.choice(T.CASE_CATEGORIES)}",
                    f"summary: {T.CASE_SENTENCES[1]}",
                    "keywords: [主题党日, 组织生活]",
                    "photos:",
                    f"  - {{src: {photo}, caption: 活动现场}}",
                    "---",
                    "\n\n".join(sections),
                ]) + "\n"
                write(root, f"content/cases/{year}/{slug}.md", text, stats)
                count += 1
        if selected:
            write(root, f"content/cases/{year}/casebook.yaml", "\n".join([
                f"title: {year}年度党员集中活动日优秀案例汇编",
                f"editor: {ORG}",
                f"date: {year}-12-20",
                "preface: |",
                f"  为总结推广各党支部开展主题党日活动的经验做法，现将{year}年度优秀案例汇编成册，供各党支部学习借鉴。",
            ]) + "\n", stats)
    return count


def write_awards(root: str, branches: list[Branch], results: dict, years: list[int], seed: str, stats: dict) -> None:
    """Honours within the shares of rules.md, only for branches whose committee term is current."""
    rng = random.Random(f"{seed}:awards")
    for year in years:
        decided = dt.date(year, 12, 28)
        pool = active(branches, year)
        cap = len(pool) // 3 if len(pool) >= 3 else 1
        eligible = [b for b in pool if b.elected <= decided and (decided - b.elected).days < 3 * 365
                    and results[b.id]["theme_days"].get(year)]
        flags = rng.sample(eligible, min(len(eligible), cap, max(1, len(pool) // 10)))
        if not flags:
            continue
        people = [(b, m) for b in pool for m in b.members
                  if m.on_roster(decided) and not m.exempt and m.name not in b.committee]
        roster_total = sum(1 for b in pool for m in b.members if m.on_roster(decided))
        member_cap = roster_total * 20 // 100 if roster_total > 5 else 1
        models = rng.sample(people, min(len(people), member_cap, max(1, roster_total // 60)))
        best = [f"{b.id}/{rng.choice(results[b.id]['theme_days'][year])}" for b in flags[:2]]
        lines = [f"year: {year}", f"decided: {decided.isoformat()}",
                 f"red_flag_branches: [{', '.join(b.id for b in flags)}]", "model_members:"]
        lines += [f"  - {{branch: {b.id}, name: {m.name}}}" for b, m in models]
        lines += ["best_theme_days:"] + [f"  - {s}" for s in best]
        write(root, f"content/awards/{year}.yaml", "\n".join(lines) + "\n", stats)


# ------------------------------------------------------------------ invalid data
def plant_errors(root: str, records: list[str], count: int, seed: str) -> list[dict]:
    """Plant `count` data errors in distinct records: bad date, unknown field, duplicate key in turn."""
    rng = random.Random(f"{seed}:invalid")
    kinds = ("bad-date", "unknown-field", "duplicate-key")
    planted = []
    for i, rel in enumerate(sorted(rng.sample(records, min(count, len(records))))):
        kind = kinds[i % len(kinds)]
        path = os.path.join(root, rel)
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().split("\n")
        at = next(j for j, line in enumerate(lines) if line.startswith("date: "))
        if kind == "bad-date":  # the 31st of a 30-day month, or 2月30日
            year, month = lines[at][6:10], int(lines[at][11:13])
            day = 30 if month == 2 else 31
            if month in (1, 3, 5, 7, 8, 10, 12):
                month = 4
            lines[at] = f"date: {year}-{month:02d}-{day}"
            rule, line = "schema", at + 1
        elif kind == "unknown-field":
            lines.insert(at + 1, "remarks: 会后补充材料")
            rule, line = "schema", at + 2
        else:
            place = next(j for j, line in enumerate(lines) if line.startswith("place: "))
            lines.insert(place + 1, "place: 第三会议室")
            rule, line = "yaml/duplicate-key", place + 2
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write("\n".join(lines))
        planted.append({"kind": kind, "rule": rule, "file": rel, "line": line})
    return planted


# ------------------------------------------------------------------------ main
def prepare_out_dir(out: str, force: bool) -> None:
    if os.path.isdir(out) and os.listdir(out):
        if not force:
            sys.exit(f"输出目录非空：{out}（使用 --force 覆盖）")
        if not os.path.exists(os.path.join(out, "zhibu.yaml")):
            sys.exit(f"拒绝删除：{out} 不像是生成的项目（缺少 zhibu.yaml）")
        shutil.rmtree(out)
    os.makedirs(out, exist_ok=True)


def generate(out: str, records: int, seed: str, years: int, last_year: int, invalid: int, jobs: int) -> dict:
    started = time.perf_counter()
    branches, limit = plan_branches(records, years, last_year, seed)
    all_years = sorted({y for b in branches for y in b.years})
    today = dt.date(last_year, 12, 31)
    stats = {"bytes": 0, "files": 0}
    write_site_files(out, last_year, stats)
    tasks = [(out, b, seed, today, limit) for b in branches]
    if jobs > 1 and len(tasks) > 1:
        with multiprocessing.get_context().Pool(jobs) as pool:
            done = pool.map(write_branch, tasks, chunksize=max(1, len(tasks) // (jobs * 8)))
    else:
        done = [write_branch(t) for t in tasks]
    results = {r["branch"]: r for r in done}
    all_records = [rel for r in done for rel in r["records"]]
    for r in done:
        stats["bytes"] += r["bytes"]
        stats["files"] += r["files"]
    notices = write_notices(out, branches, all_years, seed, stats)
    cases = write_cases(out, branches, all_years, seed, stats)
    write_awards(out, branches, results, all_years, seed, stats)
    planted = plant_errors(out, all_records, invalid, seed) if invalid else []
    return {
        "records": len(all_records),
        "branches": len(branches),
        "branch_years": sum(len(b.years) for b in branches),
        "notices": notices,
        "cases": cases,
        "files": stats["files"],
        "bytes": stats["bytes"],
        "today": today.isoformat(),
        "seconds": round(time.perf_counter() - started, 2),
        "planted": planted,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成用于基准测试的 zhibu 站点项目（数据合规、可复现）。")
    parser.add_argument("out", metavar="OUT_DIR", help="输出目录（须为空，或配合 --force）")
    parser.add_argument("--records", type=int, required=True, help="活动记录总数 N")
    parser.add_argument("--seed", default="1", help="随机种子（同一种子生成完全相同的文件）")
    parser.add_argument("--years", type=int, default=5, help="每个支部的年数（默认 5）")
    parser.add_argument("--last-year", type=int, default=2024, help="最后一年，today 取该年 12 月 31 日")
    parser.add_argument("--invalid", type=int, default=0, metavar="K", help="植入 K 处数据错误")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="并行进程数")
    parser.add_argument("--force", action="store_true", help="覆盖已有的生成项目")
    args = parser.parse_args(argv)
    if args.records < 1 or args.years < 1 or args.invalid < 0:
        parser.error("--records、--years 须为正数，--invalid 不能为负数")
    prepare_out_dir(args.out, args.force)
    summary = generate(args.out, args.records, args.seed, args.years, args.last_year, args.invalid, args.jobs)
    for p in summary["planted"]:
        print(f"植入错误 {p['kind']}（{p['rule']}）：{p['file']}:{p['line']}")
    print(json.dumps({k: v for k, v in summary.items() if k != "planted"} | {"invalid": len(summary["planted"])},
                     ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
