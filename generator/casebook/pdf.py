"""The casebook PDF: fonts, photos, WeasyPrint, fixed dates.

``write_pdf`` chooses the CJK faces first (``FontMissing`` before anything is
written), selects and orders the cases, downscales the photos to print size
with Pillow (metadata stripped), renders the book's HTML with WeasyPrint
while Chinese lines are justified between characters, and writes the file
atomically. Fonts are embedded as subsets; the document's dates come from
``today``, so the same input gives a byte-identical PDF.
"""

from __future__ import annotations

import gc
import io
import logging
import math
import os
import re
import types
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from generator.casebook.book import BookNote, CaseEntry, Casebook, CasePhoto, select_and_order
from generator.casebook.fonts import FontChoice, find_fonts
from generator.casebook.html import PhotoView, render_book_html
from generator.render.photos import without_metadata
from generator.casebook.justify import cjk_justification
from generator.casebook.leaders import merged_leaders
from generator.casebook.loading import load_weasyprint
from generator.render.templates import make_environment

# The box a photo is set in: the text width (38em of 12pt) by 95 mm.
PHOTO_BOX_PT = (456.0, 95 / 25.4 * 72)
# Photos are downscaled to this resolution at the size they are printed ...
PHOTO_DPI = 200
# ... unless they are within an eighth of it already: resampling would cost
# more than the few pixels it removes. A JPEG decoded at 1/2, 1/4 or 1/8 of
# its size (a 4032 px phone photo at 1008 px for 998) often lands there.
PHOTO_DPI_SLACK = 9 / 8
# A photo is never enlarged beyond this resolution: below it, print shows the pixels. A smaller
# photo is set smaller than the box, and the book's notes say so.
PHOTO_MIN_DPI = 110
ASSET_SCHEME = "zhibu-asset"


@dataclass
class _Assets:
    """Bytes the renderer may load, by URL; nothing else is fetched.

    No file:// or network access happens while rendering: a path or URL written
    in a case body cannot pull anything into the book.
    """

    items: dict[str, tuple[bytes, str]] = field(default_factory=dict)

    def add(self, name: str, data: bytes, mime: str) -> str:
        url = f"{ASSET_SCHEME}:{name}"
        self.items[url] = (data, mime)
        return url

    def fetcher(self):
        from weasyprint.urls import URLFetcher, URLFetcherResponse

        items = self.items

        class Fetcher(URLFetcher):
            def fetch(self, url, headers=None):
                if url not in items:
                    raise ValueError(f"not part of the book: {url}")
                data, mime = items[url]
                return URLFetcherResponse(url, data, {"Content-Type": mime})

        return Fetcher()


def write_pdf(
    book: Casebook,
    out_path: Path,
    *,
    today: str,
    variant: str | None = None,
    project_layouts: Path | None = None,
    language: str | None = None,
    font_file: Path | None = None,
) -> list[BookNote]:
    """Write the casebook PDF to ``out_path``; return the notes about it.

    Raises ``FontMissing`` (nothing written) when no CJK font is available,
    ``ValueError`` for an unknown ``variant`` (e.g. ``"pdf/a-3b"`` is known).
    """
    fonts = find_fonts(font_file)
    _check_variant(variant)
    cases, notes = select_and_order(book)
    assets = _Assets()
    # WeasyPrint (a third of a second to import) is loaded while the photos are
    # decoded: Pillow works without the GIL.
    photos, photo_notes = prepare_photos(cases, assets, meanwhile=load_weasyprint)
    notes += photo_notes
    font_url = None
    if fonts.file is not None:
        font_url = assets.add("font/" + fonts.file.name, fonts.file.read_bytes(), "font/otf")
    html = render_book_html(
        book, cases, env=make_environment(project_layouts, language), today=today, mode="print",
        fonts=fonts, photos=photos, font_url=font_url,
    )
    data, warnings, justified = render_pdf(html, assets, variant)
    notes += _warning_notes(warnings, book, cases)
    if not justified:
        notes.append(BookNote(
            "casebook/justify", book.settings_file, 1, 1,
            "所装 WeasyPrint 版本无法按汉字间距两端对齐，正文行尾参差不齐（内容不受影响）",
        ))
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    partial = out_path.with_name(out_path.name + ".partial")
    partial.write_bytes(data)
    os.replace(partial, out_path)
    return notes


def page_label_starts(names: list[str]) -> list[tuple[int, str]]:
    """Where each page group begins and how a PDF viewer should number it: the cover as 封面, the front
    matter in roman numerals, the body in arabic numerals from 1 — as the folios are printed."""
    starts, seen = [], set()
    for index, name in enumerate(names):
        if name in ("cover", "front", "body") and name not in seen:
            seen.add(name)
            starts.append((index, name))
    return starts


