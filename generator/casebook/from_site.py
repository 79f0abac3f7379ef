"""The loaded project → the year's Casebook value, and writing its PDF with findings for the notes."""
from __future__ import annotations

from pathlib import Path

from ..diagnostics import Finding, warning
from ..model.entities import Site
from ..project import Project
from .book import CaseEntry, CasePhoto, Casebook, select_and_order
from .pdf import write_pdf

SELECTED = "入选"


def casebook_years(site: Site) -> list[int]:
    return sorted(site.casebooks)


def casebook_for(project: Project, site: Site, year: int) -> Casebook | None:
    """The casebook of `year` with its selected cases (status 入选), or None without a casebook.yaml."""
    settings = site.casebooks.get(year)
    if settings is None:
        return None
    d = settings.data
    cases = tuple(_entry(project, site, c) for c in site.cases
                  if c.year == year and c.data.get("status") == SELECTED)
    order = d.get("order")
    return Casebook(year=year, title=str(d.get("title", "")), editor=str(d.get("editor", "")),
                    date=str(d.get("date", "")), preface_markdown=str(d.get("preface") or ""),
                    order=tuple(order) if order else None, cases=cases, source=settings.rel,
                    order_line=1)


def _entry(project: Project, site: Site, case) -> CaseEntry:
    d = case.data
    branch = site.branches.get(case.branch or "")
    photos = tuple(CasePhoto(project.content / p["src"], str(p.get("caption") or ""))
                   for p in d.get("photos") or () if isinstance(p, dict) and p.get("src"))
    return CaseEntry(slug=case.slug, title=str(d.get("title", "")), branch_id=case.branch or "",
                     branch_name=branch.name if branch else "", category=str(d.get("category", "")),
                     summary=str(d.get("summary") or ""), keywords=tuple(d.get("keywords") or ()),
                     body_markdown=case.body, body_line=case.body_line, source=case.rel, photos=photos)


def write_year(project: Project, site: Site, year: int, out: Path, *, variant: str | None = None) -> list[Finding]:
    """Write `out` (the year's PDF); the notes come back as warnings. Raises FontMissing."""
    book = casebook_for(project, site, year)
    if book is None:
        return []
    cases, notes = select_and_order(book)
    if not cases:  # a book of a cover and a preface only is nothing to print or publish
        out.unlink(missing_ok=True)
        return [warning(n.rule, n.file, (n.line, n.column), n.message) for n in notes] + [
            warning("casebook/empty", book.source, (1, 1),
                    f"{year} 年度没有可编入汇编的案例（status: 入选，且背景、做法、成效、启示四部分齐全），未生成 PDF")]
    font = project.config.get("pdf_font")
    font_file = (project.root / font) if font else None
    notes = write_pdf(book, out, today=project.today.isoformat(), variant=variant,
                      project_layouts=project.layouts, language=project.config.get("language"), font_file=font_file)
    return [warning(n.rule, n.file, (n.line, n.column), n.message) for n in notes]
