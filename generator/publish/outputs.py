"""The output parts of a build — public site, archive, casebook — each written into the staging folder.

``Outputs`` holds what every part shares (the check result, the Jinja
environment, fingerprints, the staging folder); each ``build_*`` method writes
one part and records it in the staging manifest, or takes it over unchanged
when its inputs' fingerprint is the previous build's.
"""
from __future__ import annotations

import hashlib
import re
import shutil
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..diagnostics import Finding, error
from ..load.document import read_body
from ..load.loader import CACHE_DIR
from ..load.locator import Locator
from ..pipeline import CheckResult
from ..project import Project
from ..render.filters import install
from ..render.pages import link_file, render_routes
from ..render.photos import PhotoHashes, publish_photos
from ..render.routes import find_collisions
from ..render.templates import make_environment
from ..resources import packaged_dir
from ..rules.registry import RULES
from ..validate.registry import load_schemas
from ..views import urls
from ..views.archive import ArchivePages
from ..views.public import public_fields
from .fingerprint import inputs_fingerprint, layouts_fingerprint
from .privacy import PrivacyScan
from .staging import Staging

TEXT_SUFFIXES = (".html", ".xml", ".atom", ".ics", ".txt", ".css", ".js", ".json", ".svg")


class BuildFailed(Exception):
    def __init__(self, findings: list[Finding]):
        super().__init__(f"{len(findings)} 个错误")
        self.findings = findings


@dataclass(slots=True)
class PartReport:
    name: str
    pages: int = 0
    written: int = 0
    reused: int = 0
    unchanged: bool = False
    notes: list[str] = field(default_factory=list)
    search: str | None = None
    search_seconds: float = 0.0
    search_key: dict[str, str] | None = None
    search_shards: tuple[int, int] = (0, 0)   # shards indexed, shards in all


