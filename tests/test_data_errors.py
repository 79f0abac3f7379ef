"""Every data-error rule, pinned: exact rule ID, file, line, column and message."""
from __future__ import annotations

import os

import pytest

from samples import B, RECORDS, THEME_DAY, base_files

TD = f"{RECORDS}/2024-06-14-重温入党誓词.md"


def errors(run):
    return [(f["rule"], f["file"], f["line"], f["column"], f["message"]) for f in run.findings if f["severity"] == "error"]


def check(make_project, zhibu, files, **kw):
    root = make_project(files, today=kw.pop("today", "2024-06-30"))
    run = zhibu(root, "check", "--format", "json")
    assert run.code in (0, 1), run.err
    return run


def with_theme_day(text):
    files = base_files()
    files[TD] = text
    return files


def test_unclosed_quote(make_project, zhibu):
    run = check(make_project, zhibu, with_theme_day(THEME_DAY.replace('place: 党员活动室', 'place: "党员活动室')))
    assert errors(run) == [("yaml", TD, 7, 8, "引号未闭合：文件在找到结束引号之前结束了")]
    assert run.code == 1


def test_tab_indentation(make_project, zhibu):
    run = check(make_project, zhibu, with_theme_day(THEME_DAY.replace("  present:", "\tpresent:")))
    assert errors(run) == [("yaml", TD, 12, 1, "不能用制表符（Tab）缩进，请改用空格")]


def test_missing_closing_front_matter(make_project, zhibu):
    text = THEME_DAY.replace("---\n支部书记", "支部书记")
    run = check(make_project, zhibu, with_theme_day(text))
    assert errors(run) == [("yaml", TD, 1, 1, "front matter 没有结束：缺少结束的 --- 行")]


def test_duplicate_key(make_project, zhibu):
    run = check(make_project, zhibu, with_theme_day(THEME_DAY.replace("place: 党员活动室\n", "place: 党员活动室\nplace: 会议室\n")))
    assert errors(run) == [("yaml/duplicate-key", TD, 8, 1, "键“place”重复：第 7 行已经写过一次，重复的键会丢失数据")]


def test_gbk_file(make_project, zhibu):
    run = check(make_project, zhibu, with_theme_day(THEME_DAY) | {TD: THEME_DAY.encode("gbk")})
    found = [f for f in run.findings if f["severity"] == "error"]
    assert [(f["rule"], f["file"], f["line"], f["column"], f["message"]) for f in found] == \
        [("encoding", TD, 2, 7, "文件不是 UTF-8 编码（疑似 GBK/GB18030）")]
    assert "UTF-8 重新保存" in found[0]["hint"]


def test_bom_file_is_valid(make_project, zhibu):
    run = check(make_project, zhibu, with_theme_day(THEME_DAY) | {TD: b"\xef\xbb\xbf" + THEME_DAY.encode()})
    assert errors(run) == []


def test_impossible_date(make_project, zhibu):
    run = check(make_project, zhibu, with_theme_day(THEME_DAY.replace("reported: 2024-06-15", "reported: 2018-02-30")))
    assert errors(run) == [("schema", TD, 20, 1, "日期“2018-02-30”不存在或格式不对")]
    assert [f["hint"] for f in run.findings if f["rule"] == "schema"] == ["2018年2月只有 28 天，这里是 30 日"]


def test_chinese_date_gets_a_hint(make_project, zhibu):
    run = check(make_project, zhibu, with_theme_day(THEME_DAY.replace("reported: 2024-06-15", "reported: 2018年5月15日")))
    assert errors(run) == [("schema", TD, 20, 1, "“2018年5月15日”不是 YYYY-MM-DD 格式的日期")]
    assert [f["hint"] for f in run.findings if f["rule"] == "schema"] == ["日期请写作 YYYY-MM-DD，例如 2018-05-15"]


def test_list_where_mapping_belongs(make_project, zhibu):
    run = check(make_project, zhibu, with_theme_day(THEME_DAY.replace(
        "  absent:\n    刘洋: {reason: 出差, leave: 书面, makeup: 2024-06-20}", "  absent: [刘洋]")))
    assert errors(run) == [("schema", TD, 13, 3, "应为映射（字段: 值），实际为列表")]


def test_unknown_field_suggests_nearest(make_project, zhibu):
    run = check(make_project, zhibu, with_theme_day(THEME_DAY.replace("attendance:", "attendence:")))
    unknown = [f for f in run.findings if f["message"] == "未知字段“attendence”"]
    assert [(f["file"], f["line"], f["column"], f["hint"]) for f in unknown] == [(TD, 11, 1, "是否应为“attendance”（出席情况）？")]


