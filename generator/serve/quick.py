"""serve, the quick render: the open tabs' pages from the changed files, before the whole build.

The whole build re-checks the whole project (cross-file rules need it) — seconds
on 10,000 records. The person editing looks at one page meanwhile, so, like
Hugo's fast render mode, the pages shown in open tabs come first:

1. the changed files are read; an error of their own (a half-written file)
   becomes the error page at once;
2. for an edit inside one branch's folder (records, plans, dues,
   ``branch.yaml``), that branch is checked alone — its files with
   ``org.yaml`` and the awards — which catches its reference and rule errors
   too;
3. the open tabs' pages of that branch (its record pages, ledgers, branch
   pages) are rendered from that check and served ahead of the build folder;
   the tabs whose page changed reload.

The whole build follows straight away and is the judge: its files replace
these pages (a tab reloads again only if its page came out different) and its
findings replace these. Edits elsewhere (notices, cases, the org, photos) and
small projects, where the whole build is quick anyway, skip this step.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

from ..diagnostics import ERROR, Finding
from ..load.discover import classify
from ..load.document import Document, LoadContext, load_document
from ..load.locator import Locator
from ..model.assemble import assemble
from ..rules.registry import RULES, run_rules
from ..views import urls
from ..views.archive import ArchivePages
from ..views.public import project_public
from ..views.public_pages import public_routes
from .errorpage import Problem
from .server import page_id
from .watch import CONTENT, Batch

QUICK_MIN_DOCUMENTS = 1000   # below this the whole build takes well under a second
CONTEXT_KINDS = {"org", "awards"}  # files outside the branch that its pages draw on (honours)


def quick_render(session, batch: Batch, round_) -> None:
    """Render the open tabs' pages for ``batch`` ahead of the whole build (see the module text)."""
    good, project = session.good, session.project
    if batch.kinds != {CONTENT} or good is None or project is None:
        return
    documents = session.documents()
    if len(documents) < session.quick_min:
        return
    branch = _branch_of(batch.paths)
    prefix = f"content/branches/{branch}/" if branch else None
    problem = session.problem
    # Only a problem of this branch's own files can be found mended here.
    if problem is not None and (prefix is None or problem.text
                                or not all(f.file.startswith(prefix) for f in problem.findings)):
        return
    docs = {d.rel: d for d in documents}
    changed = _reload(project, docs, batch.paths)
    errors = [f for d in changed for f in d.findings if f.severity == ERROR]
    if errors:
        _done(session, round_, 0, Problem("内容有数据错误", errors))
        return
    if prefix is None:
        return
    pages = {p for p in session.open_pages() if _in_branch(p, branch)}
    if not pages and problem is None:
        return
    site, findings = _check_branch(project, good, docs, prefix)
    errors = [f for f in findings if f.severity == ERROR and f.file.startswith(prefix)]
    if errors:
        _done(session, round_, 0, Problem("内容有数据错误", errors))
        return
    rendered = _render(session, session.quick_outputs(), project, good, site, findings, docs, pages)
    _done(session, round_, rendered, None)


def _branch_of(paths: set[str]) -> str | None:
    """The one branch whose folder holds every changed path, or None."""
    branches = set()
    for rel in paths:
        parts = rel.split("/")
        if len(parts) < 4 or parts[:2] != ["content", "branches"]:
            return None
        branches.add(parts[2])
    return branches.pop() if len(branches) == 1 else None


def _in_branch(page: str, branch: str) -> bool:
    """Whether a page (``/archive/…`` or ``/…``) belongs to the branch: its ledger, records, branch and activity pages."""
    archive = "/archive/" + _folder(urls.ledger_branch(branch))
    public = ("/" + _folder(urls.branch(branch)), "/" + _folder(urls.activity(branch, 2000, "x")))
    return page.startswith(archive) or page.startswith(public)


def _folder(url: str) -> str:
    """The first two segments of a URL, with the slash: 'branches/x/index.html' → 'branches/x/'."""
    return "/".join(url.split("/")[:2]) + "/"


def _reload(project, docs: dict[str, Document], paths: set[str]) -> list[Document]:
    """Read the changed content files into ``docs`` (removed files leave it); return the new Documents."""
    ctx = LoadContext(str(project.root), str(project.schemas) if project.schemas else None, project.today.isoformat())
    new = []
    for rel in sorted(paths):
        parts = tuple(rel.split("/")[1:])
        source, problem = classify(parts, rel) if parts else (None, None)
        if not os.path.isfile(os.path.join(project.root, rel)) or source is None:
            docs.pop(rel, None)
            continue
        doc = load_document(source, ctx)
        if problem is not None:
            doc.findings.append(problem)
        docs[rel] = doc
        new.append(doc)
    return new


def _check_branch(project, result, docs: dict[str, Document], prefix: str) -> tuple:
    """The branch's files checked alone: its model and its findings (old ones for the files around it)."""
    mine = [d for rel, d in sorted(docs.items()) if rel.startswith(prefix) or d.source.kind in CONTEXT_KINDS]
    locator = Locator(project.root)
    site, ref_findings = assemble(mine, project.root, locator, project.today)
    rule_findings, _ = run_rules(site, result.profile, project.today, locator)
    own = [f for d in mine for f in d.findings] + ref_findings + rule_findings
    around = {d.rel for d in mine if not d.rel.startswith(prefix)}
    findings = [f for f in own if f.file.startswith(prefix)] + [f for f in result.findings if f.file in around]
    return site, sorted(set(findings), key=lambda f: (f.file, f.line, f.column, f.rule, f.message))


def _render(session, outputs, project, result, site, findings: list[Finding], docs, pages: set[str]) -> int:
    """The open pages of the branch, rendered into the server's overlay; returns how many changed."""
    routes = {}
    if any(not p.startswith("/archive/") for p in pages):
        pub = project_public(site, project.config, project.today, outputs.fields)
        for route in public_routes(pub, casebook_pdfs=_casebook_years(session.site_dir), profile=result.profile):
            routes[page_id("public", route.url)] = route
    if any(p.startswith("/archive/") for p in pages):
        bodies = {d.rel: d.body for d in docs.values() if d.body}
        archive = ArchivePages(site, findings, outputs.info, project.today, RULES, bodies, project.root,
                               profile=result.profile)
        for route in archive.routes():
            routes[page_id("archive", route.url)] = route
    changed = {}
    for page in sorted(pages):
        route = routes.get(page)
        if route is None:
            continue
        html = outputs.env.get_template(route.template).render(_context(route)).encode("utf-8")
        if html != session.current_bytes(page):
            changed[page] = html
    session.show_quick(changed)
    return len(changed)


def _context(route) -> dict:
    make = getattr(route, "make_context", None)
    return make() if make is not None else route.context


def _casebook_years(site_dir: Path) -> set[int]:
    folder = site_dir / "casebook"
    return {int(p.stem) for p in folder.glob("*.pdf") if p.stem.isdigit()} if folder.is_dir() else set()


def _done(session, round_, pages: int, problem: Problem | None) -> None:
    if problem is not None:
        session.show_problem(problem)
    round_.quick = time.perf_counter() - round_.started
    round_.quick_pages = pages
