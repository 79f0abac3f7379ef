"""What a reader sees on the built pages: attendance counts, member counts, dues, charts, forms, sources."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import run_zhibu, write_project

B = "content/branches/caizheng-1"

BRANCH = """\
name: 测试局机关第一党支部
type: 机关
parent: 中共测试局机关委员会
secretary: 张伟
committee: [张伟, 李娜, 王强]
elected: 2023-05-10
members:
  - {name: 张伟, status: 正式, joined: 2001-07-01}
  - {name: 李娜, status: 正式, joined: 2005-07-01}
  - {name: 王强, status: 正式, joined: 2008-07-01}
  - {name: 陈静, status: 正式, joined: 1960-07-01, exempt: 长期卧床行动不便}
  - {name: 赵敏, status: 正式, joined: 2010-07-01, left: 2024-09-10}
  - {name: 刘洋, status: 预备, joined: 2024-03-01, since: 2024-04-08}
  - {name: 周涛, status: 正式, joined: 2015-07-01, since: 2024-02-01}
"""

COMMITTEE_2023 = """\
---
type: 支委会
title: 研究年终工作
date: 2023-12-05
start: "15:00"
end: "16:00"
place: 党员活动室
host: 张伟
recorder: 李娜
attendance: {present: [张伟, 李娜, 王强], absent: {}, observers: []}
speeches: [{speaker: 张伟, text: 部署年终工作}]
votes: []
resolutions: []
---
会议研究了年终工作。
"""

COMMITTEE = """\
---
type: 支委会
title: 研究六月主题党日安排
date: 2024-06-03
start: "15:00"
end: "16:00"
place: 党员活动室
host: 张伟
recorder: 李娜
attendance:
  present: [张伟, 李娜]
  absent:
    王强: {reason: 外出学习, leave: 书面}
  observers: []
speeches: [{speaker: 张伟, text: 提出六月主题党日方案}]
votes: []
resolutions: []
---
会议研究了六月主题党日的安排。
"""

THEME_DAY = """\
---
type: 主题党日
title: 重温入党誓词 争做优秀党员
date: 2024-06-14
start: "08:30"
end: "12:00"
place: 党员活动室
host: 张伟
recorder: 李娜
summary: 支部组织党员重温入党誓词。
attendance:
  present: [张伟, 李娜, 王强, 赵敏, 刘洋, 周涛]
  absent:
    陈静: {reason: 卧床静养中, leave: 书面, makeup: 2024-06-20}
  observers: []
speeches: [{speaker: 王强, text: 结合岗位谈学习体会}]
votes: []
resolutions: []
reported: 2024-06-15
steps:
  1: {date: 2024-06-03, record: 2024-06-03-研究六月主题党日安排}
  2: {date: 2024-06-05, approved_by: 机关党委}
  3: {date: 2024-06-07, channel: 公示栏}
  4: {date: 2024-06-14}
  5: {signed: 6}
  6: {expected: 7, actual: 6}
  7: {items: [诵读党章, 缴纳党费]}
  8: {respondents: 6, satisfied: 6, scores: {效果突出显著: 4.5, 附加项目: 4.1, 主题特色鲜明: 4.8, 方式灵活生动: 4.6, 内容充实健康: 4.7}}
  9: {date: 2024-06-14, summary: 形成整改措施}
---
支部书记主持，全体党员重温入党誓词。
"""

DUES = """\
year: 2024
paid:
  张伟: [50, 50, 50, 50, 50, 50, 50, 50, 50, 50, null, null]
  刘洋: [null, null, null, 20, 20, 20, 20, 20, 20, 20, null, null]
  赵敏: [30, 30, 30, 30, 30, 30, 30, 30, null, null, null, null]
  王强: [40, 40, 40, 40, 40, 40, 40, 40, 40, null, null, null]
"""


def case(title: str) -> str:
    return f"""\
---
title: {title}
branch: caizheng-1
year: 2024
status: 入选
category: 主题党日创新
summary: {title}的摘要。
---
## 背景

背景内容。

## 主要做法

做法内容。

## 工作成效

成效内容。

## 经验启示

启示内容。
"""


def notice(title: str, category: str, stage: str) -> str:
    return f"""\