def add_page_labels(document, pdf) -> None:
    """PDF page labels (/PageLabels), so a viewer shows "iii" or "1" where the page says so."""
    import pydyf
    styles = {"cover": {"P": pydyf.String("封面")}, "front": {"S": "/r"}, "body": {"S": "/D"}}
    starts = page_label_starts([page._page_box.page_type.name for page in document.pages])
    if not starts or starts[0][0] != 0:
        return
    numbers = []
    for index, name in starts:
        numbers += [index, pydyf.Dictionary(styles[name])]
    pdf.catalog["PageLabels"] = pydyf.Dictionary({"Nums": pydyf.Array(numbers)})


def render_pdf(
    html: str, assets: _Assets, variant: str | None
) -> tuple[bytes, list[str], bool]:
    """Render ``html`` to PDF bytes.

    Returns the bytes, WeasyPrint's warnings, and whether Chinese lines could
    be justified between characters.
    """
    from weasyprint import HTML
    from weasyprint.logger import LOGGER

    collected: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            collected.append(record.getMessage())

    handler = Collect(logging.WARNING)
    propagate = LOGGER.propagate
    LOGGER.addHandler(handler)
    LOGGER.propagate = False  # the notes say it in Chinese; keep stderr quiet

    def render() -> bytes:
        document = HTML(string=html, base_url=None, url_fetcher=assets.fetcher()).render()
        return document.write_pdf(pdf_variant=variant, full_fonts=False, finisher=add_page_labels)

    try:
        with cjk_justification() as justified, merged_leaders(), _collector_paused():
            data = _in_roomy_frame(render)
    finally:
        LOGGER.removeHandler(handler)
        LOGGER.propagate = propagate
    return data, collected, justified


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the ``with`` block.

    A render makes a few hundred thousand boxes, styles and layouts; the
    collector's passes over them (three full ones for a 30-case book) cost a
    quarter of a second and free almost nothing: without them the peak memory
    grows by 2-3 MB. What they would have found is collected afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _call(fn):
    return fn()


# CPython (3.11 on) keeps frames on a data stack made of chunks, and unmaps a
# chunk as soon as the frame that opened it returns. WeasyPrint's layout
# recurses deeply and calls small functions in tight loops; when such a call
# opens a chunk, every call maps and unmaps memory (20,000 to 47,000 times
# for a 30-case book, depending on the depth the render starts at: a second
# or more of system calls and page faults). Called from one frame that
# reserves a large evaluation stack, the render gets a single chunk with room
# for all of its frames.
_ROOMY_STACK_SLOTS = 1 << 14  # 128 KB: the chunk is 256 KB, half of it free
try:
    _roomy_call = types.FunctionType(
        _call.__code__.replace(co_stacksize=_ROOMY_STACK_SLOTS), globals(), "_roomy_call")
except (AttributeError, TypeError, ValueError):  # pragma: no cover - not CPython
    _roomy_call = _call


def _in_roomy_frame(fn):
    """``fn()``, called from a frame whose data-stack chunk holds the whole render."""
    return _roomy_call(fn)


def _check_variant(variant: str | None) -> None:
    if variant is None:
        return
    load_weasyprint()
    from weasyprint.pdf import VARIANTS

    if variant not in VARIANTS:
        known = "、".join(sorted(VARIANTS))
        raise ValueError(f"未知的 PDF 版本“{variant}”，可用的有：{known}")


def photo_size_pt(width: int, height: int) -> tuple[float, float]:
    """The size a photo of ``width``×``height`` pixels is set at, in points."""
    box_w, box_h = PHOTO_BOX_PT
    aspect = width / height
    shown_w = min(box_w, box_h * aspect)
    return shown_w, shown_w / aspect


