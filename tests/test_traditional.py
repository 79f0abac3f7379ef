"""A zh-Hant site: the words zhibu makes in Python (page titles, step names, chart titles, rule titles, findings,
eligibility) are shown in Traditional script like the templates' own; what the secretary wrote is shown as written."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import run_zhibu, write_project
from test_site_pages import B, COMMITTEE, FILES, RECORD, case, page, text

HANT = ("title: 测试党务公开\norg: 中共测试市直属机关工作委员会\nbase_url: https://dangwu.example.org/\n"
        "language: {language}\nrules: national\ntoday: 2024-11-20\n")
COMMITTEE_RECORD = "archive/branches/caizheng-1/2024/2024-06-03-研究六月主题党日安排.html"
CONTENT = ("测试局机关第一党支部", "重温入党誓词 争做优秀党员", "研究六月主题党日安排", "卧床静养中", "机关党委", "公示栏")


def _files(language: str) -> dict[str, str]:
    files = dict(FILES)
    files["zhibu.yaml"] = HANT.format(language=language)
    # 王强 asked leave by word of mouth: a finding that names him (王强 is 王強 in Traditional script).
    files[f"{B}/records/2024/2024-06-03-研究六月主题党日安排.md"] = COMMITTEE.replace("leave: 书面", "leave: 口头")
    # A third case of the branch in 2024: a finding that quotes the cases' titles.
    files["content/cases/2024/bing.md"] = case("党员学习经验")
    return files


def _build(tmp_path_factory, language: str) -> Path:
    root = write_project(tmp_path_factory.mktemp(language) / "proj", _files(language))
    run = run_zhibu(root, "build")
    assert run.code == 0, run.err
    return root / "site"


@pytest.fixture(scope="module")
def hant(tmp_path_factory) -> Path:
    return _build(tmp_path_factory, "zh-Hant")


@pytest.fixture(scope="module")
def hans(tmp_path_factory) -> Path:
    return _build(tmp_path_factory, "zh-Hans")


def title(html: str) -> str:
    return re.search(r"<title>([^<]*)</title>", html).group(1)


def test_page_titles_made_by_zhibu_are_traditional_the_site_title_as_written(hant):
    assert title(page(hant, "public/search.html")) == "站內搜索 · 测试党务公开"
    assert title(page(hant, "public/404.html")) == "頁面未找到 · 测试党务公开"
    assert title(page(hant, "public/notices/index.html")) == "黨務公開 · 测试党务公开"
    assert title(page(hant, "public/notices/2024/index.html")) == "2024年黨務公開 · 测试党务公开"
    assert title(page(hant, "public/branches/index.html")) == "各黨支部 · 测试党务公开"
    assert title(page(hant, "public/casebook/index.html")) == "優秀案例 · 测试党务公开"
    assert title(page(hant, "public/casebook/2024.html")) == "2024年優秀案例 · 测试党务公开"
    assert title(page(hant, "archive/index.html")) == "內部臺賬 · 测试党务公开"
    assert title(page(hant, "archive/rules.html")) == "檢查規則及依據 · 测试党务公开"
    assert title(page(hant, "archive/dashboard/index.html")) == "2024年合規看板 · 测试党务公开"
    # A branch's name is content: only zhibu's word after it is converted.
    assert title(page(hant, "archive/branches/caizheng-1/2024/index.html")) == "测试局机关第一党支部 · 2024年臺賬 · 测试党务公开"


def test_the_nine_steps_and_the_forms_labels_are_traditional_their_values_as_written(hant):
    html = page(hant, RECORD)
    assert "<th scope=\"row\">召開支委會確定活動主題和計劃</th>" in html
    assert "召开支委会确定活动主题和计划" not in html
    assert "<th scope=\"row\">進行主題測評</th>" in html
    shown = text(html)
    assert "支委會記錄：研究六月主题党日安排（2024年6月3日）" in shown
    assert "審定：机关党委" in shown and "公示渠道：公示栏" in shown
    assert "活動內容：诵读党章、缴纳党费" in shown
    assert "各項得分：主题特色鲜明 4.8" in shown
    for word in CONTENT[1:]:
        assert word in shown


def test_the_charts_speak_traditional(hant):
    html = page(hant, "public/branches/caizheng-1/2024.html")
    assert '<title id="att-2024-t">2024年各月主題黨日到會率</title>' in html
    assert '<title id="sat-2024-t">2024年各月主題黨日測評滿意率</title>' in html
    assert "1月：無數據；" in html and "无数据" not in html
    assert title(html) == "测试局机关第一党支部 · 2024年 · 测试党务公开"


def test_the_dashboard_speaks_traditional_and_quotes_content_as_written(hant):
    html = page(hant, "archive/dashboard/index.html")
    shown = text(html)
    # Rule titles and period labels.
    assert "黨課：每季度至少 1 次" in shown and "党课：每季度至少 1 次" not in shown
    assert "2024年第一季度 無黨課記錄" in shown
    assert "提示：本規則要求每季度至少安排 1 次黨課" in shown
    assert 'title="测试局机关第一党支部 1月：2 個問題（支委會：每月至少 1 次（設支委會的支部）、每月開展 1 次主題黨日）"' in html
    # Eligibility.
    assert "测试局机关第一党支部：可參評" in shown
    assert "須所在支部具備評選資格：本年度測評滿意率低於 60% 的主題黨日不足 3 次，且截至 2024-11-20 按期換屆。" in shown
    # A finding names a member: the words around the name are converted, the name is not (王强, not 王強).
    assert "缺席的 王强 未書面請假（leave: 口頭）" in shown and "王強" not in shown
    # The cases' titles a finding quotes stay as written (党员学习经验, not 黨員學習經驗).
    assert "2024年 報送案例 3 篇（《党员学习经验》、《甲支部的做法》、《乙支部的做法》），超過每個支部每年 2 篇" in shown
    old = text(page(hant, "archive/dashboard/2023.html"))
    assert "2023年 書記张伟未講黨課（應每年至少 1 次）" in old and "張偉" not in old


def test_the_rules_page_cites_in_traditional(hant):
    shown = text(page(hant, "archive/rules.html"))
    assert "姓名不在黨員名冊中 ref/member 依據：數據錯誤（始終檢查）" in shown
    assert "缺席須書面請假 attendance/leave 本次有發現 依據：《「黨支部主題黨日」活動安排》第三部分" in shown
    assert "《中國共產黨支部工作條例（試行）》（中共中央）文中簡稱“條例”" in shown


def test_the_record_page_lists_its_findings_in_traditional(hant):
    shown = text(page(hant, COMMITTEE_RECORD))
    assert "缺席須書面請假" in shown and "缺席的 王强 未書面請假（leave: 口頭）" in shown
    assert "外出学习" in shown  # the absence reason as written


def test_content_is_never_converted(hant):
    for rel in ("public/index.html", "public/branches/caizheng-1/2024.html", RECORD, "archive/dashboard/index.html"):
        html = page(hant, rel)
        for word in ("測試局機關第一黨支部", "重溫入黨誓詞", "張偉", "臥床靜養中"):
            assert word not in html, (rel, word)
    assert "测试局机关第一党支部" in page(hant, "archive/dashboard/index.html")
    assert "重温入党誓词 争做优秀党员" in page(hant, "public/branches/caizheng-1/2024.html")


def test_a_zh_hans_site_is_unchanged(hans):
    assert title(page(hans, "public/search.html")) == "站内搜索 · 测试党务公开"
    assert title(page(hans, "archive/index.html")) == "内部台账 · 测试党务公开"
    assert "<th scope=\"row\">召开支委会确定活动主题和计划</th>" in page(hans, RECORD)
    branch = page(hans, "public/branches/caizheng-1/2024.html")
    assert '<title id="att-2024-t">2024年各月主题党日到会率</title>' in branch and "1月：无数据；" in branch
    dashboard = text(page(hans, "archive/dashboard/index.html"))
    assert "2024年第一季度 无党课记录" in dashboard and "党课：每季度至少 1 次" in dashboard
    assert "缺席的 王强 未书面请假（leave: 口头）" in dashboard and "测试局机关第一党支部：可参评" in dashboard
    for rel in ("public/index.html", "archive/dashboard/index.html", RECORD):
        assert not re.search("[黨會與無條規]", page(hans, rel)), rel


def test_words_around_quoted_values():
    from generator.render.templates import ui_words_around, ui_words_for
    assert ui_words_around("缺席的 刘洋 未请假", "zh-Hant", [(4, 6)]) == "缺席的 刘洋 未請假"
    assert ui_words_around("缺席的 刘洋 未请假", "zh-Hans", [(4, 6)]) == "缺席的 刘洋 未请假"
    assert ui_words_for("zh-Hant")("内部台账") == "內部臺賬"
    assert ui_words_for("zh-Hans")("内部台账") == "内部台账"


def test_the_feeds_and_the_search_page_speak_traditional(hant, hans):
    ical = page(hant, "public/activities.ics")
    assert "X-WR-CALNAME:测试党务公开 · 活動預告" in ical
    search = page(hant, "public/search.html")
    # search.js takes its words from the page, which is converted like every template.
    assert 'data-placeholder="搜索公告、支部和活動"' in search and "data-unavailable=\"搜索索引暫時無法加載" in search
    assert "X-WR-CALNAME:测试党务公开 · 活动预告" in page(hans, "public/activities.ics")
    assert 'data-placeholder="搜索公告、支部和活动"' in page(hans, "public/search.html")
    script = page(hant, "public/static/search.js")
    assert 'words("placeholder"' in script and 'words("zero-results"' in script