---
title: {title}
branch: caizheng-1
category: {category}
stage: {stage}
scope: 党外
published: 2024-10-26
until: 2024-11-03
contact: 市测试局机关党委 0771-5550000
---
公示期内如有意见，请致电 0771-5550111 反映。
"""


FILES = {
    f"{B}/branch.yaml": BRANCH,
    f"{B}/records/2023/2023-12-05-研究年终工作.md": COMMITTEE_2023,
    f"{B}/records/2024/2024-06-03-研究六月主题党日安排.md": COMMITTEE,
    f"{B}/records/2024/2024-06-14-重温入党誓词.md": THEME_DAY,
    f"{B}/dues/2024.yaml": DUES,
    "content/cases/2024/jia.md": case("甲支部的做法"),
    "content/cases/2024/yi.md": case("乙支部的做法"),
    "content/notices/2024/2024-10-26-发展对象公示.md": notice("关于刘洋同志列为发展对象的公示", "发展党员", "审议程序公开"),
    "content/notices/2024/2024-10-26-党费收缴情况.md": notice("2024年前三季度党费收缴情况", "党费收缴", "办理结果公开"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = write_project(tmp_path_factory.mktemp("pages") / "proj", FILES, today="2024-11-20")
    run = run_zhibu(root, "build")
    assert run.code == 0, run.err
    return root / "site"


def page(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def text(html: str) -> str:
    """What a reader reads: the page without its tags, whitespace squeezed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def cells(html: str, row_name: str) -> list[str]:
    row = re.search(rf"<tr><th scope=\"row\">{row_name}</th>(.*?)</tr>", html).group(1)
    return re.findall(r"<td[^>]*>(.*?)</td>", row)


ACTIVITY = "public/activities/caizheng-1/2024/2024-06-14-重温入党誓词.html"
RECORD = "archive/branches/caizheng-1/2024/2024-06-14-重温入党誓词.html"
SAME_LINE = "应到 7 人（1 人免于计入到会率），实到 6 人，到会率 100%"


def test_an_exempt_member_is_counted_in_expected_and_said_so_without_her_name(site):
    html = page(site, ACTIVITY)
    assert SAME_LINE in text(html)
    assert "陈静" not in html and "卧床" not in html and "长期卧床行动不便" not in html


def test_the_archive_form_shows_the_same_counts(site):
    assert SAME_LINE in text(page(site, RECORD))


def test_a_past_year_branch_page_counts_the_members_of_that_year(site):
    past = page(site, "public/branches/caizheng-1/2023.html")
    current = page(site, "public/branches/caizheng-1/2024.html")
    assert "<dt>党员人数（2023年末）</dt><dd>5 名</dd>" in past    # 赵敏 still there, 刘洋 and 周涛 not yet
    assert "<dt>党员人数</dt><dd>6 名</dd>" in current              # on today: 赵敏 left, 刘洋 and 周涛 joined
    assert "<dt>党员人数</dt><dd>6 名</dd>" in page(site, "public/branches/caizheng-1/index.html")


def test_dues_months_off_the_roster_or_not_yet_due_are_not_unpaid(site):
    html = page(site, "archive/branches/caizheng-1/2024/index.html")
    liu = cells(html, "刘洋")
    assert all('title="不在本支部"' in c and "—" in c for c in liu[:3])       # before since: 2024-04-08
    assert liu[3] == "20" and "未交" not in "".join(liu)
    zhao = cells(html, "赵敏")
    assert "未交" in zhao[8]                                                  # September: still a member
    assert all('title="不在本支部"' in c for c in zhao[9:12])                # after left: 2024-09-10
    wang = cells(html, "王强")
    assert "未交" in wang[9]                                                  # October has ended
    assert all("未到期" in c and "未交" not in c for c in wang[10:12])       # November holds today
    assert html.count('class="unpaid"') == 2


def test_the_attendance_chart_plots_the_theme_day_rate_with_a_readable_reference(site):
    html = page(site, "public/branches/caizheng-1/2024.html")
    # June: the 主题党日 6/6 = 100 %, not the mean with the 支委会 (2/3).
    june = re.findall(r"<tr><td>6月</td><td>([^<]*)</td>", html)
    assert june and set(june) == {"100%"}
    assert "83%" not in html
    assert "各月主题党日到会率" in text(html) and "虚线为 80% 要求" in text(html)
    label = re.search(r'<text class="axis threshold-label" x="([\d.]+)"[^>]*>80%</text>', html)
    dots = [float(x) for x in re.findall(r'<circle class="dot" cx="([\d.]+)"', html)]
    assert label and dots and float(label.group(1)) > max(dots) + 10    # in the margin, beside the plot
    # The data table prints: repeated outside the (closed) <details> for print media.
    assert re.search(r'<div class="print-only"><table class="data">', html)
    assert ".print-only { display: block" in page(site, "public/static/print.css")


