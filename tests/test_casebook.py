"""The casebook: parts by role, selection and order, Markdown, layouts, and the PDF itself.

The PDF tests build one small book (three cases, one incomplete case left out) and read it
back with pypdf: contents against where each case starts, recto starts, bookmarks, metadata,
embedded subset fonts with a real glyph for every character, flush lines, copy-paste, two
builds byte-identical, and no PDF at all when no CJK font is found.
"""
from __future__ import annotations

import html as htmllib
import io
import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest
from PIL import Image, ImageDraw

from generator.casebook import fonts as fonts_module
from generator.casebook.book import BookNote, CaseEntry, Casebook, CasePhoto, select_and_order
from generator.casebook.fonts import FontMissing, find_fonts
from generator.casebook.html import render_web_html
from generator.casebook.pdf import PHOTO_DPI, PHOTO_DPI_SLACK, photo_size_pt, write_pdf
from generator.casebook.sections import find_parts, role_of_heading
from generator.render.markdown import render_markdown
from generator.render.templates import make_environment

TODAY = "2024-12-31"

# ---------------------------------------------------------------- test content

_SENTENCES = (
    "支部坚持把政治建设摆在首位，每月15日固定开展主题党日活动。",
    "2024年以来，共组织集中学习12次、专题研讨4次，党员参学率达到96.5%。",
    "围绕“学习教育、组织生活、议政议事、服务群众”四个主题，支部细化了活动流程。",
    "活动前，支委会研究确定主题，报机关党委审定，并通过公示栏、微信群公开公示；",
    "活动中，党员签到、通报到会情况，集中诵读党章，缴纳党费，开展组织生活。",
    "活动后，支部开展满意度测评，收回有效问卷28份，满意率100%。",
    "党员普遍反映，主题党日“有主题、有程序、有实效”，参与热情明显提高。",
    "针对流动党员集中难的问题，支部开通线上学习平台，做到“离岗不离学”。",
    "在“我为群众办实事”实践活动中，党员认领服务岗位36个，办结实事21件。",
    "通过《党支部工作手册》记录每一次活动，台账规范、过程可查、结果可考。",
)


def _paragraph(seed: int, length: int) -> str:
    return "".join(_SENTENCES[(seed * 7 + i * 3) % len(_SENTENCES)] for i in range(length))


def _body(seed: int, *, parts=("一、背景", "二、主要做法", "三、取得成效", "四、经验启示")) -> str:
    out = []
    for n, heading in enumerate(parts):
        out.append(f"## {heading}\n")
        if n == 1:
            out.append(f"### （一）规范流程\n\n**会议决议：**{_paragraph(seed + n, 4)}\n")
            out.append(f"### （二）丰富载体\n\n{_paragraph(seed + n + 1, 5)}\n")
        else:
            out.append(f"{_paragraph(seed + n, 5)}\n\n{_paragraph(seed + n + 2, 3)}\n")
    return "\n".join(out)


