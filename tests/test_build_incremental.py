"""Incremental builds: what is rendered again, what is linked over, and that the result is a fresh build's."""
from __future__ import annotations

import re
import shutil

from test_build import RECORDS, built, full_files, read_tree, tree_hash  # noqa: F401 - built is a fixture

from generator.publish.staging import link_tree
from generator.render.pages import split_by_affinity, write_if_changed
from generator.render.routes import Route

COMMITTEE_FILE = f"{RECORDS}/2024-06-03-研究六月主题党日安排.md"


def _fresh(zhibu, root, copy):
    """The same content built from nothing: the incremental result must have the same bytes."""
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("site", ".zhibu-cache"))
    assert zhibu(copy, "build").code == 0
    return copy


def test_an_unchanged_build_stages_nothing(built, zhibu):
    inode = (built / "site/public/index.html").stat().st_ino
    run = zhibu(built, "build")
    assert run.code == 0 and "site/ 已是最新" in run.out
    assert (built / "site/public/index.html").stat().st_ino == inode
    assert not any(p.name.startswith(".site-") for p in built.iterdir())


def _no_check(monkeypatch):
    import generator.commands.build as build

    def refuse(*args, **kwargs):
        raise AssertionError("the check ran although nothing changed")
    monkeypatch.setattr(build, "run_check", refuse)


def test_an_unchanged_build_reads_no_content(built, zhibu, monkeypatch):
    before = zhibu(built, "check", "--format", "json")
    _no_check(monkeypatch)
    run = zhibu(built, "build")
    assert run.code == 0, run.out + run.err
    assert "site/ 已是最新" in run.out and "公开网站：内容未变" in run.out
    warnings = before.out.count('"severity": "warning"')
    assert f"0 个错误，{warnings} 个警告" in run.out


def test_a_touched_file_is_checked_once_then_the_build_is_quick_again(built, zhibu, monkeypatch):
    import os
    path = built / COMMITTEE_FILE
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    inode = (built / "site/public/index.html").stat().st_ino
    run = zhibu(built, "build")  # the file's time changed, its bytes did not: checked, nothing staged
    assert run.code == 0 and "site/ 已是最新" in run.out, run.out
    assert (built / "site/public/index.html").stat().st_ino == inode
    _no_check(monkeypatch)
    assert "site/ 已是最新" in zhibu(built, "build").out


def test_a_changed_layout_or_day_is_built_again(built, zhibu):
    layout = built / "layouts/public/404.html"
    layout.parent.mkdir(parents=True, exist_ok=True)
    layout.write_text('{% extends "public/base.html" %}{% block content %}<h1>页面走丢了</h1>{% endblock %}',
                      encoding="utf-8")
    run = zhibu(built, "build")
    assert run.code == 0 and "已写入 site/" in run.out, run.out + run.err
    assert "页面走丢了" in (built / "site/public/404.html").read_text(encoding="utf-8")
    # Compiled templates are kept between builds: an edited template is compiled again.
    layout.write_text(layout.read_text(encoding="utf-8").replace("走丢了", "不见了"), encoding="utf-8")
    run = zhibu(built, "build")
    assert run.code == 0 and "已写入 site/" in run.out, run.out + run.err
    assert "页面不见了" in (built / "site/public/404.html").read_text(encoding="utf-8")
    run = zhibu(built, "build", "--today", "2024-06-01")
    assert run.code == 0 and "已写入 site/" in run.out, run.out + run.err


def test_a_changed_body_renders_the_record_page_again(built, zhibu, tmp_path):
    path = built / COMMITTEE_FILE
    path.write_text(path.read_text(encoding="utf-8") + "\n补充一段新的正文内容。\n", encoding="utf-8")
    run = zhibu(built, "build")
    assert run.code == 0, run.out + run.err
    page = built / "site/archive/branches/caizheng-1/2024/2024-06-03-研究六月主题党日安排.html"
    assert "补充一段新的正文内容" in page.read_text(encoding="utf-8")
    fresh = _fresh(zhibu, built, tmp_path / "fresh")
    ours, theirs = read_tree(built / "site"), read_tree(fresh / "site")
    assert ours.keys() == theirs.keys()
    assert [k for k in ours if ours[k] != theirs[k]] == []