def test_the_calendar_tells_theme_days_from_other_activities(site):
    html = page(site, "public/branches/caizheng-1/2024.html")
    cells = dict(re.findall(r'<td class="(has[^"]*)"><a href="[^"]*" title="([^"]*)"', html))
    kinds = {title: cls for cls, title in cells.items()}
    assert kinds["主题党日：重温入党誓词 争做优秀党员"] == "has theme"
    assert kinds["支委会：研究六月主题党日安排"] == "has"
    assert "主题党日</li>" in html and "其他会议和活动</li>" in html   # the legend


def test_the_charts_reference_lines_follow_the_rule_profile(tmp_path):
    files = dict(FILES)
    files["strict.yaml"] = """\
name: strict
extends: national
rules:
  theme-day/attendance: {min_attendance: 0.875}
  theme-day/low-satisfaction: {low_satisfaction: 70}
"""
    root = write_project(tmp_path / "proj", files, today="2024-11-20", rules="strict.yaml")
    run = run_zhibu(root, "build")
    assert run.code == 0, run.out + run.err
    html = page(root / "site", "public/branches/caizheng-1/2024.html")
    assert "虚线为 87.5% 要求" in text(html) and "虚线为 70%，低于此为满意率偏低" in text(html)
    assert re.search(r'<text class="axis threshold-label"[^>]*>87.5%</text>', html)
    assert "80%" not in text(html).replace("到会率 100%", "")


def test_step_one_links_its_committee_record_and_scores_follow_the_form(site):
    html = page(site, RECORD)
    link = re.search(r'<a href="([^"]+)">研究六月主题党日安排（2024年6月3日）</a>', html)
    assert link and link.group(1).endswith(".html") and "2024-06-03" in link.group(1)
    assert "支委会记录：2024-06-03-研究六月主题党日安排" not in text(html)
    scores = text(html).split("各项得分：")[1]
    order = [scores.index(name) for name in ("主题特色鲜明", "内容充实健康", "方式灵活生动", "效果突出显著", "附加项目")]
    assert order == sorted(order)


def test_sources_are_cited_by_title_never_as_seeds(site):
    for rel in ("archive/rules.html", "archive/dashboard/index.html", "archive/dashboard/2024.html",
                "archive/branches/caizheng-1/2024/index.html", RECORD):
        assert "seed" not in text(page(site, rel)), rel
    rules = text(page(site, "archive/rules.html"))
    assert "《「黨支部主題黨日」活動安排》第三部分" in rules
    assert "《中国共产党支部工作条例（试行）》" in rules
    assert "南直党工通〔2018〕15号" in rules and "宁党发〔2018〕6号" in rules
    assert page(site, "archive/rules.html").count('id="rule-notice-privacy"') == 1


def test_dashboard_findings_show_the_rule_title_beside_its_code(site):
    html = page(site, "archive/dashboard/2024.html")
    found = re.findall(r'<span class="rule-title">([^<]+)</span> <code class="rule-id">([^<]+)</code>', html)
    assert found and all(title.strip() for title, _ in found)


def test_casebook_cases_are_h2_and_their_sections_h3_with_unique_ids(site):
    html = page(site, "public/casebook/2024.html")
    assert re.search(r"<h2 id=\"case-jia-h\">甲支部的做法</h2>", html)
    assert re.findall(r"<h3 id=\"([^\"]+)\">主要做法</h3>", html) == ["case-jia-主要做法", "case-yi-主要做法"]
    assert "<h2 id=\"case-jia-主要做法\"" not in html
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_small_things_a_reader_notices(site):
    home = page(site, "archive/index.html")
    title = re.search(r"<title>([^<]*)</title>", home).group(1)
    assert title.count("测试党务公开") == 1
    notice_page = page(site, "public/notices/2024/2024-10-26-发展对象公示.html")
    assert '<span class="tel">0771-5550000</span>' in notice_page
    assert '<span class="tel">0771-5550111</span>' in notice_page
    css = page(site, "public/static/style.css")
    assert ".tel { white-space: nowrap; }" in css and ".site-footer a { white-space: nowrap; }" in css
    category = page(site, "public/notices/category/recruitment.html")
    current = re.findall(r'<a href="[^"]*" aria-current="page">([^<]*)</a>', category)
    assert "发展党员" in current and "党费收缴" not in current
    dashboard = page(site, "archive/dashboard/index.html")
    assert "左右滑动" in text(dashboard) and 'class="scroll-frame"' in dashboard


