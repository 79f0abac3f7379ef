"""Benchmark: a 30-case casebook (about 125 pages), as the organisation makes at year end.

Builds the book in a child process (so its peak memory is its own) and prints the time,
the peak resident memory, the file size, the page count and the share of the non-final
lines of body paragraphs whose right edge is flush with the text block, measured from
the PDF (`pdftotext -bbox-layout`, poppler-utils). For comparison the same book is then
built with WeasyPrint's own justification (spaces only), and the same text is printed from
plain HTML without photos or contents (the machine's yardstick).

    python benchmarks/bench_casebook.py [--cases 30] [--repeat 3] [--keep DIR]
"""
from __future__ import annotations

import argparse
import contextlib
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TODAY = "2024-12-31"
BODY_LINE_BOX = 17.3  # height pdftotext gives a line of 12 pt Noto CJK text (±0.2)
BRANCHES = ["市财政局机关第一党支部", "市住建局机关党支部", "市商务局机关第二党支部", "市统计局机关党支部",
            "市档案局机关党支部", "市卫健委机关第三党支部", "市交通局机关党支部", "市水利局机关党支部",
            "市教育局机关第一党支部", "市民政局机关党支部"]
CATEGORIES = ["主题党日创新", "组织建设", "党员教育管理", "服务群众"]
SUBJECTS = ["支部", "支委会", "党小组", "全体党员", "支部书记", "青年党员", "老党员", "机关工委"]
ACTIONS = ["坚持把政治建设摆在首位", "围绕中心工作谋划活动主题", "严格落实“三会一课”制度",
           "创新开展“四个一”主题党日", "建立“支部+项目”工作机制", "推行积分制管理",
           "开展“我为群众办实事”实践活动", "组织党员到红色教育基地现场学习", "深化“结对共建”",
           "建立党员联系服务群众台账", "用好“学习强国”等线上平台", "落实谈心谈话制度"]
RESULTS = ["党员参学率达到{p}%", "共组织集中学习{n}次", "办结群众急难愁盼事项{n}件",
           "收回满意度测评问卷{n}份，满意率{p}%", "形成调研报告{k}篇", "{n}名党员认领服务岗位",
           "整改问题{k}项，建立长效机制{k}项", "活动经验被《党建工作简报》刊发{k}次"]
LINKS = ["同时，", "在此基础上，", "此外，", "通过这一做法，", "实践中，", "据统计，", "截至{y}年底，"]
TAILS = ["做到了“有主题、有程序、有实效”。", "推动组织生活由“软任务”变为“硬约束”。",
         "党员的归属感和荣誉感明显增强。", "支部的凝聚力、战斗力进一步提升。",
         "形成了可复制、可推广的经验。", "群众对支部工作的认可度不断提高。"]
PARTS = [("一、背景", 2), ("二、主要做法", 0), ("三、取得成效", 2), ("四、经验启示", 0)]
SUBHEADS = ["（一）明确标准，规范流程", "（二）丰富载体，创新形式", "（三）强化考评，注重实效"]


def _fill(rng: random.Random, text: str) -> str:
    return text.format(p=rng.choice([85.6, 92, 96.5, 98.2, 100]), n=rng.randint(3, 260),
                       k=rng.randint(2, 12), y=rng.choice([2022, 2023, 2024]))


def _paragraph(rng: random.Random, sentences: int) -> str:
    out = []
    for _ in range(sentences):
        out.append(_fill(rng, rng.choice(LINKS)) + rng.choice(SUBJECTS) + rng.choice(ACTIONS) + "，"
                   + _fill(rng, rng.choice(RESULTS)) + "，" + rng.choice(TAILS))
    return "".join(out)


def case_body(rng: random.Random) -> str:
    chunks = []
    for heading, paragraphs in PARTS:
        chunks.append(f"## {heading}\n")
        if paragraphs:
            chunks += [_paragraph(rng, rng.randint(3, 5)) + "\n" for _ in range(paragraphs)]
        else:
            for sub in SUBHEADS[: rng.randint(2, 3)]:
                chunks.append(f"### {sub}\n")
                chunks += [_paragraph(rng, rng.randint(3, 4)) + "\n" for _ in range(2)]
    return "\n".join(chunks)


