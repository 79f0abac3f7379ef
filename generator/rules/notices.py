"""`notice/period` and `notice/privacy`.

`notice/privacy` scans only what reaches the public site (Clarification 9):
the public fields of records (type, covers, title, date, start, end, place,
summary, public photos) and of branches (name, type, parent, secretary), the
plans' themes, 党外 notices (every field and the body), the casebooks' settings and 入选 cases (every
field and the body). Record bodies and 党内 notices are internal. Its findings
are errors: the public site is never built with a PRC ID-card number, a
mobile number, or a roster member's absence reason in it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..diagnostics import error
from ..model.entities import Site
from ..model.vocabulary import simplify
from .registry import RuleContext, rule

RECORD_PUBLIC = ("type", "covers", "title", "date", "start", "end", "place", "summary")
BRANCH_PUBLIC = ("name", "type", "parent", "secretary")
DEVELOPMENT = "发展党员"


# --- notice/period ------------------------------------------------------------------------------------

def is_publicity(notice) -> bool:
    """A 发展党员 公示: its category is 发展党员 and it has a 公示期 (until) or calls itself 公示."""
    data = notice.data
    title = simplify(data.get("title")) if isinstance(data.get("title"), str) else ""
    return simplify(data.get("category")) == DEVELOPMENT and (notice.until is not None or "公示" in title)


@rule("notice/period", params={"publicity_days": 5},
      title="公示期：截止日期不早于发布日期；发展党员公示不少于 5 天", source="党务公开条例; 发展党员工作细则")
def period(ctx: RuleContext) -> None:
    days = ctx.params.get("publicity_days", 5)
    days = days if isinstance(days, int) and days > 0 else 5
    for notice in sorted(ctx.site.notices, key=lambda n: n.rel):
        if notice.until is not None and notice.until < notice.published:
            ctx.warn(notice.rel, ("until",),
                     f"公示截止日期 {notice.until.isoformat()} 早于发布日期 {notice.published.isoformat()}")
            continue
        if not is_publicity(notice):
            continue
        if notice.until is None:
            ctx.warn(notice.rel, ("published",), f"发展党员公示未写公示截止日期 until（公示期应不少于 {days} 天）",
                     "在 until 中写公示期的最后一天")
            continue
        length = (notice.until - notice.published).days + 1  # both ends count
        if length < days:
            ctx.warn(notice.rel, ("until",),
                     f"发展党员公示期 {length} 天（{notice.published.isoformat()} 至 {notice.until.isoformat()}），少于 {days} 天",
                     "公示期从发布当天算起，含截止日")


# --- notice/privacy ------------------------------------------------------------------------------------------

# Digits may be grouped (450102 19900307 1238, 138-7712-3456, 138.7712.3456, (138)7712 3456): the groups
# are read together, as a reader would.
_SEP = r"[\s\-–—－./\u00a0\u200b]?"
ID_NUMBER = re.compile(rf"(?<![0-9])[0-9]{{6}}{_SEP}(?:[0-9]{{4}}{_SEP}[0-9]{{4}}|[0-9]{{8}}){_SEP}[0-9]{{3}}[0-9Xx](?![0-9Xx])")
MOBILE_NUMBER = re.compile(rf"(?<![0-9])(?:\+?86{_SEP})?\(?1[3-9][0-9]\)?{_SEP}[0-9]{{4}}{_SEP}[0-9]{{4}}(?![0-9])")
_NOT_DIGIT = re.compile(r"[^0-9Xx]")


def digits_of(number: str) -> str:
    """A number as found (grouped, bracketed) without its separators."""
    return _NOT_DIGIT.sub("", number)
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_LONG_NUMBER = re.compile(r"(?:[0-9０-９][\s\-–—－./()\u00a0\u200b]?){11}")
_SPACING = re.compile(r"[\s*_`~\u200b]+")  # spaces and Markdown emphasis between a name and a reason
FULLWIDTH = str.maketrans("０１２３４５６７８９Ｘｘ", "0123456789Xx")


def id_checksum_ok(number: str) -> bool:
    """GB 11643: the 18th character is the check digit of the first 17."""
    total = sum(int(d) * w for d, w in zip(number[:17], _WEIGHTS))
    return _CHECK[total % 11] == number[17].upper()


def mask(number: str) -> str:
    """Never repeat the number in full in a message: CI logs are not private either."""
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


@dataclass(frozen=True, slots=True)
class Leak:
    what: str    # 身份证号码 | 手机号码 | 缺席原因
    shown: str   # the masked number, or the name and reason
    offset: int  # character offset in the text


MANY_NAMES = 300  # above this many names, `Reasons` looks them up by length rather than by regex


class Reasons:
    """The absence reasons of a set of records, by member name, with one pattern to find the names."""

    def __init__(self, pairs: list[tuple[str, str]]):
        self.by_name: dict[str, list[str]] = {}
        for name, reason in pairs:
            self.by_name.setdefault(name, []).append(reason)
        names = sorted(self.by_name, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, names))) if names else None
        # The whole organisation's names (a text for everyone is checked against all of them) make
        # an alternation the regex engine tries name by name at every position: looked up by length instead.
        self.by_length = None
        if len(names) > MANY_NAMES and "" not in self.by_name:
            self.by_length = {}
            for name in names:
                self.by_length.setdefault(len(name), set()).add(name)

    def names_in(self, text: str) -> set[str]:
        """The names found in `text`, as `pattern.findall` finds them: from left to right, longest first."""
        if self.by_length is None:
            return set(self.pattern.findall(text))
        found = set()
        buckets = list(self.by_length.items())  # longest first
        i, end = 0, len(text)
        while i < end:
            for length, names in buckets:
                word = text[i:i + length]
                if word in names:
                    found.add(word)
                    i += length
                    break
            else:
                i += 1
        return found

    def leaks(self, text: str) -> list[Leak]:
        """Each (name, reason) both in ``text``, spaces and Markdown emphasis set aside (刘洋 **出差** 学习)."""
        if self.pattern is None:
            return []
        joined = _SPACING.sub("", text)
        out = []
        for name in sorted(self.names_in(joined)):
            for reason in self.by_name[name]:
                if _SPACING.sub("", reason) in joined:
                    at = text.find(name)
                    out.append(Leak("缺席原因", f"{name}：{reason}", max(at, 0)))
        return out


def find_leaks(text: str, reasons: Reasons) -> list[Leak]:
    """ID-card numbers (valid checksum), mobile numbers, and (name, reason) pairs that both appear in `text`."""
    leaks = []
    if _LONG_NUMBER.search(text):  # most public texts hold no run of 11 digits: skip the scans
        plain = text.translate(FULLWIDTH)
        for m in ID_NUMBER.finditer(plain):
            number = digits_of(m.group())
            if id_checksum_ok(number):
                leaks.append(Leak("身份证号码", mask(number), m.start()))
        leaks += [Leak("手机号码", mask(digits_of(m.group())[-11:]), m.start()) for m in MOBILE_NUMBER.finditer(plain)]
    return leaks + reasons.leaks(text)


def absence_reasons(site: Site, branch_id: str | None) -> Reasons:
    """(member, reason) from the attendance of the branch's records and the roster's exemptions (年老体弱 …)
    (every branch's when None)."""
    pairs = set()
    branches = site.branches.values() if branch_id is None else [site.branches[branch_id]]
    for branch in branches:
        for member in branch.members:
            if isinstance(member.exempt, str) and member.exempt.strip():
                pairs.add((member.name, member.exempt.strip()))
    records = site.records if branch_id is None else site.branch_records(branch_id)
    for record in records:
        absent = (record.data.get("attendance") or {}).get("absent")
        if not isinstance(absent, dict):
            continue
        for name, entry in absent.items():
            reason = entry.get("reason") if isinstance(entry, dict) else None
            if isinstance(reason, str) and reason.strip():
                pairs.add((str(name), reason.strip()))
    return Reasons(sorted(pairs))


FILE_NAME = ("<file name>",)  # the path of a finding about a file's name (it is its public page's address)


def public_texts(site: Site):
    """(file, path into its data or None for the body, text, body start line, branch id) of every public text."""
    for branch in site.branches.values():
        for key in BRANCH_PUBLIC:
            yield from _field(branch.rel, (key,), branch.data.get(key), branch.id)
    for record in site.records:
        yield record.rel, FILE_NAME, record.stem, 0, record.branch  # the address of its public page
        for key in RECORD_PUBLIC:
            yield from _field(record.rel, (key,), record.data.get(key), record.branch)
        yield from _photos(record.rel, record.data, record.branch)
    for plan in site.plans.values():
        yield from _field(plan.rel, ("themes",), plan.data.get("themes"), plan.branch)
    # Notices and cases are read by everyone and may name a member of any branch: checked against them all.
    for notice in site.notices:
        if notice.public:
            yield notice.rel, FILE_NAME, notice.stem, 0, None
            yield from _field(notice.rel, (), notice.data, None)
            yield notice.rel, None, notice.body, notice.body_line, None
    for case in site.cases:
        if simplify(case.data.get("status")) == "入选":
            yield from _field(case.rel, (), {k: v for k, v in case.data.items() if k != "photos"}, None)
            yield from _photos(case.rel, case.data, None, default_public=True)  # a case's photos are printed
            yield case.rel, None, case.body, case.body_line, None
    for book in site.casebooks.values():  # the casebook's cover and preface, on its page and in the PDF
        yield from _field(book.rel, (), book.data, None)


def _field(rel: str, path: tuple, value, branch_id):
    """Every string inside `value`, with its path."""
    if isinstance(value, str):
        yield rel, path, value, 0, branch_id
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _field(rel, path + (key,), item, branch_id)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _field(rel, path + (i,), item, branch_id)


def _photos(rel: str, data: dict, branch_id, *, default_public: bool = False):
    for i, photo in enumerate(data.get("photos") or ()):
        if isinstance(photo, dict) and photo.get("public", default_public) is True:
            for key in ("src", "caption"):
                yield from _field(rel, ("photos", i, key), photo.get(key), branch_id)


@rule("notice/privacy", title="公开内容不含身份证号、手机号和缺席原因", source="安全; 党务公开条例")
def privacy(ctx: RuleContext) -> None:
    reasons_by_branch: dict = {}
    seen_by_branch: dict = {}  # branch → {text: its leaks}: types, places and titles recur in many records
    for rel, path, text, body_line, branch_id in public_texts(ctx.site):
        if not text:
            continue
        if branch_id not in reasons_by_branch:
            # An organisation-wide text may name anyone: it is checked against every branch's reasons.
            reasons_by_branch[branch_id] = absence_reasons(ctx.site, branch_id if branch_id in ctx.site.branches else None)
            seen_by_branch[branch_id] = {}
        seen = seen_by_branch[branch_id]
        leaks = seen.get(text)
        if leaks is None:
            leaks = seen[text] = find_leaks(text, reasons_by_branch[branch_id])
        for leak in leaks:
            if path is None:
                pos = _body_pos(text, leak.offset, body_line)
                where = "正文"
            elif path is FILE_NAME:
                pos, where = (1, 1), "文件名，即公开网页的地址"
            else:
                pos = ctx.locator.pos(rel, path)
                where = f"字段 {'.'.join(str(p) for p in path)}"
            ctx.findings.append(error(ctx.rule_id, rel, pos, _message(leak, where), _HINTS[leak.what]))


def _body_pos(text: str, offset: int, body_line: int) -> tuple[int, int]:
    before = text[:offset]
    return body_line + before.count("\n"), offset - (before.rfind("\n") + 1) + 1


def _message(leak: Leak, where: str) -> str:
    if leak.what == "缺席原因":
        return f"公开内容（{where}）中出现党员的缺席原因（{leak.shown}）"
    return f"公开内容（{where}）中含有{leak.what} {leak.shown}"


_HINTS = {
    "身份证号码": "公开网站上不得出现身份证号码：删去或只保留必要的部分（如出生年份）",
    "手机号码": "公开网站上不得出现个人手机号码：改用单位办公电话",
    "缺席原因": "缺席原因只记在内部的 attendance.absent 中，不要写进 summary、标题等公开内容",
}