def test_a_held_activity_shows_its_public_fields_and_no_meeting_time(site):
    # The time is public in an announcement (活动预告); the record of a held activity is type, title,
    # date, place and summary on the public site, and the whole form in the archive.
    public = text(page(site, ACTIVITY))
    assert "重温入党誓词 争做优秀党员" in public and "党员活动室" in public and "支部组织党员重温入党誓词" in public
    assert "08:30" not in public and "12:00" not in public
    branch = text(page(site, "public/branches/caizheng-1/2024.html"))
    assert "重温入党誓词 争做优秀党员" in branch and "08:30" not in branch
    assert "08:30" in text(page(site, RECORD))


def test_rates_on_pages_are_never_rounded_up_to_a_threshold():
    from generator.render.filters import pct
    assert [pct(v) for v in (7 / 8, 0.7996, 35 / 44, 0.8, 1.0, None)] == ["87.5%", "79.9%", "79.5%", "80%", "100%", "—"]


def test_a_zh_hant_site_speaks_traditional_but_shows_content_as_written(tmp_path):
    files = dict(FILES)
    files["zhibu.yaml"] = ("title: 测试党务公开\norg: 中共测试市直属机关工作委员会\nbase_url: https://dangwu.example.org/\n"
                           "language: zh-Hant\nrules: national\ntoday: 2024-11-20\n")
    root = write_project(tmp_path / "proj", files)
    assert run_zhibu(root, "build").code == 0
    home = page(root / "site", "public/index.html")
    assert '<html lang="zh-TW">' in home
    assert "首頁" in home and "首页" not in home                       # the site's own words
    assert "关于刘洋同志列为发展对象的公示" in home                   # a notice's title as its secretary wrote it
    notice_page = page(root / "site", "public/notices/2024/2024-10-26-发展对象公示.html")
    assert "公示期内如有意见" in notice_page


def test_a_zh_hans_site_is_simplified(site):
    home = page(site, "public/index.html")
    assert '<html lang="zh-CN">' in home and "首页" in home


def test_the_public_casebook_shows_the_cases_the_pdf_has(tmp_path):
    files = dict(FILES)
    files["content/cases/2024/bing.md"] = case("丙支部的做法").replace("## 经验启示\n\n启示内容。\n", "")
    files["content/cases/2024/casebook.yaml"] = "title: 2024年度优秀案例汇编\neditor: 中共测试市直属机关工作委员会\ndate: 2024-11-15\n"
    root = write_project(tmp_path / "proj", files, today="2024-11-20")
    run = run_zhibu(root, "build")
    assert run.code == 0, run.err
    html = page(root / "site", "public/casebook/2024.html")
    assert "甲支部的做法" in html and "乙支部的做法" in html
    assert "丙支部的做法" not in html                      # no 启示: left out of the PDF, and so of the page
    assert "2 篇" in page(root / "site", "public/casebook/index.html")


def test_a_casebook_without_cases_makes_no_pdf_and_says_so(tmp_path):
    files = {k: v for k, v in FILES.items() if "/cases/" not in k}
    files["content/cases/2024/casebook.yaml"] = "title: 2024年度优秀案例汇编\neditor: 中共测试市直属机关工作委员会\ndate: 2024-11-15\n"
    root = write_project(tmp_path / "proj", files, today="2024-11-20")
    run = run_zhibu(root, "build")
    assert run.code == 0, run.err
    assert "2024 年度没有可编入汇编的案例" in run.out
    assert not (root / "site/casebook/2024.pdf").exists() and not (root / "site/public/casebook/2024.pdf").exists()


def test_an_awards_file_that_names_nobody_is_not_announced(tmp_path):
    files = dict(FILES)
    files["content/awards/2024.yaml"] = "year: 2024\ndecided: 2024-11-18\nred_flag_branches: []\nmodel_members: []\n"
    root = write_project(tmp_path / "proj", files, today="2024-11-20")
    assert run_zhibu(root, "build").code == 0
    assert not (root / "site/public/honours/2024.html").exists()
    assert "表扬名单" not in page(root / "site", "public/index.html")


def test_a_hash_and_a_number_at_a_line_start_is_text_not_a_heading():
    from generator.render.markdown import render_markdown
    assert render_markdown("#1、#2机组检修期间，党员突击队连续作战。") == "<p>#1、#2机组检修期间，党员突击队连续作战。</p>"
    assert render_markdown("```\n#include\n```").startswith("<pre><code>#include")


def test_images_from_other_sites_are_not_shown():
    from generator.render.markdown import render_markdown
    html = render_markdown("![跟踪](https://evil.example/t.png)\n\n[市委网站](https://example.org)")
    assert "evil.example" not in html and "https://example.org" in html and "市委网站</a>" in html