def _photo(path: Path, size=(1800, 1200), color=(180, 40, 40)) -> Path:
    image = Image.new("RGB", size, color)
    ImageDraw.Draw(image).ellipse((size[0] // 4, size[1] // 4, size[0] * 3 // 4, size[1] * 3 // 4),
                                  fill=(250, 220, 120))
    exif = Image.Exif()
    exif[0x010F] = "SecretCamera"  # Make
    image.save(path, quality=90, exif=exif, comment=b"SecretComment")
    return path


def _case(slug: str, title: str, branch: str, category: str, seed: int, photos=(), body=None) -> CaseEntry:
    return CaseEntry(
        slug=slug, title=title, branch_id=slug, branch_name=branch, category=category,
        summary="支部以主题党日为抓手，推动组织生活规范化、制度化。", keywords=("主题党日", "测评"),
        body_markdown=body if body is not None else _body(seed), body_line=12,
        source=f"content/cases/2024/{slug}.md", photos=tuple(photos),
    )


def _book(tmp: Path, *, extra=(), order=None) -> Casebook:
    tmp.mkdir(parents=True, exist_ok=True)
    cases = (
        _case("sige-yi", "“四个一”推动主题党日提质增效", "市财政局机关第一党支部", "主题党日创新", 1,
              [CasePhoto(_photo(tmp / "a.jpg", (3000, 2000)), "党员重温入党誓词")]),
        _case("xiaoqu", "党支部进小区 党小组进楼道", "市住建局机关党支部", "组织建设", 2),
        _case("wuge-cha", "“五个查、六个一”推动“两个覆盖”", "市商务局机关党支部", "主题党日创新", 3,
              [CasePhoto(_photo(tmp / "b.jpg", (900, 1400), (40, 80, 160)), "支部书记讲党课")]),
        _case("half", "只写了一半的案例", "市统计局机关党支部", "组织建设", 4,
              body="## 背景\n\n文字。\n\n## 主要做法\n\n文字。\n\n## 启示\n\n文字。\n"),
        *extra,
    )
    return Casebook(
        year=2024, title="2024年度党员集中活动日优秀案例汇编", editor="中共南宁市直属机关工作委员会",
        date="2024-12-20", preface_markdown="为总结推广各党支部开展主题党日活动的好经验、好做法，"
        "机关工委从各支部推荐的案例中遴选出优秀案例，汇编成册，供各党支部学习借鉴。",
        order=order, cases=cases,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("casebook")
    book = _book(tmp / "media")
    out = tmp / "site" / "casebook" / "2024.pdf"
    notes = write_pdf(book, out, today=TODAY, variant="pdf/a-3b")
    return book, out, notes, pypdf.PdfReader(out)


# ---------------------------------------------------------------- parts by role

def test_parts_recognised_by_role_whatever_the_numbering_and_script():
    text = ("# 标题\n\n## 一、背景动因\n\n文字\n\n（二）主要作法。\n---------\n\n```\n## 三、成效\n```\n\n"
            "### (三) 取得成效：\n\n## 四、經驗啟示\n")
    parts = find_parts(text)
    assert parts.complete and parts.missing == ()
    assert [(p.role, p.line, p.level) for p in parts.parts] == [
        ("背景", 3, 2), ("做法", 7, 2), ("成效", 14, 3), ("启示", 16, 2)]
    assert find_parts("## 背景\n\n## 做法\n\n## 探讨\n").missing == ("成效",)
    assert role_of_heading("第一、基本情况") == "背景"
    assert role_of_heading("**深化设想**") == "启示"
    assert role_of_heading("主要成效与不足") is None


# ---------------------------------------------------------------- selection and order

def test_incomplete_case_is_left_out_with_a_note(tmp_path):
    cases, notes = select_and_order(_book(tmp_path))
    assert [c.slug for c in cases] == ["wuge-cha", "sige-yi", "xiaoqu"]  # category, then branch name
    assert notes == [BookNote("case/sections", "content/cases/2024/half.md", 12, 1,
                              "案例缺少“成效”部分，未编入汇编")]


def test_order_is_followed_and_every_deviation_reported(tmp_path):
    book = _book(tmp_path, order=("xiaoqu", "nope", "xiaoqu", "half"))
    cases, notes = select_and_order(book)
    assert [c.slug for c in cases] == ["xiaoqu", "wuge-cha", "sige-yi"]
    messages = [(n.rule, n.message) for n in notes]
    assert ("casebook/order", "order 中的“nope”不是本年度入选的案例，已忽略") in messages
    assert ("casebook/order", "order 中“xiaoqu”重复出现，只排一次") in messages
    assert ("casebook/order", "入选案例“sige-yi”未列入 order，排在汇编最后") in messages
    assert all(n.file == "content/cases/2024/casebook.yaml" for n in notes if n.rule == "casebook/order")


# ---------------------------------------------------------------- Markdown and layouts

def test_markdown_is_sanitised_but_keeps_formatting():
    html = render_markdown(
        "## 一、背景\n\n**会议决议：**通过<script>alert(1)</script>"
        '<a href="javascript:alert(1)" onclick="x()">链接</a><img src="x.jpg" onerror="y()">\n\n'
        "| 项目 | 数量 |\n|:--|--:|\n| 党员 | 5 |\n", id_prefix="c1-")
    assert '<h2 id="c1-一背景">一、背景</h2>' in html
    assert "<strong>会议决议：</strong>通过" in html
    assert "<table>" in html and 'style="text-align:right"' in html
    for bad in ("<script", "alert(1)", "javascript:", "onclick", "onerror"):
        assert bad not in html


def test_project_layout_overrides_and_can_extend_the_packaged_one(tmp_path):
    layouts = tmp_path / "layouts"
    (layouts / "casebook").mkdir(parents=True)
    (layouts / "casebook" / "book.html").write_text(
        '{% extends "default/casebook/book.html" %}{% block cover %}<p>自定义封面</p>{% endblock %}',
        encoding="utf-8")
    html, _ = render_web_html(_book(tmp_path / "m"), today=TODAY, photo_urls={}, pdf_href="2024.pdf",
                              project_layouts=layouts)
    assert "<p>自定义封面</p>" in html and "目　录" in html
    env = make_environment(None)
    assert env.get_template("default/casebook/book.html").filename.endswith("book.html")


def test_web_html_uses_relative_photo_urls_and_links_the_pdf(tmp_path):
    book = _book(tmp_path)
    urls = {p.path: f"media/{p.path.name}" for c in book.cases for p in c.photos}
    html, notes = render_web_html(book, today=TODAY, photo_urls=urls, pdf_href="2024.pdf")
    assert 'src="media/a.jpg"' in html and 'href="2024.pdf"' in html
    assert "zhibu-asset" not in html and str(tmp_path) not in html
    assert "只写了一半的案例" not in html and [n.rule for n in notes] == ["case/sections"]


# ---------------------------------------------------------------- the PDF

def _pages_text(reader):
    return [page.extract_text() for page in reader.pages]


def _outline(reader):
    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                yield from walk(item, depth + 1)
            else:
                yield depth, item.title, reader.get_destination_page_number(item)
    return list(walk(reader.outline, 0))


def _footer_number(text: str) -> str:
    return text.strip().splitlines()[-1].strip()


def test_contents_page_numbers_match_where_each_case_starts(built):
    book, _, _, reader = built
    texts = _pages_text(reader)
    starts = {title: page for depth, title, page in _outline(reader) if depth == 0}
    first_body = min(page for title, page in starts.items() if title not in ("前\u3000言", "目\u3000录"))
    contents = texts[starts["目\u3000录"]]
    listed = 0
    for case in book.cases:
        if case.slug == "half":
            assert case.title not in "".join(texts)
            continue
        page = starts[case.title]
        assert page % 2 == 0, "a case starts on a right-hand page"
        number = page - first_body + 1
        assert _footer_number(texts[page]) == str(number)
        flat = contents.replace("\n", "")
        match = re.search(re.escape(case.title) + r"[.\s·…]*(\d+)", flat)
        assert match and match.group(1) == str(number), (case.title, flat)
        listed += 1
    assert listed == 3
    # cover, its verso, preface (i), verso, contents (iii), verso, then the body from 1
    assert first_body == 6
    assert _footer_number(texts[2]) == "i" and _footer_number(texts[4]) == "iii"
    # Body folios run on without a gap (blank versos count but carry none), to the last page.
    folios = [(index, _footer_number(text)) for index, text in enumerate(texts[first_body:])
              if text.strip()]
    assert all(folio == str(index + 1) for index, folio in folios)
    assert len(reader.pages) == first_body + int(folios[-1][1]) == 16  # with Noto CJK's metrics


def test_a_viewer_numbers_the_pages_as_their_folios(built):
    _, _, _, reader = built
    texts = _pages_text(reader)
    labels = reader.page_labels
    assert labels[:2] == ["封面", "封面"] and labels[2:6] == ["i", "ii", "iii", "iv"]
    for index, text in enumerate(texts):
        if index >= 2 and text.strip():
            assert labels[index] == _footer_number(text), index


def test_every_case_and_part_is_a_bookmark_and_metadata_is_set(built):
    book, _, notes, reader = built
    outline = _outline(reader)
    titles = [title for depth, title, _ in outline if depth == 0]
    assert titles[:2] == ["前\u3000言", "目\u3000录"]
    assert titles[2:] == ["“五个查、六个一”推动“两个覆盖”", "“四个一”推动主题党日提质增效", "党支部进小区 党小组进楼道"]
    parts = [title for depth, title, _ in outline if depth == 1]
    assert parts == ["一、背景", "二、主要做法", "三、取得成效", "四、经验启示"] * 3
    meta = reader.metadata
    assert meta.title == book.title and meta.author == book.editor
    assert meta.subject == f"{book.title}，收录案例3篇"
    assert "主题党日" in meta["/Keywords"] and "优秀案例汇编" in meta["/Keywords"]
    assert meta["/CreationDate"].startswith("D:20241231")
    assert [n.rule for n in notes] == ["case/sections"]


def _fonts(reader):
    fonts = {}
    for page in reader.pages:
        for ref in (page["/Resources"].get("/Font") or {}).values():
            font = ref.get_object()
            fonts[font["/BaseFont"]] = font
    return fonts


def _to_unicode(font) -> dict[int, str]:
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    mapping: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            mapping[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, start in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            first = int.from_bytes(bytes.fromhex(start), "big")
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = chr(first + offset)
    return mapping


def _drawn_characters(reader) -> set[str]:
    """Characters that map to a glyph with an outline in an embedded font."""
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.ttLib import TTFont

    drawn: set[str] = set()
    for font in _fonts(reader).values():
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        program = (descriptor.get("/FontFile3") or descriptor.get("/FontFile2")).get_object().get_data()
        glyphs = TTFont(io.BytesIO(program), lazy=True).getGlyphSet()
        for code, text in _to_unicode(font).items():
            name = f"cid{code:05d}"
            if name in glyphs:
                pen = BoundsPen(glyphs)
                glyphs[name].draw(pen)
                if pen.bounds is not None:
                    drawn.update(text)
    return drawn


def test_fonts_are_two_embedded_subsets(built):
    _, out, _, reader = built
    fonts = _fonts(reader)
    assert len(fonts) == 2, "a serif face for the body, a sans face for headings"
    for name, font in fonts.items():
        assert re.match(r"^/[A-Z]{6}\+", name), f"{name} is not a subset"
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        stream = (descriptor.get("/FontFile3") or descriptor.get("/FontFile2")).get_object()
        assert len(stream._data) < 1_000_000, "an embedded CJK face is a subset, not the whole font"
    assert out.stat().st_size < 2_000_000


def test_every_character_of_the_source_has_a_real_glyph(built):
    book, _, _, reader = built
    cases, _ = select_and_order(book)
    from generator.casebook.html import render_book_html
    html = render_book_html(book, cases, env=make_environment(None), today=TODAY, mode="print",
                            fonts=find_fonts(), photos={})
    body = html.split("<body", 1)[1].split(">", 1)[1]
    text = htmllib.unescape(re.sub(r"<[^>]+>", "", body))
    needed = {ch for ch in text if not ch.isspace()}
    missing = needed - _drawn_characters(reader)
    assert not missing, f"no glyph for {sorted(missing)}"


def test_missing_glyph_is_reported_with_its_line(tmp_path):
    odd = _case("odd", "带生僻符号的案例", "市档案局机关党支部", "组织建设", 5,
                body=_body(5).replace("## 三、取得成效\n", "## 三、取得成效\n\n符号\u0378在此。\n"))
    book = Casebook(2024, "测试汇编", "测试工委", "2024-12-20", "", None, (odd,))
    notes = write_pdf(book, tmp_path / "odd.pdf", today=TODAY)
    line = 12 + odd.body_markdown.splitlines().index("符号\u0378在此。")
    assert notes == [BookNote("casebook/glyph", "content/cases/2024/odd.md", line, 1,
                              "字体中没有字符“\u0378”（U+0378），PDF 中显示为空框")]


def test_photos_are_downscaled_to_print_size_without_exif(built):
    _, _, _, reader = built
    images = list({image.data: image for page in reader.pages for image in page.images}.values())
    assert len(images) == 2
    for image in images:
        pil = Image.open(io.BytesIO(image.data))
        width_pt, _ = photo_size_pt(*pil.size)
        assert pil.size[0] <= width_pt / 72 * PHOTO_DPI * PHOTO_DPI_SLACK + 2
        assert b"SecretCamera" not in image.data and b"SecretComment" not in image.data
    assert max(Image.open(io.BytesIO(i.data)).size[0] for i in images) < 3000


def test_a_photo_is_resampled_only_when_well_above_print_resolution():
    from generator.casebook.pdf import _print_image, _target_width_px

    target = _target_width_px(1500, 1000)  # 1123 px: 404 pt at 200 dpi
    for width, expected in ((target, target), (target * 9 // 8, target * 9 // 8),
                            (target * 9 // 8 + 2, target), (3 * target, target)):
        data, mime, size = _print_image(Image.new("RGB", (width, width * 2 // 3), (90, 20, 20)), False)
        assert mime == "image/jpeg" and size[0] == expected, (width, size)
        assert Image.open(io.BytesIO(data)).size == size


@pytest.mark.skipif(shutil.which("pdfimages") is None, reason="poppler-utils not installed")
def test_a_small_photo_is_not_blown_up_and_the_notes_say_so(tmp_path):
    small = _photo(tmp_path / "small.jpg", (330, 220))
    case = _case("s", "照片很小的案例", "某支部", "组织建设", 6, [CasePhoto(small, "小照片")])
    out = tmp_path / "s.pdf"
    notes = write_pdf(Casebook(2024, "测试", "工委", "2024-12-20", "", None, (case,)), out, today=TODAY)
    assert [(n.rule, n.file) for n in notes] == [("casebook/photo", "content/cases/2024/s.md")]
    assert notes[0].message.startswith("照片只有 330×220 像素，放大印刷会模糊，已按 110 dpi 缩小为约 76×51 毫米：")
    listing = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True, text=True, check=True).stdout
    row = [line.split() for line in listing.splitlines()[2:]][0]
    assert row[3:5] == ["330", "220"] and abs(int(row[12]) - 110) <= 1, listing  # x-ppi as printed
    # A photo with pixels enough for the box is set at the box's width, without a note.
    big = _photo(tmp_path / "big.jpg", (1800, 1200))
    case = _case("b", "照片够大的案例", "某支部", "组织建设", 6, [CasePhoto(big, "大照片")])
    assert write_pdf(Casebook(2024, "测试", "工委", "2024-12-20", "", None, (case,)), tmp_path / "b.pdf", today=TODAY) == []


def test_unreadable_photo_is_a_note_not_a_crash(tmp_path):
    bad = tmp_path / "broken.jpg"
    bad.write_text("not a photo", encoding="utf-8")
    case = _case("p", "照片坏了的案例", "某支部", "组织建设", 6, [CasePhoto(bad, "坏照片")])
    notes = write_pdf(Casebook(2024, "测试", "工委", "2024-12-20", "", None, (case,)),
                      tmp_path / "p.pdf", today=TODAY)
    assert [n.rule for n in notes] == ["casebook/photo"]
    assert notes[0].message.startswith("照片无法读取，未放入汇编：")
    assert (tmp_path / "p.pdf").exists()


def _flush_lines(pdf: Path) -> tuple[int, int, str]:
    """(flush, total, xml): the non-final body lines whose right edge is flush, from the PDF."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    flush = total = 0
    for page in re.findall(r"<page .*?</page>", xml, re.S):
        # lines set in the body size (not headings, captions, abstract, running head)
        lines = [tuple(map(float, v)) for v in re.findall(
            r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', page)]
        lines = [line for line in lines if abs(line[3] - line[1] - 17.3) < 0.2]
        left = min((line[0] for line in lines), default=0)
        body = [line for line in lines if abs(line[0] - left) < 0.5 or abs(line[0] - left - 24) < 0.5]
        right = max((line[2] for line in body), default=0)
        for line, following in zip(body, body[1:]):
            if abs(following[0] - left) < 0.5 and 20 < following[1] - line[1] < 22.5:
                total += 1  # the next line continues the paragraph: this one is not its last
                flush += abs(right - line[2]) < 0.1
    return flush, total, xml


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_body_lines_are_flush_and_text_copies_out_intact(built):
    book, out, _, reader = built
    flush, total, xml = _flush_lines(out)
    assert total > 50 and flush / total >= 0.95, (flush, total)
    texts = ["".join(re.findall(r">([^<]*)</word>", line))
             for line in re.findall(r"<line [^>]*>(.*?)</line>", xml, re.S)]
    assert not [t for t in texts if t and t[0] in "。，、；：？！）》」』】〕”’…"], "避头: no closing mark starts a line"
    assert not [t for t in texts if t and t[-1] in "“‘（《「『【〔"], "避尾: no opening mark ends a line"
    text = "".join(_pages_text(reader)).replace("\n", "")
    paragraph = _paragraph(1 + 2, 3)  # a whole paragraph of the first case, as written
    assert paragraph in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_a_long_case_title_keeps_the_running_head_on_one_line(tmp_path):
    title = "“四个一”推动主题党日提质增效——以主题党日为抓手推进党建与业务深度融合、服务群众提质增效的探索与实践"
    body = _body(8).replace("## 三、取得成效\n", "## 三、取得成效\n\n" + "\n\n".join(_paragraph(i, 6) for i in range(8)) + "\n")
    case = _case("long", title, "市财政局机关第一党支部", "组织建设", 8, body=body)
    out = tmp_path / "long.pdf"
    assert write_pdf(Casebook(2024, "测试汇编", "测试工委", "2024-12-20", "", None, (case,)), out, today=TODAY) == []
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    heads = []
    for page in re.findall(r"<page .*?</page>", xml, re.S):
        lines = re.findall(r'<line xMin="[\d.]+" yMin="([\d.]+)"[^>]*>(.*?)</line>', page, re.S)
        top = [("".join(re.findall(r">([^<]*)</word>", words)), float(y)) for y, words in lines if float(y) < 60]
        if top:
            heads.append(top)
    # Right-hand pages after the opening one carry the case title on one line (cut with an ellipsis
    # where the head ends; the clipped rest stays in the text layer), not wrapped into the text area.
    titled = [h for h in heads if h[0][0].startswith("“四个一”")]
    assert titled and all(len(h) == 1 for h in titled), heads


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_lines_with_latin_letters_are_flush_too(tmp_path):
    # Letters may join in ligatures, so such lines are spaced glyph by glyph
    # instead of with the PDF's character spacing; both end flush.
    latin = ("支部通过APP发布活动预告，会后把签到表、PDF版记录和照片上传到“e支部”平台，"
             "党员在微信群里用Word或WPS提交学习心得，书记每周查看一次并逐条回复。")
    body = _body(7).replace("## 三、取得成效\n", "## 三、取得成效\n\n" + latin * 4 + "\n")
    case = _case("latin", "带英文字母的案例", "市档案局机关党支部", "组织建设", 7, body=body)
    out = tmp_path / "latin.pdf"
    notes = write_pdf(Casebook(2024, "测试汇编", "测试工委", "2024-12-20", "", None, (case,)),
                      out, today=TODAY)
    assert notes == []
    flush, total, _ = _flush_lines(out)
    assert total > 20 and flush == total, (flush, total)
    text = "".join(_pages_text(pypdf.PdfReader(out))).replace("\n", "")
    assert latin in text


def test_two_builds_are_byte_identical_pdf_a(built, tmp_path):
    book, first, _, reader = built
    second = tmp_path / "again.pdf"
    write_pdf(book, second, today=TODAY, variant="pdf/a-3b")
    data = first.read_bytes()
    assert data == second.read_bytes()
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfaid:part[^0-9]{1,3}3", xmp) and re.search(r"pdfaid:conformance[^A-Z]{1,3}B", xmp)
    assert str(first.parent.parent).encode() not in data


def test_weasyprint_is_left_as_it_was(built):
    from weasyprint.draw import text as draw_text
    from weasyprint.layout import inline
    from weasyprint.text import line_break

    assert inline.count_expandable_spaces.__module__ == "weasyprint.layout.inline"
    assert inline.add_word_spacing.__module__ == "weasyprint.layout.inline"
    assert line_break.Layout.set_text.__module__ == "weasyprint.text.line_break"
    assert "int" not in vars(draw_text)
    from weasyprint import draw
    assert draw.draw_text is draw_text.draw_text
    assert inline.handle_leader.__module__ == "weasyprint.layout.leader"
    import gc
    assert gc.isenabled(), "the collector, paused while rendering, runs again"


def test_a_contents_leader_is_one_run_of_dots(built):
    _, _, _, reader = built
    starts = {title: page for depth, title, page in _outline(reader) if depth == 0}
    stream = reader.pages[starts["目\u3000录"]].get_contents().get_data()
    # Three entries: a title, a branch, a leader and a page number each, plus the
    # headings and the folio; drawn dot by dot, the leaders alone would be 200 runs.
    assert stream.count(b"TJ") < 40, stream.count(b"TJ")


def test_unknown_variant_is_refused(tmp_path):
    with pytest.raises(ValueError, match="未知的 PDF 版本"):
        write_pdf(_book(tmp_path), tmp_path / "x.pdf", today=TODAY, variant="pdf/z-9")


def test_no_cjk_font_gives_the_message_and_no_pdf(tmp_path, monkeypatch):
    monkeypatch.setattr(fonts_module, "list_cjk_families", lambda: ["DejaVu Sans Mono"])
    out = tmp_path / "none.pdf"
    with pytest.raises(FontMissing) as caught:
        write_pdf(_book(tmp_path), out, today=TODAY)
    assert "找不到中文字体" in caught.value.message
    assert "apt-get install fonts-noto-cjk" in caught.value.message
    assert "pdf_font" in caught.value.message
    assert not out.exists() and not list(tmp_path.glob("*.pdf*"))


def test_font_file_from_config_must_exist(tmp_path):
    with pytest.raises(FontMissing, match="找不到 pdf_font 指定的字体文件"):
        find_fonts(tmp_path / "no-such-font.otf")


def test_render_runs_in_a_frame_with_a_roomy_stack():
    import sys

    from generator.casebook import pdf

    assert pdf._in_roomy_frame(lambda: 42) == 42
    if sys.implementation.name == "cpython":
        assert pdf._roomy_call.__code__.co_stacksize >= 1 << 14


def test_weasyprint_is_imported_with_one_reading_of_the_linker_cache(monkeypatch):
    import ctypes.util
    import sys

    from generator.casebook import loading

    lookup = loading.linker_cache_lookup()
    first_step = getattr(ctypes.util, "_findSoname_ldconfig", None)
    if lookup is None or first_step is None:
        pytest.skip("find_library does not read the linker cache here")
    for name in ("c", "pango-1.0", "gobject-2.0-0", "no-such-library-zhibu"):
        assert lookup(name) == first_step(name), name
    # An import that fails the quick way is made again the usual way; ctypes is restored.
    original = ctypes.util.find_library
    calls = []

    def import_once_failing():
        calls.append(ctypes.util.find_library is original)
        if len(calls) == 1:
            raise OSError("cannot load library")

    monkeypatch.delitem(sys.modules, "weasyprint.pdf")
    monkeypatch.setattr(loading, "_import", import_once_failing)
    loading.load_weasyprint()
    assert calls == [False, True]
    assert ctypes.util.find_library is original