class Outputs:
    def __init__(self, project: Project, result: CheckResult, staging: Staging, progress=None):
        self.project, self.result, self.staging = project, result, staging
        self.progress = progress or (lambda label, total: None)
        self.site, self.today = result.site, project.today
        self.salt = layouts_fingerprint(project.layouts)
        self.fields = public_fields(load_schemas(project.schemas))
        self.digests = {d.rel: d.digest for d in result.documents}
        self.bodies = {d.rel: d.body for d in result.documents if d.body}
        self.hashes = PhotoHashes(project.root)
        self._fingerprints: dict[str, str] = {}
        self.wanted: tuple[str, ...] = ("casebook", "public", "archive")  # the parts this build makes (--only)
        self.info = {"title": project.config.get("title") or "党务公开", "org": project.config.get("org") or "",
                     "base_url": str(project.config.get("base_url") or ""),
                     "language": project.config.get("language") or "zh-Hans"}

    @cached_property
    def env(self):
        return install(make_environment(self.project.layouts, self.info["language"],
                                        cache=self.project.root / CACHE_DIR / "templates"))

    def fingerprint(self, part: str, photos: dict[str, str] | None = None) -> str:
        """The hash of everything a part is made from (every content file, finding and photo)."""
        if photos is None:
            if part not in self._fingerprints:
                self._fingerprints[part] = self._casebook_fingerprint() if part == "casebook" \
                    else self.fingerprint(part, self.all_photos)
                if part == "public":  # the public site publishes the casebook PDFs of this build
                    books = hashlib.blake2b(f"{self._fingerprints[part]}\0{self._casebook_state()}".encode(),
                                            digest_size=16)
                    self._fingerprints[part] = books.hexdigest()
            return self._fingerprints[part]
        digests = {src: self.hashes.digest(src) for src in sorted(set(photos.values()))}
        return inputs_fingerprint(f"{part}:{self.salt}", self.project.config, self.today, self.result.documents,
                                  self.result.findings, digests)

    def _casebook_state(self) -> str:
        """The casebook part as this build leaves it: made now from its inputs, or carried over as it was
        (``--only public``) — so that the public site is made again when its PDFs change, whatever the order."""
        if "casebook" in self.wanted:
            return self.fingerprint("casebook")
        return str(self.staging.previous_part("casebook").get("inputs") or "")

    @cached_property
    def all_photos(self) -> dict[str, str]:
        """URL → src of every photo of a record or case (public or not): the archive's, and the public site's inputs."""
        photos = {}
        for entity in list(self.site.records) + list(self.site.cases):
            for p in entity.data.get("photos") or ():
                if isinstance(p, dict) and isinstance(p.get("src"), str):
                    photos[urls.photo(p["src"])] = p["src"]
        return photos

    def _unchanged(self, part: str, fp: str) -> bool:
        previous = self.staging.previous_part(part)
        return previous.get("inputs") == fp and self.staging.previous_dir(part) is not None

    def unchanged(self, parts) -> bool:
        """Whether every one of ``parts`` would be taken over as it is (nothing to stage at all)."""
        return all(self._unchanged(part, self.fingerprint(part)) for part in parts)

    def page_salt(self, part: str, *more: str) -> str:
        """What every page of a part depends on besides its own inputs: code, layouts, settings, today."""
        h = hashlib.blake2b(digest_size=16)
        h.update(f"{part}\0{self.salt}\0{sorted(self.project.config.items())!r}\0{self.today.isoformat()}\0"
                 f"{sorted(self.fields.items())!r}\0{self.info!r}".encode())
        for m in more:
            h.update(b"\0" + m.encode())
        return h.hexdigest()

    # --- casebook -------------------------------------------------------------
    def build_casebook(self) -> PartReport:
        """site/casebook/<year>.pdf for each year with a casebook.yaml.

        Rebuilt only when a case, a casebook.yaml, a branch name, a case photo,
        the layouts or `today` changed: a PDF takes seconds, a record edit should not.
        """
        fp = self.fingerprint("casebook")
        if self._unchanged("casebook", fp):
            self.staging.carry("casebook")
            return PartReport("casebook", unchanged=True)
        folder = self.staging.part("casebook")
        notes = write_casebook_pdfs(self.project, self.result, folder)
        keep_archival_copies(self.staging.previous_dir("casebook"), folder)
        self.staging.manifest["parts"]["casebook"] = {"inputs": fp}
        return PartReport("casebook", pages=len(list(folder.glob("*.pdf"))),
                          notes=[f"{n.file}:{n.line}:{n.column}: {n.message}" for n in notes])

    def _casebook_fingerprint(self) -> str:
        """Only the cases, the casebook settings, branch names and case photos make the books."""
        kinds = {"case", "casebook", "branch"}
        docs = [d for d in self.result.documents if d.source.kind in kinds]
        srcs = {p["src"]: p["src"] for c in self.result.site.cases for p in (c.data.get("photos") or ())
                if isinstance(p, dict) and isinstance(p.get("src"), str)}
        digests = {src: self.hashes.digest(src) for src in sorted(srcs)}
        return inputs_fingerprint(f"casebook:{self.salt}", self.project.config, self.today, docs, [], digests)

    # --- public ---------------------------------------------------------------
    def build_public(self) -> PartReport:
        from .public_part import build_public
        return build_public(self)

    # --- archive --------------------------------------------------------------
    def build_archive(self) -> PartReport:
        photos = self.all_photos
        fp = self.fingerprint("archive")
        if self._unchanged("archive", fp):
            self.staging.carry("archive")
            return PartReport("archive", unchanged=True)
        pages = ArchivePages(self.site, self.result.findings, self.info, self.today, RULES, self.bodies, self.project.root,
                             profile=self.result.profile)
        routes = pages.routes()
        self._check_urls(routes, "archive", {u: f"照片 {s}" for u, s in photos.items()})
        out, previous = self.staging.part("archive"), self.staging.previous_part("archive")
        rendered = render_routes(self.env, routes, out, salt=self.archive_salt, digests=self.digests,
                                 previous=previous.get("files") or {}, previous_dir=self.staging.previous_dir("archive"),
                                 progress=self.progress("内部台账", len(routes)))
        keys = dict(rendered.keys)
        keys.update(self._photos(photos, out, previous, resize=False))
        copy_static(self.project.layouts, out)
        self.staging.manifest["parts"]["archive"] = {"inputs": fp, "files": keys, "salt": self.archive_salt}
        return PartReport("archive", len(routes), rendered.written, rendered.reused)

    @cached_property
    def archive_salt(self) -> str:
        return self.page_salt("archive")

    def renders_all_archive(self) -> bool:
        """Whether every archive page will be made afresh: no previous archive, or all its pages' keys changed
        (zhibu, the layouts, the settings or ``today``). Then building it aside pays; after a small edit it does not
        (the two processes would mostly copy each other's memory)."""
        previous = self.staging.previous_part("archive")
        return not previous.get("files") or previous.get("salt") != self.archive_salt

    # --- shared ---------------------------------------------------------------
    def _photos(self, photos: dict, out: Path, previous: dict, *, resize: bool) -> dict[str, str]:
        done = publish_photos(self.hashes, photos, out, resize=resize, previous=previous.get("files") or {},
                              previous_dir=self.staging.previous_dir(out.name))
        if done.problems:
            raise BuildFailed([self._photo_error(src, message) for src, message in done.problems])
        return done.keys

    def _photo_error(self, src: str, message: str) -> Finding:
        for entity in list(self.site.records) + list(self.site.cases):
            for i, p in enumerate(entity.data.get("photos") or ()):
                if isinstance(p, dict) and p.get("src") == src:
                    return error("ref/media", entity.rel, self.locator.pos(entity.rel, ("photos", i, "src")), message)
        return error("ref/media", "content/" + src, (1, 1), message)

    def _check_urls(self, routes, part: str, reserved: dict) -> None:
        reserved = dict(reserved, **{f"static/{name}": "样式文件" for name in static_names(self.project.layouts)})
        clashes = find_collisions(routes, part, reserved)
        if clashes:
            raise BuildFailed(clashes)

    def _template_text(self) -> list[str]:
        texts = [self.info["title"], self.info["org"]]
        for folder in (packaged_dir("layouts"), self.project.layouts):
            for path in sorted(folder.rglob("*.html")) if folder else ():
                texts.append(path.read_text(encoding="utf-8", errors="replace"))
        return texts

    def body_of(self, rel: str) -> str:
        """The Markdown body of a content file (record bodies are read from disk, when needed)."""
        return self.bodies.get(rel) or (read_body(self.project.root, rel)[0] if rel.lower().endswith(".md") else "")

    @cached_property
    def locator(self) -> Locator:
        return Locator(self.project.root)