def test_a_page_rendered_again_with_the_same_bytes_is_linked(tmp_path):
    old, new = tmp_path / "old.html", tmp_path / "new.html"
    old.write_bytes(b"<p>same</p>")
    assert write_if_changed(new, b"<p>same</p>", old) is False
    assert new.stat().st_ino == old.stat().st_ino
    other = tmp_path / "other.html"
    assert write_if_changed(other, b"<p>new</p>", old) is True and other.read_bytes() == b"<p>new</p>"
    assert write_if_changed(tmp_path / "first.html", b"x", tmp_path / "missing.html") is True


def test_a_place_change_renders_only_its_pages_and_reindexes(built, zhibu):
    path = built / COMMITTEE_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("place: 党员活动室", "place: 三楼会议室"), encoding="utf-8")
    run = zhibu(built, "build")
    assert run.code == 0, run.out + run.err
    written = [int(n) for n in re.findall(r"新写 (\d+)", run.out)]
    assert written and all(0 < n < 8 for n in written), run.out
    if "搜索索引已重建" in run.out:  # pagefind installed: the 2025 activities' index is taken over
        assert re.search(r"3 个分片中的 [12] 个", run.out), run.out  # the rest: when one of its pages shows the place too
        assert (built / "site/public/pagefind/2025/pagefind.js").is_file()


def test_pages_fall_into_search_shards_by_activity_year():
    from generator.render.search import search_key, shard_of
    assert shard_of("activities/caizheng-1/2024/2024-06-14-重温入党誓词.html") == "2024"
    assert shard_of("branches/caizheng-1/2024.html") == "2024"  # changes with the year's records
    assert [shard_of(u) for u in ("index.html", "notices/2024/x.html", "branches/caizheng-1/index.html",
                                  "activities/caizheng-1/index.html")] == ["site"] * 4
    one = search_key({"index.html": "a", "activities/b/2024/x.html": "b", "activities/b/2025/y.html": "c"})
    two = search_key({"index.html": "a", "activities/b/2024/x.html": "B", "activities/b/2025/y.html": "c"})
    assert sorted(one) == ["2024", "2025", "site"]
    assert [s for s in one if one[s] != two[s]] == ["2024"]


def test_link_tree_links_files_and_keeps_symlinks(tmp_path):
    src = tmp_path / "a"
    (src / "x/y").mkdir(parents=True)
    (src / "x/y/f.txt").write_text("f", encoding="utf-8")
    (src / "l").symlink_to("x/y/f.txt")
    link_tree(src, tmp_path / "b")
    assert (tmp_path / "b/x/y/f.txt").stat().st_ino == (src / "x/y/f.txt").stat().st_ino
    assert (tmp_path / "b/l").is_symlink()
    assert tree_hash(src) == tree_hash(tmp_path / "b")


def test_pages_of_one_branch_render_in_one_process():
    routes = [Route(f"activities/{b}/2024/{i}.html", "t", {}, (f"content/branches/{b}/records/2024/{i}.md",))
              for b in ("a", "b", "c", "d") for i in range(5)]
    routes += [Route(f"branches/{b}/2024.html", "t", {}, (f"content/branches/{b}/branch.yaml",)) for b in ("a", "b")]
    one, two = split_by_affinity(routes)
    assert len(one) + len(two) == len(routes) and one and two
    for half in (one, two):
        branches = {r.url.split("/")[1] for r in half}
        assert all(r.url.split("/")[1] in branches for r in half)
    assert {r.url.split("/")[1] for r in one}.isdisjoint({r.url.split("/")[1] for r in two})
