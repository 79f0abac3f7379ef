"""The last check before the public site is published: rule `notice/privacy`.

Every public file is searched for
  * PRC resident ID-card numbers (18 digits, valid ISO 7064 checksum),
  * mainland mobile numbers (1[3-9]x xxxx xxxx, with or without separators),
  * a roster member's name within a few characters of their absence or exemption reason,
  * any internal-only value of the content the page was made from: the text of
    speeches, votes, resolutions, steps, plan changes, the record body (its
    paragraphs' first sentences), internal (党内) notices, cases not selected,
    the names of 模范党员 anywhere but on that year's honour roll page.
An internal value that also appears in some public field of the content is not
internal-only and is not reported. Each hit becomes an error finding on the
content file and field it came from, so the build stops and site/ is untouched.
"""
from __future__ import annotations

import hashlib
import html as html_lib
import re
from dataclasses import dataclass

from ..diagnostics import Finding, error
from ..model.entities import Record, Site
from ..render.routes import Route
from ..rules.notices import FULLWIDTH, ID_NUMBER, MOBILE_NUMBER, digits_of, id_checksum_ok
from .needles import Needle, _names, entity_index, needles_for, public_strings

RULE = "notice/privacy"
_TAGS = re.compile(r"<[^>]*>")
_ATTRS = re.compile(r'(?:title|alt|label|content|placeholder)="([^"]*)"')
_SPACE = re.compile(r"\s+")
# Digits as 0 and the separators numbers are grouped with as "-": a number shows as 0000… or 000-0000.
_SHAPE = str.maketrans({**{d: "0" for d in "123456789０１２３４５６７８９"},
                        **{c: "-" for c in " \t\n.－–—/()\u00a0\u200b"}})
NEAR = 40  # characters between a name and a reason that count as "next to"




def page_text(raw: str) -> str:
    """The visible text of an HTML or XML file, then the attribute values people read; entities decoded."""
    text = _SPACE.sub(" ", _TAGS.sub(" ", raw)) + "\n" + "\n".join(_ATTRS.findall(raw))
    return html_lib.unescape(text) if "&" in text else text


def _may_hold_numbers(text: str) -> bool:
    """Cheap test (C speed) for a run of 11 digits or a 3-4 digit group: only then run the regexes."""
    shape = text.translate(_SHAPE)
    return "0" * 11 in shape or "000-0000" in shape or "0-0000-0000" in shape


@dataclass(frozen=True, slots=True)
class Hit:
    url: str
    rel: str | None     # content file the value came from (None: unknown)
    path: tuple         # field inside it
    what: str           # Chinese description
    value: str


@dataclass(frozen=True, slots=True)
class Excused:
    """An internal value found on a page that a public field holds too: no hit, while that stays so."""
    url: str
    value: str