def make_book(folder: Path, cases: int):
    from PIL import Image, ImageDraw

    from generator.casebook.book import CaseEntry, Casebook, CasePhoto

    rng = random.Random(2024)
    entries = []
    for i in range(cases):
        photo = folder / f"photo-{i:02d}.jpg"
        image = Image.new("RGB", (2400, 1600), (160 + i % 60, 40 + (i * 7) % 120, 40))
        draw = ImageDraw.Draw(image)
        for j in range(12):  # some detail, so the JPEG is not trivially small
            x, y = rng.randint(0, 2200), rng.randint(0, 1400)
            draw.ellipse((x, y, x + rng.randint(80, 500), y + rng.randint(80, 500)),
                         fill=(rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255)))
        image.save(photo, quality=90)
        title = f"“{rng.choice(['四个一', '五个查', '三联三评', '1+N', '支部+项目'])}”" + rng.choice(
            ["推动主题党日提质增效", "激活组织生活一池春水", "打通服务群众最后一公里", "让党员教育管理有形有效"])
        entries.append(CaseEntry(
            slug=f"case-{i:02d}", title=title, branch_id=f"b{i % 10}", branch_name=BRANCHES[i % 10],
            category=CATEGORIES[i % 4], summary=_paragraph(rng, 1), keywords=("主题党日", "组织生活"),
            body_markdown=case_body(rng), body_line=12, source=f"content/cases/2024/case-{i:02d}.md",
            photos=(CasePhoto(photo, "党员在主题党日活动中重温入党誓词"),),
        ))
    return Casebook(2024, "2024年度党员集中活动日优秀案例汇编", "中共南宁市直属机关工作委员会", "2024-12-20",
                    _paragraph(rng, 4) + "\n\n" + _paragraph(rng, 3), None, tuple(entries))


def _cpu_seconds() -> float:
    """CPU time of this process, all its threads and its finished subprocesses."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def child(out: Path, cases: int, mode: str) -> None:
    """Build the book; print the seconds (wall, then CPU) spent making the PDF."""
    import generator.casebook.pdf as pdf

    if mode == "spaces":  # WeasyPrint's own justification, for comparison
        pdf.cjk_justification = contextlib.nullcontext
    with tempfile.TemporaryDirectory() as tmp:
        book = make_book(Path(tmp), cases)
        start, cpu = time.perf_counter(), _cpu_seconds()
        if mode == "plain":
            plain_weasyprint(book, out)
        else:
            notes = pdf.write_pdf(book, out, today=TODAY)
            expected = {"casebook/justify"} if mode == "spaces" else set()
            assert {note.rule for note in notes} == expected, notes
        print(f"{time.perf_counter() - start:.3f} {_cpu_seconds() - cpu:.3f}")


def plain_weasyprint(book, out: Path) -> None:
    """The same text in plain HTML, no photos or contents: the machine's yardstick."""
    import markdown
    from weasyprint import HTML

    style = ("@page{size:A4;margin:72pt 61pt 68pt 78pt;@bottom-center{content:counter(page)}}"
             "html{font-family:'Noto Serif CJK SC';font-size:12pt;line-height:1.75}"
             "p{margin:0;text-indent:2em;text-align:justify}"
             "h1,h2,h3{font-family:'Noto Sans CJK SC';font-weight:normal}h1{break-before:right}")
    body = "".join(f"<h1>{case.title}</h1>" + markdown.markdown(case.body_markdown)
                   for case in book.cases)
    HTML(string=f'<html lang="zh-CN"><style>{style}</style>{body}').write_pdf(out)