def prepare_photos(
    cases: tuple[CaseEntry, ...], assets: _Assets, meanwhile: Callable[[], None] | None = None
) -> tuple[dict[Path, PhotoView], list[BookNote]]:
    """Downscale every case photo to print size; unreadable ones become notes.

    Photos are decoded and encoded in threads (Pillow releases the GIL there),
    while this thread runs ``meanwhile``; the results are used in book order,
    so the PDF does not depend on timing.
    """
    wanted: list[tuple[CaseEntry, CasePhoto]] = []
    seen: set[Path] = set()
    for case in cases:
        for photo in case.photos:
            if photo.path not in seen:
                seen.add(photo.path)
                wanted.append((case, photo))
    workers = max(1, min(4, os.cpu_count() or 1, len(wanted)))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(_load_photo, photo.path) for _, photo in wanted]
        if meanwhile is not None:
            meanwhile()
        results = [future.result() for future in futures]
    views: dict[Path, PhotoView] = {}
    notes: list[BookNote] = []
    for (case, photo), result in zip(wanted, results):
        if isinstance(result, Exception):
            notes.append(BookNote(
                "casebook/photo", case.source, 1, 1,
                f"照片无法读取，未放入汇编：{_shown_path(photo.path)}（{type(result).__name__}）",
            ))
            continue
        data, mime, size = result
        url = assets.add(f"photo/{len(views) + 1}", data, mime)
        width, height = photo_size_pt(*size)
        most = size[0] / PHOTO_MIN_DPI * 72
        if most < width - 0.5:
            width, height = most, most * size[1] / size[0]
            notes.append(BookNote(
                "casebook/photo", case.source, 1, 1,
                f"照片只有 {size[0]}×{size[1]} 像素，放大印刷会模糊，已按 {PHOTO_MIN_DPI} dpi 缩小为约 "
                f"{width / 72 * 25.4:.0f}×{height / 72 * 25.4:.0f} 毫米：{_shown_path(photo.path)}"
                f"（换用原图可以印得更大更清楚）",
            ))
        style = f"width: {width:.2f}pt; height: {height:.2f}pt"
        views[photo.path] = PhotoView(url, photo.caption, style)
    return views, notes


def _shown_path(path: Path) -> str:
    """``path`` as the user wrote it: relative to the working directory if inside it."""
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()


def _load_photo(path: Path) -> tuple[bytes, str, tuple[int, int]] | Exception:
    from PIL import Image, ImageOps

    try:
        with Image.open(path) as image:
            _decode_small(image)
            return _print_image(ImageOps.exif_transpose(image), image.format == "PNG")
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        return error


def _target_width_px(width: int, height: int) -> int:
    return math.ceil(photo_size_pt(width, height)[0] / 72 * PHOTO_DPI)


def _decode_small(image) -> None:
    """Load ``image``, letting the JPEG decoder scale it down on the way.

    The scale allows for an EXIF rotation, so the result is never smaller
    than what ``_print_image`` needs.
    """
    width, height = image.size
    if image.format == "JPEG":
        scale = max(_target_width_px(width, height) / width, _target_width_px(height, width) / height)
        if scale < 1:
            image.draft("RGB", (math.ceil(width * scale), math.ceil(height * scale)))
    image.load()


def _print_image(image, is_png: bool) -> tuple[bytes, str, tuple[int, int]]:
    """Re-encode ``image`` at PHOTO_DPI at its printed size (up to the slack above).

    Always re-encoded without metadata, so EXIF (camera, GPS position), XMP and comments never reach the PDF.
    PNG (drawings, screenshots) stays PNG; everything else becomes JPEG.
    """
    from PIL import Image

    width, height = image.size
    target_w = _target_width_px(width, height)
    if width > target_w * PHOTO_DPI_SLACK:
        target_h = max(1, round(height * target_w / width))
        # Bicubic: a JPEG is already decoded at 1/2, 1/4 or 1/8 of its size, so
        # what is left is mostly a small reduction, where bicubic and Lanczos
        # differ by less than JPEG's own noise (PSNR 57 dB) at 2/3 of the cost.
        image = image.resize((target_w, target_h), Image.Resampling.BICUBIC, reducing_gap=3.0)
    out = io.BytesIO()
    if is_png or image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
        without_metadata(image).save(out, format="PNG", optimize=False)
        return out.getvalue(), "image/png", image.size
    without_metadata(image.convert("RGB")).save(out, format="JPEG", quality=88, optimize=False, progressive=False)
    return out.getvalue(), "image/jpeg", image.size


_NOTDEF = re.compile(r'unsupported by fonts: "(.*)" \(U\+([0-9A-Fa-f]+)\)')


def _warning_notes(
    warnings: list[str], book: Casebook, cases: tuple[CaseEntry, ...]
) -> list[BookNote]:
    """Missing glyphs, with the case and line where each character is used."""
    missing: dict[str, None] = {}
    for message in warnings:
        match = _NOTDEF.search(message)
        if match:
            missing[chr(int(match.group(2), 16))] = None
    notes = []
    for char in missing:
        where = _find_char(char, cases)
        file, line = where if where else (book.settings_file, 1)
        notes.append(BookNote(
            "casebook/glyph", file, line, 1,
            f"字体中没有字符“{char}”（U+{ord(char):04X}），PDF 中显示为空框",
        ))
    return notes


def _find_char(char: str, cases: tuple[CaseEntry, ...]) -> tuple[str, int] | None:
    for case in cases:
        for offset, text in enumerate(case.body_markdown.splitlines()):
            if char in text:
                return case.source, case.body_line + offset
        if char in case.title + case.summary + "".join(case.keywords):
            return case.source, 1
    return None
