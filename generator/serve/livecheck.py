"""serve, the check: `run_check`'s stages over documents kept in memory between rebuilds.

``load`` runs in the preview process and ``judge`` in the build's worker.
The first load goes through ``load_all`` (the loader's disk cache, parsing in
parallel); after that a rebuild reads only the files whose size or
modification time changed, or that the watcher named, and keeps every other
Document from the previous round. Assembling the model and running the rules
need the whole project (cross-file rules), exactly as in ``run_check``; the
stages and their order are the same, so serve shows what check and build say.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import sort_findings
from ..load.discover import Source, discover
from ..load.document import Document, LoadContext, load_document
from ..load.loader import load_all
from ..load.locator import Locator
from ..model.assemble import assemble
from ..pipeline import CheckResult
from ..project import Project
from ..rules.registry import run_rules
from ..validate.registry import fingerprint, load_schemas


@dataclass(slots=True)
class Loaded:
    """What the load stage gives the later ones."""
    documents: list[Document]
    findings: list            # `filename` findings of discovery plus every document's own
    read: list[str]           # the files read again this round (empty: all from memory)


class LiveCheck:
    def __init__(self) -> None:
        self.key: tuple | None = None
        self.docs: dict[str, Document] = {}
        self.stats: dict[str, tuple[int, int] | None] = {}

    def reset(self) -> None:
        self.key, self.docs, self.stats = None, {}, {}

    def load(self, project: Project, touched: set[str] = frozenset(), progress=None) -> Loaded:
        schemas = load_schemas(project.schemas)
        schema_key = fingerprint(schemas)
        ctx = LoadContext(str(project.root), str(project.schemas) if project.schemas else None, project.today.isoformat())
        key = (schema_key, ctx)
        if key != self.key:
            documents, findings = load_all(ctx, schema_key, progress=progress)
            self.key = key
            self.docs = {d.rel: d for d in documents}
            self.stats = {d.rel: _stat(project.root, d.rel) for d in documents}
            read = [d.rel for d in documents]
        else:
            sources, findings = discover(project.root)
            documents, read = self._refresh(project.root, sources, ctx, touched)
        findings = list(findings)
        for doc in documents:
            findings.extend(doc.findings)
        return Loaded(documents, findings, read)

    def _refresh(self, root: Path, sources: list[Source], ctx: LoadContext,
                 touched: set[str]) -> tuple[list[Document], list[str]]:
        docs, stats, read = {}, {}, []
        for source in sources:
            stat = _stat(root, source.rel)
            old = self.docs.get(source.rel)
            if old is not None and old.source == source and stat == self.stats.get(source.rel) \
                    and source.rel not in touched:
                docs[source.rel] = old
            else:
                docs[source.rel] = load_document(source, ctx)
                read.append(source.rel)
            stats[source.rel] = stat
        self.docs, self.stats = docs, stats
        return [docs[s.rel] for s in sources], read

    def judge(self, project: Project, loaded: Loaded, profile) -> CheckResult:
        """The rest of the check over what ``load`` gave: the model, its references, the rules."""
        findings = list(loaded.findings)
        locator = Locator(project.root)
        # References need the whole model: every branch and record must be known first.
        site, ref_findings = assemble(loaded.documents, project.root, locator, project.today)
        findings.extend(ref_findings)
        rule_findings, notes = run_rules(site, profile, project.today, locator)
        findings.extend(rule_findings)
        return CheckResult(site, loaded.documents, sort_findings(findings), notes, profile)


def _stat(root: Path, rel: str) -> tuple[int, int] | None:
    try:
        st = os.stat(os.path.join(root, rel))
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)
