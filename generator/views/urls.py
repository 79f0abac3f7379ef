"""The URL scheme of both outputs, in one place so every link agrees with the file it names.

URLs are paths under the output folder, unquoted, always ending in a file name
(``index.html`` included) so that a site opened from ``file://`` works too.
"""
from __future__ import annotations

from ..render.routes import segment

NOTICE_CATEGORIES = {
    "党费收缴": "dues", "发展党员": "recruitment", "民主评议": "review", "党内帮扶": "aid",
    "处置不合格党员": "disposal", "重大决策": "decisions", "财务收支": "finance",
    "组织建设": "organisation", "其他": "other",
}


def category_slug(category: str) -> str:
    return NOTICE_CATEGORIES.get(category) or "c-" + segment(category)


# --- public -------------------------------------------------------------------
HOME = "index.html"
NOTICES = "notices/index.html"
BRANCHES = "branches/index.html"
CASEBOOKS = "casebook/index.html"
SEARCH = "search.html"
ATOM = "notices.atom"
ICAL = "activities.ics"
SITEMAP = "sitemap.xml"
NOT_FOUND = "404.html"


def notice(year: int, stem: str) -> str:
    return f"notices/{year}/{segment(stem)}.html"


def notice_year(year: int) -> str:
    return f"notices/{year}/index.html"


def notice_category(category: str) -> str:
    return f"notices/category/{category_slug(category)}.html"


def branch(branch_id: str) -> str:
    return f"branches/{segment(branch_id)}/index.html"


def branch_year(branch_id: str, year: int) -> str:
    return f"branches/{segment(branch_id)}/{year}.html"


def activity(branch_id: str, year: int, stem: str) -> str:
    return f"activities/{segment(branch_id)}/{year}/{segment(stem)}.html"


def casebook(year: int) -> str:
    return f"casebook/{year}.html"


def casebook_pdf(year: int) -> str:
    return f"casebook/{year}.pdf"


def honours(year: int) -> str:
    """The year's honour roll (表扬名单), public once the awards are decided."""
    return f"honours/{year}.html"


def photo(src: str) -> str:
    """A photo's web copy: content/media/2024/a.jpg → media/2024/a.jpg."""
    parts = [segment(p) for p in str(src).split("/") if p and p != "."]
    if parts and parts[0] == "media":
        parts = parts[1:]
    return "media/" + "/".join(parts)


# --- archive ------------------------------------------------------------------
ARCHIVE_HOME = "index.html"
DASHBOARD = "dashboard/index.html"
RULES = "rules.html"
ARCHIVE_NOTICES = "notices/index.html"
ARCHIVE_CASES = "cases/index.html"


def dashboard(year: int) -> str:
    return f"dashboard/{year}.html"


def ledger_branch(branch_id: str) -> str:
    return f"branches/{segment(branch_id)}/index.html"


def ledger(branch_id: str, year: int) -> str:
    return f"branches/{segment(branch_id)}/{year}/index.html"


def record(branch_id: str, year: int, stem: str) -> str:
    return f"branches/{segment(branch_id)}/{year}/{segment(stem)}.html"


def archive_notice(year: int, stem: str) -> str:
    return f"notices/{year}/{segment(stem)}.html"


def rule_anchor(rule_id: str) -> str:
    return "rule-" + rule_id.replace("/", "-")