def flush_share(pdf: Path, tolerance: float) -> tuple[int, int]:
    """(flush, total) over the non-final lines of body paragraphs, from the PDF."""
    import pypdf

    reader = pypdf.PdfReader(pdf)
    starts = [reader.get_destination_page_number(item) for item in reader.outline
              if not isinstance(item, list)]
    first_body = sorted(starts)[2]  # after the preface and the contents
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    pages = re.findall(r"<page .*?</page>", xml, re.S)[first_body:]
    lines = []  # (page, x0, y0, x1, left) of every line of body text
    for number, page in enumerate(pages):
        found = [tuple(map(float, values)) for values in re.findall(
            r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', page)]
        # Body lines: set in the body size (headings, captions, the abstract and the
        # running head are not), starting at the left edge or at the 2-em indent.
        body = [line for line in found if abs((line[3] - line[1]) - BODY_LINE_BOX) < 0.2]
        if not body:
            continue
        left = min(x0 for x0, _, _, _ in body)
        lines += [(number, x0, y0, x1, left) for x0, y0, x1, _ in body
                  if abs(x0 - left) < 0.5 or abs(x0 - left - 24) < 0.5]
    right_of = {}
    for number, _, _, x1, _ in lines:
        right_of[number] = max(right_of.get(number, 0), x1)
    flush = total = 0
    for (page, x0, y0, x1, left), (page2, nx0, ny0, _, left2) in zip(lines, lines[1:]):
        continues = abs(nx0 - left2) < 0.5 and (
            (page2 == page and 20 < ny0 - y0 < 22.5) or (page2 == page + 1))
        if continues:
            total += 1
            flush += abs(right_of[page] - x1) <= tolerance
    return flush, total


def run(cases: int, out: Path, mode: str, flush: bool = True) -> dict:
    command = [sys.executable, __file__, "--child", str(out), "--cases", str(cases), "--mode", mode]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    inner, inner_cpu = (float(v) for v in (process.stdout.read().split() or ["nan", "nan"]))
    if status != 0:
        raise SystemExit(f"build failed ({status})")
    import pypdf

    result = {"wall": wall, "render": inner, "render_cpu": inner_cpu,
              "cpu": usage.ru_utime + usage.ru_stime,
              "rss_mb": usage.ru_maxrss / 1024,
              "size_mb": out.stat().st_size / 1e6, "pages": len(pypdf.PdfReader(out).pages)}
    if flush and shutil.which("pdftotext") and mode != "plain":
        for tol in (0.1, 0.5):
            result[f"flush@{tol}"] = flush_share(out, tol)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=30)
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--repeat", type=int, default=1,
                        help="build each book this many times (rounds alternate the modes); "
                             "with more than one, the medians are printed at the end")
    parser.add_argument("--child", type=Path)
    parser.add_argument("--mode", choices=("zhibu", "spaces", "plain"), default="zhibu")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.cases, args.mode)
        return
    folder = args.keep or Path(tempfile.mkdtemp())
    folder.mkdir(parents=True, exist_ok=True)
    modes = (("zhibu", "zhibu"), ("spaces only", "spaces"), ("plain HTML", "plain"))
    runs: dict[str, list[dict]] = {mode: [] for _, mode in modes}
    for _ in range(max(args.repeat, 1)):
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        for label, mode in modes:
            r = run(args.cases, folder / f"casebook-{mode}.pdf", mode, flush=not runs[mode])
            runs[mode].append(r)
            print(f"{label:12} {args.cases} cases, {r['pages']} pages: PDF in {r['render']:.2f} s "
                  f"({r['render_cpu']:.2f} s CPU; process {r['wall']:.2f} s wall, {r['cpu']:.2f} s CPU), "
                  f"peak RSS {r['rss_mb']:.0f} MB, {r['size_mb']:.2f} MB")
            for key in [k for k in r if k.startswith("flush")]:
                flush, total = r[key]
                print(f"{'':12} flush right within {key[6:]} pt: {flush}/{total} non-final body lines "
                      f"= {100 * flush / max(total, 1):.1f} %")
    if args.repeat > 1:
        print(f"medians of {args.repeat} runs:")
        for label, mode in modes:
            med = {key: statistics.median(r[key] for r in runs[mode])
                   for key in ("render", "render_cpu", "rss_mb")}
            print(f"{label:12} PDF in {med['render']:.2f} s ({med['render_cpu']:.2f} s CPU), "
                  f"peak RSS {med['rss_mb']:.0f} MB")
    if not args.keep:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
