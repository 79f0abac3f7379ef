"""`zhibu build`: what reaches the public site, what the archive keeps, atomicity, determinism, overrides."""
from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import pytest

from samples import B, BRANCH, COMMITTEE, RECORDS, THEME_DAY


def jpeg(color=(200, 30, 30), size=(2400, 1600)) -> bytes:
    from PIL import Image
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "JPEG", comment=b"SecretComment")  # a JPEG comment, like a camera's
    return buf.getvalue()


# Every kind of internal value, each a marker that must never reach the public site.
PRIVATE = {
    "reason": "赴京参加培训班",
    "speech": "私密发言内容甲乙",
    "vote": "私密表决事项乙丙",
    "resolution": "私密决议落实丙丁",
    "observer": "入党积极分子 周私密",
    "channel": "私密公示渠道丁戊",
    "step9": "私密总结提升戊己",
    "plan_change": "私密计划变更己庚",
    "body": "这是只在内部台账中出现的纪实正文内容辛",
    "caption": "仅内部的照片说明壬癸",
    "internal_notice": "党内私密通知标题子丑",
    "internal_body": "党内私密通知正文寅卯",
    "case": "未入选私密案例辰巳",
    "exempt": "年老体弱长期卧床",
    "member": "陈静",
}

THEME = (THEME_DAY
         .replace("刘洋: {reason: 出差,", f"刘洋: {{reason: {PRIVATE['reason']},")
         .replace("{speaker: 王强, text: 结合岗位谈学习体会}", f"{{speaker: 王强, text: {PRIVATE['speech']}}}")
         .replace("votes: []", f"votes:\n  - {{item: {PRIVATE['vote']}, for: 4, against: 0, abstain: 0, method: 举手}}")
         .replace("resolutions: []", f"resolutions:\n  - {{text: {PRIVATE['resolution']}, owner: 李娜, due: 2024-06-30, status: 已完成}}")
         .replace("observers: []", f"observers: [{PRIVATE['observer']}]")
         .replace("channel: 公示栏、微信群", f"channel: {PRIVATE['channel']}")
         .replace("summary: 形成三条整改措施", f"summary: {PRIVATE['step9']}")
         .replace("reported: 2024-06-15", f"reported: 2024-06-15\nplan_change: {PRIVATE['plan_change']}\nphotos:\n"
                  f"  - {{src: media/2024/open.jpg, caption: 重温誓词现场, public: true}}\n"
                  f"  - {{src: media/2024/closed.jpg, caption: {PRIVATE['caption']}}}")
         .replace("支部书记主持，全体党员重温入党誓词。", f"{PRIVATE['body']}。\n\n## 讨论\n\n大家交流了体会。"))

BRANCH_EXEMPT = BRANCH.replace("- {name: 陈静, status: 正式, joined: 2010-07-01}",
                               f"- {{name: 陈静, status: 正式, joined: 2010-07-01, exempt: {PRIVATE['exempt']}}}")

PUBLIC_NOTICE = """\
---
title: 关于李娜同志拟转为正式党员的公示
branch: caizheng-1
category: 发展党员
stage: 决议结果公开
scope: 党外
published: 2024-12-26
until: 2025-01-03
contact: 市财政局机关党委 0771-5550000
---
| 姓名 | 拟转正日期 |
| --- | --- |
| 李娜 | 2025-01-05 |

- 公示期内如有意见请反映
"""

INTERNAL_NOTICE = f"""\
---
title: {PRIVATE['internal_notice']}
category: 其他
stage: 提议公开
scope: 党内
published: 2024-11-01
---
{PRIVATE['internal_body']}。联系人手机 13912345678。
"""

ANNOUNCED = """\
---
type: 主题党日
title: 学习贯彻全会精神
date: 2025-01-15
start: "09:00"
end: "12:30"
place: 二楼会议室
summary: 集中学习全会精神。
steps:
  1: {date: 2025-01-03, record: 2024-06-03-研究六月主题党日安排}
  2: {date: 2025-01-05, approved_by: 机关党委}
  3: {date: 2025-01-07, channel: 公示栏}
---
"""

CASE_OTHER = f"""\
---
title: {PRIVATE['case']}
branch: caizheng-1
year: 2024
status: 推荐
category: 主题党日创新
summary: 一段摘要。
---
## 一、背景
内容
"""