class PrivacyScan:
    """Callable per page: ``scan(route, html) -> list[Hit]``; ``findings(hits)`` at the end."""

    def __init__(self, site: Site, public_fields: dict[str, tuple[str, ...]], body_of, extra_public: list[str]):
        self.site = site
        self.fields = public_fields
        self.body_of = body_of  # rel → Markdown body
        self.entities = entity_index(site)
        self._needles: dict[str, list[Needle]] = {}
        self._corpus: str | None = None
        self._public: dict[str, bool] = {}
        self.extra_public = extra_public  # site title, organisation, template text
        self.excused: list[Excused] = []

    def needles(self, rel: str) -> list[Needle]:
        if rel not in self._needles:
            entity = self.entities.get(rel)
            self._needles[rel] = needles_for(entity, self.site, self.fields, self.body_of(rel)) if entity else []
        return self._needles[rel]

    def __call__(self, route: Route, raw: str) -> list[Hit | Excused]:
        """The render callback: the hits, and the values let pass (they travel back from a worker process)."""
        return self._scan(route.url, raw, route.sources)

    def scan(self, url: str, raw: str, sources: tuple[str, ...]) -> list[Hit]:
        """The hits on one file; the values let pass are kept in ``excused``."""
        found = self._scan(url, raw, sources)
        self.excused += [e for e in found if isinstance(e, Excused)]
        return [h for h in found if isinstance(h, Hit)]

    def _scan(self, url: str, raw: str, sources: tuple[str, ...]) -> list[Hit | Excused]:
        text = page_text(raw)
        hits = self._patterns(url, text, sources) if _may_hold_numbers(text) else []
        seen: set[str] = set()
        for rel, needle in ((rel, n) for rel in sources for n in self.needles(rel)):
            if needle.partner is not None:
                if _near(text, needle.value, needle.partner):
                    hits.append(Hit(url, rel, needle.path, needle.what, f"{needle.value}……{needle.partner}"))
            elif needle.public_on == url:
                continue  # an honoured member's name on the honour roll: a public value there
            elif needle.value not in seen:
                seen.add(needle.value)
                if needle.value in text:
                    hits.append(Excused(url, needle.value) if self.is_public(needle.value)
                                else Hit(url, rel, needle.path, needle.what, needle.value))
        return hits

    def _patterns(self, url: str, text: str, sources) -> list[Hit]:
        hits = []
        text = text.translate(FULLWIDTH)
        for m in ID_NUMBER.finditer(text):
            if id_checksum_ok(digits_of(m.group())):
                hits.append(self._origin(url, m.group(), sources, "身份证号码"))
        for m in MOBILE_NUMBER.finditer(text):
            hits.append(self._origin(url, m.group(), sources, "手机号码"))
        return hits

    def _origin(self, url: str, value: str, sources, what: str) -> Hit:
        digits = digits_of(value)
        for rel in sources:
            entity = self.entities.get(rel)
            for path, s in public_strings(entity, self.fields) if entity else ():
                if digits in digits_of(s.translate(FULLWIDTH)):
                    return Hit(url, rel, path, what, value)
        return Hit(url, None, (), what, value)

    def salt(self) -> str:
        """What the scan reads besides a page and its own files: the roster (names are not needles) and the layouts."""
        h = hashlib.blake2b(digest_size=16)
        h.update("\0".join(sorted(_names(self.site))).encode())
        h.update("\0".join(self.extra_public).encode())
        return h.hexdigest()

    def is_public(self, value: str) -> bool:
        """Whether some public field (or the templates) holds ``value``: each value looked up once."""
        known = self._public.get(value)
        if known is None:
            known = self._public[value] = self._in_corpus(value)
        return known

    def _in_corpus(self, value: str) -> bool:
        if self._corpus is None:
            parts = list(self.extra_public)
            for entity in self.entities.values():
                parts += [s for _, s in public_strings(entity, self.fields)]
                if isinstance(entity, Record):  # its file name is its public page's address
                    parts.append(entity.rel.rsplit("/", 1)[-1].rsplit(".", 1)[0])
            self._corpus = "\x00".join(parts)
        return value in self._corpus

    def findings(self, hits: list[Hit], locator) -> list[Finding]:
        out = []
        hits = [h for h in hits if isinstance(h, Hit)]
        for hit in sorted(set(hits), key=lambda h: (h.rel or "", h.url, h.path, h.value)):
            shown = hit.value if len(hit.value) <= 30 else hit.value[:30] + "…"
            message = f"公开网站的 public/{hit.url} 含有{hit.what}“{shown}”"
            if hit.rel is None:
                out.append(error(RULE, "site/public/" + hit.url, (1, 1), message,
                                 "检查站点配置 zhibu.yaml 和项目 layouts/ 中的模板是否写入了个人信息"))
            else:
                pos = locator.body_pos(hit.rel) if hit.path == ("body",) else locator.pos(hit.rel, hit.path)
                out.append(error(RULE, hit.rel, pos, message,
                                 "内部信息不能出现在公开网站上：删去它，或移到只在内部台账显示的字段中"))
        return out


def _near(text: str, name: str, reason: str) -> bool:
    start = text.find(name)
    while start >= 0:
        window = text[max(0, start - NEAR): start + len(name) + NEAR]
        if reason in window:
            return True
        start = text.find(name, start + 1)
    return False