def test_unquoted_time_and_leading_zero_and_name_no(make_project, zhibu):
    files = with_theme_day(THEME_DAY.replace('start: "08:30"', "start: 08:30"))
    files[f"{B}/branch.yaml"] = files[f"{B}/branch.yaml"].replace("elected: 2023-05-10", "elected: 2023-05-10\nfixed_day: 08")
    run = check(make_project, zhibu, files)
    assert errors(run) == []


def test_traditional_script_values(make_project, zhibu):
    text = THEME_DAY.replace("type: 主题党日", "type: 主題黨日").replace("leave: 书面", "leave: 書面")
    text = text.replace("  1: {date", "  ①: {date").replace("  9: {date", "  ⑨: {date")
    run = check(make_project, zhibu, with_theme_day(text))
    assert errors(run) == []


def test_empty_file(make_project, zhibu):
    files = base_files() | {"content/org.yaml": ""}
    run = check(make_project, zhibu, files)
    assert errors(run) == [("schema", "content/org.yaml", 1, 1, "文件内容为空：应为若干“字段: 值”")]


def test_binary_file_named_md(make_project, zhibu):
    rel = f"{RECORDS}/2024-06-20-照片.md"
    run = check(make_project, zhibu, base_files() | {rel: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"})
    assert errors(run) == [("encoding", rel, 1, 1, "这是二进制文件，不是文本文件")]


def test_huge_markdown_body_is_fine(make_project, zhibu):
    body = ("支部书记主持会议，全体党员重温入党誓词。" * 40 + "\n") * 62000  # ~50 MB
    run = check(make_project, zhibu, with_theme_day(THEME_DAY + body))
    assert errors(run) == []


def test_photo_path_escaping_content(make_project, zhibu):
    text = THEME_DAY.replace("steps:", "photos:\n  - {src: ../../../../etc/passwd, caption: x, public: true}\nsteps:")
    run = check(make_project, zhibu, with_theme_day(text))
    assert errors(run) == [("ref/media", TD, 22, 6, "照片路径“../../../../etc/passwd”指向 content/ 之外")]


def test_photo_symlink_out_of_project(make_project, zhibu, tmp_path):
    outside = tmp_path / "secret.jpg"
    outside.write_bytes(b"\xff\xd8\xff")
    text = THEME_DAY.replace("steps:", "photos:\n  - {src: media/link.jpg, caption: x, public: true}\nsteps:")
    root = make_project(with_theme_day(text), today="2024-06-30")
    (root / "content/media").mkdir(parents=True)
    os.symlink(outside, root / "content/media/link.jpg")
    run = zhibu(root, "check", "--format", "json")
    assert errors(run) == [("ref/media", TD, 22, 6, "照片路径“media/link.jpg”指向 content/ 之外")]


def test_missing_photo(make_project, zhibu):
    text = THEME_DAY.replace("steps:", "photos:\n  - {src: media/2024/none.jpg, caption: x, public: true}\nsteps:")
    run = check(make_project, zhibu, with_theme_day(text))
    assert errors(run) == [("ref/media", TD, 22, 6, "照片文件“media/2024/none.jpg”不存在（应在 content/media/2024/none.jpg）")]


@pytest.mark.parametrize("folder", ["CaiZheng", "财政局"])
def test_branch_folder_name(make_project, zhibu, folder):
    files = {k.replace("caizheng-1", folder): v for k, v in base_files().items()}
    run = check(make_project, zhibu, files)
    rel = f"content/branches/{folder}/branch.yaml"
    assert errors(run) == [("filename", rel, 1, 1,
                            f"支部目录名“{folder}”不符合要求：只能使用小写英文字母、数字和连字符（-）")]


def test_file_name_date_disagrees(make_project, zhibu):
    files = base_files()
    wrong = f"{RECORDS}/2024-06-15-重温入党誓词.md"
    files[wrong] = files.pop(TD)
    run = check(make_project, zhibu, files)
    assert errors(run) == [("filename", wrong, 4, 1, "文件名中的日期 2024-06-15 与 date: 2024-06-14 不一致")]


def test_unknown_member(make_project, zhibu):
    run = check(make_project, zhibu, with_theme_day(THEME_DAY.replace("present: [张伟, 李娜, 王强, 陈静]", "present: [张伟, 李娜, 王强, 陈晶]")))
    assert errors(run) == [("ref/member", TD, 12, 25, "出席者“陈晶”不在测试局机关第一党支部 2024-06-14 的党员名册中")]
    assert [f["hint"] for f in run.findings if f["rule"] == "ref/member"] == ["是否应为“陈静”？"]


def test_member_who_left(make_project, zhibu):
    files = base_files()
    files[f"{B}/branch.yaml"] = files[f"{B}/branch.yaml"].replace(
        "{name: 陈静, status: 正式, joined: 2010-07-01}", "{name: 陈静, status: 正式, joined: 2010-07-01, left: 2024-05-31}")
    run = check(make_project, zhibu, files)
    assert ("ref/member", TD, 12, 25, "出席者“陈静”不在测试局机关第一党支部 2024-06-14 的党员名册中") in errors(run)


def test_unknown_branch_in_notice(make_project, zhibu):
    notice = """\
    ---
    title: 关于党费收缴情况的公示
    branch: caizheng-2
    category: 党费收缴
    stage: 办理结果公开
    scope: 党外
    published: 2024-06-01
    ---
    正文。
    """
    rel = "content/notices/2024/2024-06-01-党费公示.md"
    run = check(make_project, zhibu, base_files() | {rel: notice})
    assert errors(run) == [("ref/branch", rel, 3, 1, "支部“caizheng-2”不存在")]


def test_step_one_names_missing_record(make_project, zhibu):
    run = check(make_project, zhibu, with_theme_day(THEME_DAY.replace("record: 2024-06-03-研究六月主题党日安排", "record: 2024-06-02-支委会")))
    assert errors(run) == [("ref/record", TD, 22, 25, "步骤①引用的记录“2024-06-02-支委会”在测试局机关第一党支部中不存在")]
    assert not any(f["rule"] == "theme-day/committee" for f in run.findings)


def test_file_outside_layout(make_project, zhibu):
    rel = "content/branches/caizheng-1/notes.md"
    run = check(make_project, zhibu, base_files() | {rel: "---\ntitle: x\n---\n"})
    assert errors(run)[0][:4] == ("filename", rel, 1, 1)


def test_text_format_is_compiler_style(make_project, zhibu):
    root = make_project(with_theme_day(THEME_DAY.replace("place: 党员活动室\n", "place: 党员活动室\nplace: 会议室\n")), today="2024-06-30")
    run = zhibu(root, "check")
    assert f"{TD}:8:1: error[yaml/duplicate-key] 键“place”重复" in run.out
    assert run.code == 1


def test_github_and_sarif_formats(make_project, zhibu):
    import json
    root = make_project(with_theme_day(THEME_DAY.replace("place: 党员活动室\n", "place: 党员活动室\nplace: 会议室\n")), today="2024-06-30")
    gh = zhibu(root, "check", "--format", "github")
    errors = [line for line in gh.out.splitlines() if line.startswith("::error")]
    assert len(errors) == 1
    assert errors[0].startswith(f"::error title=zhibu (yaml/duplicate-key),file={TD},line=8,col=1::键“place”重复")
    sarif = json.loads(zhibu(root, "check", "--format", "sarif").out)
    [result] = [r for r in sarif["runs"][0]["results"] if r["level"] == "error"]
    assert sarif["version"] == "2.1.0"
    assert result["ruleId"] == "yaml/duplicate-key"
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 8, "startColumn": 1}


def test_paths_limit_the_report(make_project, zhibu):
    files = with_theme_day(THEME_DAY.replace("place: 党员活动室\n", "place: 党员活动室\nplace: 会议室\n"))
    files["content/org.yaml"] = "name: 测试\nname: 重复\n"
    root = make_project(files, today="2024-06-30")
    run = zhibu(root, "check", "--format", "json", "content/org.yaml")
    assert {f["file"] for f in run.findings} == {"content/org.yaml"}


def test_no_project_is_a_usage_error(tmp_path, zhibu):
    run = zhibu(tmp_path, "check")
    assert run.code == 2
    assert "找不到 zhibu.yaml" in run.err
    assert "Traceback" not in run.err


def test_bad_config_is_a_usage_error(make_project, zhibu):
    root = make_project(base_files() | {"zhibu.yaml": "title: x\norg: y\nbase_url: https://x.org/\nlanguage: en\n"})
    run = zhibu(root, "check")
    assert run.code == 2
    assert "zhibu.yaml:4:1" in run.err
    # a CI script that asked for JSON still gets its one JSON object, with the finding in it
    run = zhibu(root, "check", "--format", "json")
    assert run.code == 2
    assert [(f["rule"], f["file"], f["line"], f["column"]) for f in run.findings] == [("schema", "zhibu.yaml", 4, 1)]


def test_broken_yaml_in_config_is_a_finding_in_json(make_project, zhibu):
    root = make_project(base_files() | {"zhibu.yaml": "title: x\ntitle: y\n"})
    run = zhibu(root, "check", "--format", "json")
    assert run.code == 2
    assert [(f["rule"], f["file"], f["line"]) for f in run.findings] == [("yaml/duplicate-key", "zhibu.yaml", 2)]


def test_report_may_follow_within_two_days(make_project, zhibu):
    no_report = THEME_DAY.replace("reported: 2024-06-15\n", "")
    run = check(make_project, zhibu, with_theme_day(no_report), today="2024-06-16")
    assert errors(run) == []
    run = check(make_project, zhibu, with_theme_day(no_report), today="2024-06-17")
    assert errors(run) == [("schema", TD, 2, 1, "缺少必填字段“reported”（纪实表报送日期）")]


def test_announcement_needs_only_the_announced_fields(make_project, zhibu):
    files = base_files()
    files[f"{RECORDS}/2024-07-15-学习党章.md"] = """\
    ---
    type: 主题党日
    title: 学习党章
    date: 2024-07-15
    start: "08:30"
    place: 党员活动室
    steps:
      1: {date: 2024-06-03, record: 2024-06-03-研究六月主题党日安排}
      2: {date: 2024-07-05, approved_by: 机关党委}
      3: {date: 2024-07-08, channel: 公示栏}
    ---
    """
    run = check(make_project, zhibu, files, today="2024-07-14")
    assert errors(run) == []
    # an announcement is not judged as an activity: no attendance, no steps ④–⑨, no missing elements
    mine = [f["rule"] for f in run.findings if f["file"].endswith("2024-07-15-学习党章.md")]
    assert [r for r in mine if r.startswith(("record/", "attendance/", "theme-day/attendance"))] == []
    assert all("步骤④" not in f["message"] for f in run.findings)
    # from its own day on it is a held activity: everything a theme day records is required
    # (only the report to the 机关党委 may follow within two days)
    run = check(make_project, zhibu, files, today="2024-07-15")
    found = [(e[0], e[4]) for e in errors(run)]
    assert ("schema", "缺少必填字段“host”（主持人）") in found
    assert ("schema", "缺少必填字段“reported”（上报日期）") not in found


def test_pointing_at_a_broken_committee_record_is_one_error_not_two(make_project, zhibu):
    files = base_files()
    committee = f"{RECORDS}/2024-06-03-研究六月主题党日安排.md"
    files[committee] = files[committee].replace("place: 党员活动室", "place: 党员活动室\nroom: 101")
    run = check(make_project, zhibu, files)
    assert [(f["rule"], f["file"]) for f in run.findings if f["severity"] == "error"] == [("schema", committee)]


def test_an_announced_theme_day_announces_its_steps(make_project, zhibu):
    files = base_files()
    rel = f"{RECORDS}/2024-07-15-学习党章.md"
    files[rel] = """\
    ---
    type: 主題黨日
    title: 学习党章
    date: 2024-07-15
    start: "08:30"
    place: 党员活动室
    ---
    """
    run = check(make_project, zhibu, files, today="2024-07-01")
    assert [(e[0], e[1], e[4]) for e in errors(run)] == [("schema", rel, "缺少必填字段“steps”（主题党日九个步骤）")]


def test_a_file_name_too_long_for_its_page_is_a_filename_error(make_project, zhibu):
    # 2024-10-26- and 80 Chinese characters: 254 bytes as .md, 256 as the page's .html
    slug = ("关于进一步规范党员组织关系转接和党费收缴工作的通知" * 4)[:80]
    notice = ("---\ntitle: 关于规范组织关系转接的通知\ncategory: 组织建设\nstage: 实施方案公开\nscope: 党外\n"
              "published: 2024-10-26\n---\n正文。\n")
    files = base_files()
    long_rel, fits_rel = f"content/notices/2024/2024-10-26-{slug}.md", f"content/notices/2024/2024-10-26-{slug[:78]}.md"
    files[long_rel] = notice
    files[fits_rel] = notice
    root = make_project(files, today="2024-10-30")
    run = zhibu(root, "check", "--format", "json")
    assert errors(run) == [("filename", long_rel, 1, 1, "文件名太长：生成的网页文件名有 256 字节，超过 255 字节的上限")]
    assert [f["hint"] for f in run.findings if f["rule"] == "filename"] == [
        "把文件名中日期之后的部分缩短 1 个汉字以上（一个汉字占 3 字节）"]
    build = zhibu(root, "build")      # stopped by the data error, with it named — not by the file system
    assert build.code == 1 and "文件名太长" in build.out and "内部错误" not in build.err