DUES = """\
year: 2024
paid:
  张伟: [50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50]
  刘洋: [12, 12, null, null, null, null, null, null, 12, 12, 12, 12]
"""


def full_files() -> dict:
    return {
        f"{B}/branch.yaml": BRANCH_EXEMPT,
        f"{RECORDS}/2024-06-03-研究六月主题党日安排.md": COMMITTEE,
        f"{RECORDS}/2024-06-14-重温入党誓词.md": THEME,
        f"{B}/records/2025/2025-01-15-学习贯彻全会精神.md": ANNOUNCED,
        f"{B}/dues/2024.yaml": DUES,
        "content/notices/2024/2024-12-26-李娜转正公示.md": PUBLIC_NOTICE,
        "content/notices/2024/2024-11-01-党内通知.md": INTERNAL_NOTICE,
        "content/cases/2024/other.md": CASE_OTHER,
        "content/media/2024/open.jpg": jpeg(),
        "content/media/2024/closed.jpg": jpeg((10, 10, 200)),
    }


def read_tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def text_of(folder: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="ignore") for p in sorted(folder.rglob("*"))
                     if p.is_file() and p.suffix in (".html", ".xml", ".atom", ".ics", ".js", ".css", ".json"))


def tree_hash(folder: Path) -> str:
    h = hashlib.sha256()
    for rel, data in read_tree(folder).items():
        h.update(rel.encode() + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()


@pytest.fixture
def built(make_project, zhibu):
    root = make_project(full_files())
    run = zhibu(root, "build")
    assert run.code == 0, run.out + run.err
    return root


def test_build_writes_both_outputs_with_the_expected_pages(built):
    public, archive = built / "site/public", built / "site/archive"
    for rel in ("index.html", "404.html", "search.html", "sitemap.xml", "notices.atom", "activities.ics",
                "static/style.css", "static/print.css", "static/favicon.svg", "notices/index.html",
                "branches/caizheng-1/index.html", "activities/caizheng-1/2024/2024-06-14-重温入党誓词.html"):
        assert (public / rel).is_file(), rel
    for rel in ("index.html", "dashboard/index.html", "rules.html", "branches/caizheng-1/2024/index.html",
                "branches/caizheng-1/2024/2024-06-14-重温入党誓词.html", "notices/2024/2024-11-01-党内通知.html"):
        assert (archive / rel).is_file(), rel
    home = (public / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in home and 'rel="icon"' in home and "<main" in home
    # 公示中 comes first, with the days left; then 活动预告 with date, time, place and theme.
    assert home.index("公示中") < home.index("活动预告") < home.index("最新公告")
    assert "关于李娜同志拟转为正式党员的公示" in home and "还剩 3 天" in home
    assert "学习贯彻全会精神" in home and "09:00" in home and "二楼会议室" in home


def test_public_output_holds_no_private_value_and_the_archive_holds_them_all(built):
    public = text_of(built / "site/public")
    archive = text_of(built / "site/archive")
    for what, value in PRIVATE.items():
        assert value not in public, what
        assert value in archive, what
    assert "13912345678" not in public and "13912345678" in archive
    assert not (built / "site/public/media/2024/closed.jpg").exists()
    assert (built / "site/archive/media/2024/closed.jpg").is_file()


def test_public_photos_are_resized_and_stripped_originals_stay_in_the_archive(built):
    from PIL import Image
    with Image.open(built / "site/public/media/2024/open.jpg") as web:
        assert max(web.size) == 1600 and not web.info.get("exif")
    assert b"SecretComment" not in (built / "site/public/media/2024/open.jpg").read_bytes()
    assert (built / "site/archive/media/2024/open.jpg").read_bytes() == jpeg()
    page = (built / "site/public/activities/caizheng-1/2024/2024-06-14-重温入党誓词.html").read_text(encoding="utf-8")
    assert 'alt="重温誓词现场"' in page and "../../../media/2024/open.jpg" in page


def test_feeds_and_sitemap(built):
    ics = (built / "site/public/activities.ics").read_bytes().decode()
    assert "\r\n" in ics and ics.count("BEGIN:VEVENT") == 1
    assert "DTSTART;TZID=Asia/Shanghai:20250115T090000" in ics and "LOCATION:二楼会议室" in ics
    atom = (built / "site/public/notices.atom").read_text(encoding="utf-8")
    assert "关于李娜同志拟转为正式党员的公示" in atom and PRIVATE["internal_notice"] not in atom
    sitemap = (built / "site/public/sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://dangwu.example.org/index.html</loc>" in sitemap and "404.html" not in sitemap
    links = re.findall(r'href="([^"]+)"', (built / "site/public/branches/caizheng-1/index.html").read_text("utf-8"))
    assert links and all(not link.startswith(("/", "http")) for link in links if not link.startswith("#"))


def test_markdown_tables_lists_and_heading_anchors(built):
    notice = (built / "site/public/notices/2024/2024-12-26-李娜转正公示.html").read_text(encoding="utf-8")
    assert "<table>" in notice and "<li>公示期内如有意见请反映</li>" in notice
    record = (built / "site/archive/branches/caizheng-1/2024/2024-06-14-重温入党誓词.html").read_text(encoding="utf-8")
    assert '<h2 id="讨论">讨论</h2>' in record


def test_a_planted_script_never_reaches_a_page(make_project, zhibu):
    files = full_files()
    files[f"{RECORDS}/2024-06-14-重温入党誓词.md"] = THEME.replace(
        "summary: 支部组织党员重温入党誓词。",
        "summary: '好<script>alert(\"x\")</script><img src=x onerror=\"alert(1)\"> [点我](javascript:alert(2)) **加粗**'")
    root = make_project(files)
    run = zhibu(root, "build")
    assert run.code == 0, run.out + run.err
    for folder in (root / "site/public", root / "site/archive"):
        for path in folder.rglob("*.html"):
            html = path.read_text(encoding="utf-8")
            assert "alert(" not in html and "onerror" not in html and "javascript:" not in html, path
    page = (root / "site/public/activities/caizheng-1/2024/2024-06-14-重温入党誓词.html").read_text(encoding="utf-8")
    assert "<strong>加粗</strong>" in page


def test_two_builds_are_byte_identical(tmp_path, zhibu):
    from conftest import write_project
    first = write_project(tmp_path / "a", full_files())
    second = write_project(tmp_path / "b", full_files())
    assert zhibu(first, "build").code == 0
    assert zhibu(second, "build").code == 0
    assert read_tree(first / "site") == read_tree(second / "site")


def test_a_rebuild_with_nothing_changed_writes_nothing(built, zhibu):
    before = tree_hash(built / "site")
    run = zhibu(built, "build")
    assert run.code == 0 and "site/ 已是最新" in run.out
    assert tree_hash(built / "site") == before


def test_one_changed_record_rewrites_only_its_pages(built, zhibu):
    path = built / f"{RECORDS}/2024-06-03-研究六月主题党日安排.md"
    path.write_text(path.read_text(encoding="utf-8").replace("place: 党员活动室", "place: 三楼会议室"), encoding="utf-8")
    run = zhibu(built, "build")
    assert run.code == 0, run.out + run.err
    written = [int(n) for n in re.findall(r"新写 (\d+)", run.out)]
    assert written and all(0 < n < 8 for n in written), run.out
    page = built / "site/public/activities/caizheng-1/2024/2024-06-03-研究六月主题党日安排.html"
    assert "三楼会议室" in page.read_text(encoding="utf-8")


def test_a_failed_build_leaves_site_exactly_as_it_was(built, zhibu):
    before = tree_hash(built / "site")
    bad = built / f"{RECORDS}/2024-06-20-坏文件.md"
    bad.write_text("---\ntype: 支委会\ntitle: [未闭合\n---\n", encoding="utf-8")
    run = zhibu(built, "build")
    assert run.code == 1 and "site/ 保持不变" in run.err
    assert tree_hash(built / "site") == before
    assert not any(p.name.startswith(".site-") for p in built.iterdir())


def test_a_privacy_hit_fails_the_build_and_names_file_and_field(built, zhibu):
    before = tree_hash(built / "site")
    notice = built / "content/notices/2024/2024-12-26-李娜转正公示.md"
    notice.write_text(notice.read_text(encoding="utf-8") + "\n联系人手机：13800138000\n", encoding="utf-8")
    run = zhibu(built, "build")
    assert run.code == 1
    assert "notice/privacy" in run.out and "content/notices/2024/2024-12-26-李娜转正公示.md" in run.out
    assert tree_hash(built / "site") == before


def test_only_public_keeps_the_archive(built, zhibu):
    archive = tree_hash(built / "site/archive")
    (built / "zhibu.yaml").write_text((built / "zhibu.yaml").read_text("utf-8").replace("测试党务公开", "新的标题"), "utf-8")
    run = zhibu(built, "build", "--only", "public")
    assert run.code == 0, run.out + run.err
    assert tree_hash(built / "site/archive") == archive
    assert "新的标题" in (built / "site/public/index.html").read_text(encoding="utf-8")


def test_files_zhibu_does_not_own_survive_a_build(built, zhibu):
    (built / "site/CNAME").write_text("dangwu.example.org\n", encoding="utf-8")
    (built / "content/notices/2024/2024-12-26-李娜转正公示.md").write_text(PUBLIC_NOTICE.replace("公示期内", "公示期间"), "utf-8")
    assert zhibu(built, "build").code == 0
    assert (built / "site/CNAME").read_text(encoding="utf-8") == "dangwu.example.org\n"


def test_a_template_override_takes_effect_and_can_extend_the_original(make_project, zhibu):
    files = full_files()
    files["layouts/public/activity.html"] = """\
        {% extends "default/public/activity.html" %}
        {% block content %}<p class="project-note">本支部自定义的说明</p>{{ super() }}{% endblock %}
        """
    root = make_project(files)
    run = zhibu(root, "build")
    assert run.code == 0, run.out + run.err
    page = (root / "site/public/activities/caizheng-1/2024/2024-06-14-重温入党誓词.html").read_text(encoding="utf-8")
    assert '<p class="project-note">本支部自定义的说明</p>' in page
    assert "重温入党誓词 争做优秀党员" in page and "</footer>" in page


def test_an_undefined_variable_in_a_template_is_a_build_error(built, zhibu):
    before = tree_hash(built / "site")
    (built / "layouts/public").mkdir(parents=True)
    (built / "layouts/public/notice.html").write_text(
        '{% extends "default/public/notice.html" %}{% block content %}{{ notice.no_such_field }}{% endblock %}',
        encoding="utf-8")
    run = zhibu(built, "build")
    assert run.code == 1
    assert "layouts/public/notice.html:1" in run.err and "未定义" in run.err
    assert tree_hash(built / "site") == before


def test_an_archive_template_error_stops_a_first_build_and_leaves_nothing(make_project, zhibu):
    # a first build makes the archive in a second process: its error still stops the build, with its place
    files = full_files()
    files["layouts/archive/record.html"] = (
        '{% extends "default/archive/record.html" %}{% block content %}{{ record.no_such_field.x }}{% endblock %}')
    root = make_project(files)
    run = zhibu(root, "build")
    assert run.code == 1
    assert "layouts/archive/record.html:1" in run.err and "未定义" in run.err
    assert not (root / "site/public").exists() and not (root / "site/archive").exists()
    assert [p.name for p in root.iterdir() if p.name.startswith(".site-")] == []


def test_an_archive_template_error_in_a_rebuild_leaves_site_as_it_was(built, zhibu):
    before = tree_hash(built / "site")
    (built / "layouts/archive").mkdir(parents=True)
    (built / "layouts/archive/ledger.html").write_text(
        '{% extends "default/archive/ledger.html" %}{% block content %}{{ nothing.here }}{% endblock %}', encoding="utf-8")
    run = zhibu(built, "build")
    assert run.code == 1
    assert "layouts/archive/ledger.html:1" in run.err
    assert tree_hash(built / "site") == before


def test_two_pages_claiming_one_url_is_a_build_error(make_project, zhibu):
    files = full_files()
    files["content/notices/2024/2024-12-20-Notice.md"] = PUBLIC_NOTICE.replace("2024-12-26", "2024-12-20")
    files["content/notices/2024/2024-12-20-notice.md"] = PUBLIC_NOTICE.replace("2024-12-26", "2024-12-20")
    root = make_project(files)
    run = zhibu(root, "build")
    assert run.code == 1
    assert "build/url-collision" in run.out and "public/notices/2024/2024-12-20-Notice.html" in run.out
    assert "2024-12-20-notice.md" in run.out and "2024-12-20-Notice.md" in run.out
    assert not (root / "site").exists()