ARCHIVAL_COPY = re.compile(r"^\d{4}-[0-9a-z-]+\.pdf$")  # `zhibu casebook 2024 --pdf-variant pdf/a-3b`


def keep_archival_copies(previous: Path | None, folder: Path) -> None:
    """The archival variants `zhibu casebook` wrote beside the books travel on: they are the user's, made on purpose."""
    for path in sorted(previous.iterdir()) if previous is not None else ():
        if ARCHIVAL_COPY.match(path.name) and path.is_file() and not (folder / path.name).exists():
            link_file(path, folder / path.name, set())


def write_casebook_pdfs(project: Project, result: CheckResult, folder: Path) -> list:
    """``folder/<year>.pdf`` for every year with a casebook.yaml; returns the books' notes as findings.

    A missing CJK font stops the build (BuildFailed) with the install instruction.
    """
    from ..casebook.fonts import FontMissing
    from ..casebook.from_site import casebook_years, write_year
    from ..diagnostics import error
    notes = []
    for year in casebook_years(result.site):
        try:
            notes += write_year(project, result.site, year, folder / f"{year}.pdf")
        except FontMissing as exc:
            rel = result.site.casebooks[year].rel
            raise BuildFailed([error("casebook/font", rel, (1, 1), str(exc))]) from None
    return notes


def _static_dirs(project_layouts: Path | None) -> list[Path]:
    dirs = [packaged_dir("layouts") / "static"]
    if project_layouts is not None and (project_layouts / "static").is_dir():
        dirs.append(project_layouts / "static")
    return dirs


def static_names(project_layouts: Path | None) -> list[str]:
    names = set()
    for folder in _static_dirs(project_layouts):
        names |= {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    return sorted(names)


def copy_static(project_layouts: Path | None, out: Path) -> list[Path]:
    """layouts/static/ into <out>/static/: packaged files, then the project's over them."""
    written = {}
    for folder in _static_dirs(project_layouts):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                target = out / "static" / path.relative_to(folder)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.unlink(missing_ok=True)
                shutil.copyfile(path, target)
                written[target] = True
    return sorted(written)
