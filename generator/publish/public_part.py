"""The public site: pages, feeds, static files, photos, casebook PDFs, privacy scan, search index.

Pages whose key is unchanged are linked from the previous build and were
scanned when they were written: the scan's own inputs that are not the page's
(every roster name, the layouts) are part of every page key. A value the scan
let pass because some public field holds it too is remembered per page; when
that is no longer so, the page is scanned again. The search index is rebuilt
only when a page's bytes changed or a page came or went.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from ..render import feeds
from ..render.pages import render_routes
from ..render.search import build_index, search_key
from ..views import urls
from ..views.public import project_public
from ..views.public_pages import public_routes
from .outputs import TEXT_SUFFIXES, BuildFailed, Outputs, PartReport, copy_static
from .privacy import Excused, Hit, PrivacyScan


def build_public(o: Outputs) -> PartReport:
    fp = o.fingerprint("public")
    if o._unchanged("public", fp):
        o.staging.carry("public")
        return PartReport("public", unchanged=True)
    pub = project_public(o.site, o.project.config, o.today, o.fields)
    photos = {p["url"]: p["src"] for v in pub.activities + pub.cases for p in v.get("photos") or ()}
    pdfs = _casebook_pdfs(o)
    routes = public_routes(pub, casebook_pdfs=set(pdfs), profile=o.result.profile)
    o._check_urls(routes, "public", _reserved(photos, pdfs))
    out, previous = o.staging.part("public"), o.staging.previous_part("public")
    previous_dir = o.staging.previous_dir("public")
    scan = PrivacyScan(o.site, o.fields, o.body_of, o._template_text())
    salt = o.page_salt("public", repr(pub.info), scan.salt())
    rendered = render_routes(o.env, routes, out, salt=salt, digests=o.digests, previous=previous.get("files") or {},
                             previous_dir=previous_dir, inspect=scan, progress=o.progress("公开网站", len(routes)))
    found = rendered.hits + _write_extras(o, pub, routes, out, scan)
    excused = _excused(found + scan.excused, rendered.keys, previous, set(rendered.dirty))
    found += _rescan(scan, routes, out, excused, set(rendered.keys) - set(rendered.dirty))
    hits = [h for h in found if isinstance(h, Hit)]
    keys = dict(rendered.keys)
    keys.update(o._photos(photos, out, previous, resize=True))
    for year, pdf in pdfs.items():
        shutil.copyfile(pdf, out / urls.casebook_pdf(year))
    if hits:
        raise BuildFailed(scan.findings(hits, o.locator))
    report = PartReport("public", len(routes), rendered.written, rendered.reused)
    old_sums = previous.get("sums") or {}
    sums = {u: rendered.sums.get(u) or old_sums.get(u) or k for u, k in rendered.keys.items()}
    key = search_key(sums)  # per shard, the bytes of its pages: a page rendered again with the same bytes keeps it
    found_index = build_index(out, key, previous_key=previous.get("search"), previous_dir=previous_dir)
    report.search, report.search_seconds, report.search_key = found_index.status, found_index.seconds, key
    report.search_shards = (len(found_index.indexed), len(key))
    if found_index.note:
        report.notes.append(found_index.note)
    o.staging.manifest["parts"]["public"] = {"inputs": fp, "files": keys, "search": key, "sums": sums,
                                             "excused": {u: sorted(v) for u, v in sorted(excused.items())}}
    return report


def _excused(found: list, keys: dict, previous: dict, rendered: set[str]) -> dict[str, set[str]]:
    """URL → values the scan let pass as public: this build's pages, and the previous build's for pages taken over."""
    out: dict[str, set[str]] = {}
    for item in found:
        if isinstance(item, Excused):
            out.setdefault(item.url, set()).add(item.value)
    for url, values in (previous.get("excused") or {}).items():
        if url in keys and url not in rendered:
            out.setdefault(url, set()).update(values)
    return out


def _rescan(scan: PrivacyScan, routes, out: Path, excused: dict[str, set[str]], reused: set[str]) -> list:
    """Pages taken over whose let-pass values are no longer public anywhere: scanned again from their files."""
    by_url = {r.url: r for r in routes}
    found = []
    for url, values in excused.items():
        if url in reused and url in by_url and not all(scan.is_public(v) for v in values):
            found += scan.scan(url, (out / url).read_text(encoding="utf-8"), by_url[url].sources)
    return found


def _write_extras(o: Outputs, pub, routes, out: Path, scan: PrivacyScan) -> list:
    """Static files, the feeds and the sitemap: written every time, scanned every time."""
    hits = []
    for url, text, sources in _extras(o, pub, routes):
        (out / url).parent.mkdir(parents=True, exist_ok=True)
        (out / url).write_text(text, encoding="utf-8", newline="")
        hits += scan.scan(url, text, sources)
    for path in copy_static(o.project.layouts, out):
        if path.suffix in TEXT_SUFFIXES:
            hits += scan.scan(path.relative_to(out).as_posix(), path.read_text(encoding="utf-8"), ())
    return hits


def _extras(o: Outputs, pub, routes):
    upcoming = sorted((a for a in pub.activities if a["upcoming"]), key=lambda a: (a["date"], a.get("start") or "", a["url"]))
    yield urls.ATOM, feeds.atom(pub.info, pub.notices, o.today, urls.ATOM, urls.HOME), \
        tuple(pub.source(n) for n in pub.notices)
    yield urls.ICAL, feeds.ical(pub.info, upcoming, o.today), tuple(pub.source(a) for a in upcoming)
    pages = [r.url for r in routes if r.url != urls.NOT_FOUND]
    yield urls.SITEMAP, feeds.sitemap(pub.info["base_url"], pages), ()


def _reserved(photos: dict, pdfs: dict) -> dict[str, str]:
    reserved = {u: "订阅源" for u in (urls.ATOM, urls.ICAL, urls.SITEMAP)}
    reserved.update({u: f"照片 {src}" for u, src in photos.items()})
    reserved.update({urls.casebook_pdf(y): "案例汇编 PDF" for y in pdfs})
    return reserved


def _casebook_pdfs(o: Outputs) -> dict[int, Path]:
    folder = o.staging.root / "casebook"
    found = {}
    for pdf in sorted(folder.glob("*.pdf")) if folder.is_dir() else ():
        if pdf.stem.isdigit():
            found[int(pdf.stem)] = pdf
    return found
