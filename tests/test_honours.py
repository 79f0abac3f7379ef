"""The public honour roll (表扬名单): one page per decided year, linked from the home page for 60 days after
the decision and from the 红旗支部 mark on each honoured branch's pages; the honoured members' names are
public on that page and nowhere else. The archive dashboard shows each branch's eligibility."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest

from generator.load.document import read_body
from generator.load.locator import Locator
from generator.pipeline import run_check
from generator.project import open_project
from generator.publish.privacy import PrivacyScan
from generator.validate.registry import load_schemas
from generator.views.public import public_fields
from generator.views.public_pages import HONOURS_ON_HOME_DAYS
from samples import B, base_files

AWARDS = "content/awards/2024.yaml"
SECOND = """\
name: 测试局第二党支部
type: 机关
parent: 中共测试局机关委员会
secretary: 赵敏
elected: 2024-03-01
members:
  - {name: 赵敏, status: 正式, joined: 2001-07-01}
  - {name: 孙丽, status: 正式, joined: 2001-07-01}
"""
# 陈静 is an ordinary member: her name is in no public field, only on the honour roll.
DECIDED = """\
year: 2024
decided: 2024-12-28
red_flag_branches: [caizheng-1]
model_members:
  - {branch: caizheng-1, name: 陈静}
best_theme_days:
  - caizheng-1/2024-06-14-重温入党誓词
"""


def files(decided: str = "2024-12-28", model: str = "陈静") -> dict[str, str]:
    out = base_files()
    out["content/branches/dier/branch.yaml"] = SECOND
    out[AWARDS] = DECIDED.replace("2024-12-28", decided).replace("name: 陈静", f"name: {model}")
    return out


def build(make_project, zhibu, today: str = "2024-12-31", decided: str = "2024-12-28") -> Path:
    root = make_project(files(decided), today=today)
    run = zhibu(root, "build")
    assert run.code == 0, run.out + run.err
    return root / "site/public"


def html(public: Path, url: str) -> str:
    return (public / url).read_text(encoding="utf-8")


def visible(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]*>", " ", page))


def test_the_honour_roll_names_the_branches_members_and_best_theme_days(make_project, zhibu):
    public = build(make_project, zhibu)
    page = html(public, "honours/2024.html")
    text = visible(page)
    assert "2024年度表扬名单" in text and "2024年12月28日 决定" in text
    assert "红旗支部 1 个" in text and "测试局机关第一党支部" in text
    assert "模范党员 1 名" in text and "陈静" in text
    assert "最佳主题党日活动案例 1 个" in text and "重温入党誓词 争做优秀党员" in text
    # the best theme day links to its public activity page, the branches to theirs
    assert f'href="../activities/caizheng-1/2024/{quote("2024-06-14-重温入党誓词")}.html"' in page
    assert (public / "activities/caizheng-1/2024/2024-06-14-重温入党誓词.html").is_file()
    assert 'href="../branches/caizheng-1/index.html"' in page
    assert "caizheng-1" not in text  # ids are file names, not what people read
    assert "honours/2024.html" in html(public, "sitemap.xml")


def test_the_names_of_honoured_members_are_public_only_on_the_honour_roll(make_project, zhibu):
    public = build(make_project, zhibu)
    pages = [p.relative_to(public).as_posix() for p in public.rglob("*.html") if "陈静" in p.read_text(encoding="utf-8")]
    assert pages == ["honours/2024.html"]


def test_the_honoured_branch_carries_its_mark(make_project, zhibu):
    public = build(make_project, zhibu)
    for url in ("branches/caizheng-1/index.html", "branches/caizheng-1/2024.html"):
        page = html(public, url)
        assert "2024年度红旗支部" in page and 'href="../../honours/2024.html"' in page, url
    assert "红旗支部" not in visible(html(public, "branches/dier/index.html"))
    listing = html(public, "branches/index.html")
    assert "2024红旗" in listing and 'href="../honours/2024.html"' in listing


@pytest.mark.parametrize("today, linked", [("2024-12-28", True), ("2025-02-26", True), ("2025-02-27", False)])
def test_home_links_to_the_honour_roll_for_60_days(make_project, zhibu, today, linked):
    assert HONOURS_ON_HOME_DAYS == 60
    public = build(make_project, zhibu, today=today)
    home = html(public, "index.html")
    assert ("2024年度红旗支部、模范党员表扬名单" in home) is linked
    assert ('href="honours/2024.html"' in home) is linked
    assert (public / "honours/2024.html").is_file()  # the page itself stays


def test_nothing_is_public_before_the_decision(make_project, zhibu):
    public = build(make_project, zhibu, today="2024-12-27")
    assert not (public / "honours").exists()
    everything = "\n".join(p.read_text(encoding="utf-8") for p in public.rglob("*.html"))
    assert "陈静" not in everything and "表扬名单" not in everything and "年度红旗支部" not in everything


def test_the_archive_dashboard_shows_eligibility(make_project, zhibu):
    root = make_project(files(), today="2024-12-31")
    root.joinpath(f"{B}/branch.yaml").write_text(
        root.joinpath(f"{B}/branch.yaml").read_text(encoding="utf-8").replace("elected: 2023-05-10", "elected: 2021-05-10"),
        encoding="utf-8")
    assert zhibu(root, "build").code == 0
    page = (root / "site/archive/dashboard/2024.html").read_text(encoding="utf-8")
    assert "2024年度评先选优资格" in page and "<th scope=\"col\">评选资格</th>" in page
    assert "测试局机关第一党支部</a>：不具备评选资格：换届已逾期：上次选举 2021-05-10，任期 3 年，应于 2024-05-10 前换届，" \
           "2024-12-28 时仍未换届" in page
    assert "测试局第二党支部</a>：可参评" in page
    assert "本年度测评满意率低于 60% 的主题党日不足 3 次，且截至 2024-12-28 按期换届" in page


# --- the privacy scan, on pages made up for the purpose ----------------------------------------------------

def scanner_for(make_project, model: str = "陈静"):
    root = make_project(files(model=model), today="2024-12-31")
    result = run_check(open_project(root))
    fields = public_fields(load_schemas(None))
    return PrivacyScan(result.site, fields, lambda rel: read_body(root, rel)[0] if rel.endswith(".md") else "",
                       ["测试党务公开"]), Locator(root)


@pytest.fixture
def scan(make_project):
    return scanner_for(make_project)


def page(text: str) -> str:
    return f'<html lang="zh-CN"><body><main><p>{text}</p></main></body></html>'


def test_scan_accepts_an_honoured_name_on_the_honour_roll(scan):
    scanner, _ = scan
    assert scanner.scan("honours/2024.html", page("模范党员 陈静 测试局机关第一党支部"), (AWARDS,)) == []


def test_scan_rejects_it_anywhere_else(scan):
    scanner, locator = scan
    for url in ("branches/caizheng-1/index.html", "index.html", "honours/2025.html"):
        hits = scanner.scan(url, page("模范党员 陈静"), (AWARDS,))
        assert [(h.rel, h.path, h.value) for h in hits] == [(AWARDS, ("model_members", 0, "name"), "陈静")], url
    finding = scanner.findings(hits, locator)[0]
    assert (finding.rule, finding.file, finding.line) == ("notice/privacy", AWARDS, 5)
    assert "模范党员姓名" in finding.message


def test_a_name_that_is_public_anyway_is_no_hit(make_project):
    # 张伟 is the secretary, a public field of the branch: his name may stand on any page.
    scanner, _ = scanner_for(make_project, model="张伟")
    assert scanner.scan("branches/caizheng-1/index.html", page("书记 张伟"), (AWARDS,)) == []
