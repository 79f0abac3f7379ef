"""What the privacy scan looks for: each content file's internal-only values, with their field.

A needle is a string from a field the schemas do not mark x-public (or from a
file that is not published at all: 党内 notices, cases not selected), long
enough to be telling, that is not a roster name, a date or a time. A pair
needle is a member's name with their absence (or exemption) reason: each alone
may be harmless, the two together are not. The names of an awards file's
模范党员 are needles too, public on that year's honour roll page only.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model.entities import Awards, Branch, Case, Dues, Notice, Record, Site

MIN_CHARS = 4
_DATEISH = re.compile(r"^[\d\s:/.\-年月日时分]+$")
_SENTENCE = re.compile(r"[^。！？；;!?\n]+")
_MARKUP = re.compile(r"^\s*(?:#+|[-*+>]|\d+[.)、])\s*|\*\*[^*]{1,20}\*\*[：:]?|[*_`#|>]")


@dataclass(frozen=True, slots=True)
class Needle:
    value: str
    path: tuple           # field in the file ("body",) for the Markdown body
    what: str             # Chinese description of the field
    partner: str | None = None   # for a pair: the reason that must not stand next to the name
    public_on: str | None = None # the one public page where the value may stand (the honour roll)


def entity_index(site: Site) -> dict[str, object]:
    index: dict[str, object] = {}
    for group in (site.records, site.notices, site.cases, site.branches.values(), site.plans.values(),
                  site.casebooks.values(), site.dues.values(), site.awards.values()):
        for entity in group:
            index[entity.rel] = entity
    return index


def _walk(value, path: tuple):
    """(path, string) for every string inside a value, depth first."""
    stack = [(path, value)]
    while stack:
        here, v = stack.pop()
        if isinstance(v, str):
            yield here, v
        elif isinstance(v, dict):
            stack.extend((here + (k,), x) for k, x in reversed(v.items()) if not isinstance(x, (int, float, bool)))
        elif isinstance(v, (list, tuple)):
            stack.extend((here + (i,), x) for i, x in reversed(list(enumerate(v))) if not isinstance(x, (int, float, bool)))


def _kind(entity) -> str:
    return {"Record": "record", "Notice": "notice", "Case": "case", "Branch": "branch", "Plan": "plan",
            "Casebook": "casebook", "Dues": "dues", "Awards": "awards"}[type(entity).__name__]


def _published(entity) -> bool:
    """Whether any field of this file reaches the public site (the honour roll comes later)."""
    if isinstance(entity, Notice):
        return entity.public
    if isinstance(entity, Case):
        return entity.data.get("status") == "入选"
    return not isinstance(entity, (Dues, Awards))


def public_strings(entity, fields: dict[str, tuple[str, ...]]):
    """(path, text) of every public string of a content file (nothing when it is not published)."""
    if not _published(entity):
        return
    public = fields.get(_kind(entity), ())
    for key in public:
        if key in entity.data:
            yield from _walk(entity.data[key], (key,))
    body = getattr(entity, "body", None)
    if body and isinstance(entity, (Notice, Case)):
        yield ("body",), body


def needles_for(entity, site: Site, fields: dict[str, tuple[str, ...]], body: str | None) -> list[Needle]:
    roster = _names(site)
    public = set(fields.get(_kind(entity), ()))
    whole = not _published(entity)
    out: list[Needle] = []
    for key, value in entity.data.items():
        if whole or key not in public:
            if key == "attendance" and isinstance(value, dict):  # names and reasons: see the pairs below
                value, key = value.get("observers"), ("attendance", "observers")
            base = key if isinstance(key, tuple) else (key,)
            out += [Needle(s.strip(), path, _label(path)) for path, s in _walk(value, base) if _telling(s, roster)]
    body = getattr(entity, "body", None) or body
    if body and (whole or isinstance(entity, Record)):
        out += [Needle(s, ("body",), "正文内容") for s in first_sentences(body)]
    if isinstance(entity, Record):
        out += _absence_pairs(entity)
    if isinstance(entity, Awards):
        out += _honoured_names(entity)
    if isinstance(entity, Branch):
        out += [Needle(m.name, ("members", m.index, "exempt"), "党员的免于参加原因", str(m.exempt).strip())
                for m in entity.members if m.exempt and len(str(m.exempt).strip()) >= 2]
    return out


def _honoured_names(awards: Awards) -> list[Needle]:
    """The 模范党员: roster names, yet a page made from the awards file may show them only as the honour roll."""
    from ..views.urls import honours
    return [Needle(e["name"], ("model_members", i, "name"), "模范党员姓名（只在表扬名单页公开）", public_on=honours(awards.year))
            for i, e in enumerate(awards.data.get("model_members") or ())
            if isinstance(e, dict) and isinstance(e.get("name"), str) and e["name"].strip()]


def _absence_pairs(record: Record) -> list[Needle]:
    absent = (record.data.get("attendance") or {}).get("absent") or {}
    out = []
    for name, entry in absent.items():
        reason = entry.get("reason") if isinstance(entry, dict) else None
        if isinstance(reason, str) and reason.strip():
            out.append(Needle(name, ("attendance", "absent", name, "reason"), "缺席党员姓名及缺席原因", reason.strip()))
    return out


def first_sentences(body: str) -> list[str]:
    """The first telling sentence of each paragraph: enough to notice a leaked body."""
    out = []
    for paragraph in re.split(r"\n\s*\n", body):
        for sentence in _SENTENCE.findall(_MARKUP.sub("", paragraph.strip())):
            sentence = sentence.strip(" ，,：:")
            if len(sentence) >= 8:
                out.append(sentence)
                break
    return out


def _telling(text: str, roster: frozenset[str]) -> bool:
    s = text.strip()
    return len(s) >= MIN_CHARS and s not in roster and not _DATEISH.match(s)


_ROSTER_CACHE: dict[int, frozenset[str]] = {}


def _names(site: Site) -> frozenset[str]:
    key = id(site)
    if key not in _ROSTER_CACHE:
        _ROSTER_CACHE.clear()
        _ROSTER_CACHE[key] = frozenset(m.name for b in site.branches.values() for m in b.members)
    return _ROSTER_CACHE[key]


_LABELS = {"speeches": "发言内容", "votes": "表决事项", "resolutions": "决议内容", "steps": "活动步骤记录",
           "plan_change": "计划变更说明", "moved": "改期说明", "attendance": "出席情况", "groups": "党小组",
           "members": "党员名册", "title": "标题", "summary": "摘要", "contact": "联系方式"}


def _label(path: tuple) -> str:
    return _LABELS.get(path[0], f"内部字段 {path[0]}") if path else "内部字段"
