"""The documents the rules rest on, cited the way a Chinese reader expects.

Rule specs name their source in a compact code form ("seed 001 §三", "条例; seed 004 §二.2",
"seed 000，活动方案 §四(三)"). Pages never show that code: ``cite`` turns it into the
documents' titles and section numbers ("《…》第三部分"), and ``DOCUMENTS`` lists the
documents themselves for the rules page.
"""
from __future__ import annotations

import re
from functools import lru_cache

# seed number → (文号 or issuer, title). The titles are those the documents give themselves.
SEEDS = {
    "000": ("南直党工通〔2018〕15号",
            "《南宁市直机关党支部“三会一课”质量提升行动方案》《南宁市直机关党员集中活动日创新行动方案》"
            "《南宁市直机关“创红旗支部 做模范党员”活动方案》"),
    "001": ("", "《「黨支部主題黨日」活動安排》"),
    "002": ("咸宁市委办公室", "《关于完善“主题党日+”推进“两学一做”常态化长效化的实施意见》"),
    "003": ("", "《严肃组织生活创新范文》"),
    "004": ("宁党发〔2018〕6号", "《关于进一步加强和改进机关党的建设的意见》"),
}
_PLAN_ACTIVITY_DAY = "南直党工通〔2018〕15号《南宁市直机关党员集中活动日创新行动方案》"
_PLAN_RED_FLAG = "南直党工通〔2018〕15号《南宁市直机关“创红旗支部 做模范党员”活动方案》"

# Seed 000 holds three plans, each numbered on its own: which plan a citation means.
_EXACT = {
    "seed 000": _PLAN_ACTIVITY_DAY,
    "seed 000 §三(四)": _PLAN_ACTIVITY_DAY + "第三部分（四）",
    "活动方案 §四(三)": _PLAN_RED_FLAG + "第四部分（三）",
}
# Whole sources that read better cited at once.
_WHOLE = {
    "seed 000，活动方案 §四(三)": _PLAN_RED_FLAG + "第四部分（三）",
    "seed 000, 活动方案 §四(三)": _PLAN_RED_FLAG + "第四部分（三）",
}
# Other names a source may use.
NAMES = {
    "条例": "《中国共产党支部工作条例（试行）》",
    "党务公开条例": "《中国共产党党务公开条例（试行）》",
    "党务公开": "《中国共产党党务公开条例（试行）》",
    "发展党员工作细则": "《中国共产党发展党员工作细则》",
    "党章": "《中国共产党章程》",
    "安全": "个人信息保护要求",
    "security": "个人信息保护要求",
    "zhibu": "zhibu 填写要求",
}

DOCUMENTS = [
    {"title": NAMES["条例"], "issuer": "中共中央", "note": "文中简称“条例”"},
    {"title": SEEDS["000"][1], "issuer": "中共南宁市直属机关工作委员会 " + SEEDS["000"][0],
     "note": "一个通知印发的三个方案，各自分部分编号"},
    {"title": SEEDS["001"][1], "issuer": "", "note": "主题党日的九个步骤、到会率、测评等要求（繁体原文）"},
    {"title": SEEDS["002"][1], "issuer": "中共咸宁市委办公室", "note": "“主题党日+”、六事联动"},
    {"title": SEEDS["003"][1], "issuer": "", "note": "案例范文汇编：背景、做法、成效、启示"},
    {"title": SEEDS["004"][1], "issuer": "中共宁夏回族自治区委员会 " + SEEDS["004"][0],
     "note": "机关党建九项基本制度"},
    {"title": NAMES["党务公开条例"], "issuer": "中共中央", "note": ""},
]

_SPLIT = re.compile(r"\s*[;；,，]\s*")
_SEED = re.compile(r"^seed\s*(\d{3})\s*(?:§\s*(.+))?$")
_SECTION = re.compile(r"^([一二三四五六七八九十]+)(?:\.(\d+))?(?:\s*[(（]([一二三四五六七八九十]+)[)）])?\s*([①-⑨]+)?$")
_ARTICLE = re.compile(r"^(.+?)(第[一二三四五六七八九十百]+条)$")


@lru_cache(maxsize=256)
def cite(source: str | None) -> str:
    """A rule's source in words: "seed 001 §三" → "《「黨支部主題黨日」活動安排》第三部分"."""
    text = (source or "").strip()
    if not text:
        return "—"
    if text in _WHOLE:
        return _WHOLE[text]
    parts, current = [], None
    for part in _SPLIT.split(text):
        cited, current = _cite_part(part, current)
        if cited:
            parts.append(cited)
    return "；".join(parts)


def _cite_part(part: str, current: str | None) -> tuple[str, str | None]:
    """One citation, and the document a following bare "§…" refers to."""
    if part in _EXACT:
        return _EXACT[part], None
    if m := _SEED.match(part):
        issuer, title = SEEDS.get(m.group(1), ("", f"第 {m.group(1)} 号依据文件"))
        document = issuer + title
        return document + section(m.group(2)), document
    if part.startswith("§") and current:
        return current + section(part[1:]), current
    if part in NAMES:
        return NAMES[part], NAMES[part]
    if (m := _ARTICLE.match(part)) and m.group(1) in NAMES:
        return NAMES[m.group(1)] + m.group(2), NAMES[m.group(1)]
    return part, current


def section(code: str | None) -> str:
    """ "三" → 第三部分, "二.6" → 第二部分第6项, "三(四)" → 第三部分（四）, "六 ①" → 第六部分步骤①."""
    code = (code or "").strip()
    if not code:
        return ""
    m = _SECTION.match(code)
    if not m:
        return code
    out = f"第{m.group(1)}部分"
    if m.group(2):
        out += f"第{m.group(2)}项"
    if m.group(3):
        out += f"（{m.group(3)}）"
    if m.group(4):
        out += f"步骤{m.group(4)}"
    return out
