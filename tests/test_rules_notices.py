"""notice/period, notice/privacy (errors on what reaches the public site), case/sections and case/per-branch."""
from __future__ import annotations

from test_rules_meetings import B, BRANCH, branch_yaml, brief, meeting, of, plan_yaml

NOTICE = "content/notices/2024/2024-06-01-关于刘洋同志拟转为中共正式党员的公示.md"
ID_NUMBER = "11010519491231002X"   # a valid check digit
BAD_ID = "110105194912310021"      # the same with a wrong check digit


def notice(*, until="2024-06-07", scope="党外", category="发展党员", contact="市财政局机关党委 0771-5550000",
           body="经支部大会讨论，拟同意刘洋同志按期转正。") -> str:
    until_line = f"until: {until}\n" if until else ""
    return (
        "---\n"
        "title: 关于刘洋同志拟转为中共正式党员的公示\n"
        "branch: caizheng-1\n"
        f"category: {category}\n"
        "stage: 决议结果公开\n"
        f"scope: {scope}\n"
        "published: 2024-06-01\n"
        f"{until_line}"
        f"contact: {contact}\n"
        "---\n"
        f"{body}\n")


def run_check(make_project, zhibu, files, today="2024-12-31"):
    root = make_project({BRANCH: branch_yaml(), **meeting("2024-06-03", "支委会"), **files}, today=today)
    return zhibu(root, "check", "--format", "json")


# --- notice/period ------------------------------------------------------------------------------------

def test_publicity_of_four_days_is_too_short(make_project, zhibu):
    run = run_check(make_project, zhibu, {NOTICE: notice(until="2024-06-04")})
    assert brief(of(run, "notice/period")) == [
        ("notice/period", NOTICE, 8, "发展党员公示期 4 天（2024-06-01 至 2024-06-04），少于 5 天")]


def test_publicity_of_five_days_counting_both_ends_is_enough(make_project, zhibu):
    run = run_check(make_project, zhibu, {NOTICE: notice(until="2024-06-05")})
    assert of(run, "notice/period") == []


def test_until_before_published(make_project, zhibu):
    run = run_check(make_project, zhibu, {NOTICE: notice(until="2024-05-31", category="其他")})
    assert brief(of(run, "notice/period")) == [
        ("notice/period", NOTICE, 8, "公示截止日期 2024-05-31 早于发布日期 2024-06-01")]


def test_development_publicity_without_until(make_project, zhibu):
    run = run_check(make_project, zhibu, {NOTICE: notice(until=None)})
    assert brief(of(run, "notice/period")) == [
        ("notice/period", NOTICE, 7, "发展党员公示未写公示截止日期 until（公示期应不少于 5 天）")]


# --- notice/privacy ------------------------------------------------------------------------------------

def privacy(run) -> list[tuple]:
    found = of(run, "notice/privacy")
    assert all(f["severity"] == "error" for f in found)
    return [(f["file"], f["line"], f["column"], f["message"]) for f in found]


def test_id_number_and_mobile_in_a_public_notice_body(make_project, zhibu):
    body = f"联系人：李娜\n身份证号：{ID_NUMBER}，电话 13812345678。"
    run = run_check(make_project, zhibu, {NOTICE: notice(body=body)})
    assert privacy(run) == [
        (NOTICE, 12, 6, "公开内容（正文）中含有身份证号码 110***********002X"),
        (NOTICE, 12, 28, "公开内容（正文）中含有手机号码 138****5678"),
    ]
    assert run.code == 1


def test_mobile_in_a_public_notice_field(make_project, zhibu):
    run = run_check(make_project, zhibu, {NOTICE: notice(contact="李娜 13812345678")})
    assert privacy(run) == [(NOTICE, 9, 1, "公开内容（字段 contact）中含有手机号码 138****5678")]


def test_internal_notice_and_near_misses_are_not_reported(make_project, zhibu):
    # 党内: internal. In the public one: a wrong check digit, a longer digit run, a landline.
    internal = NOTICE.replace("2024-06-01-", "2024-06-02-").replace("关于", "内部")
    files = {
        internal: notice(scope="党内", body=f"电话 13812345678，身份证 {ID_NUMBER}").replace("2024-06-01", "2024-06-02"),
        NOTICE: notice(body=f"号码 {BAD_ID}，流水号 2024138123456789，电话 0771-5550000"),
    }
    run = run_check(make_project, zhibu, files)
    assert privacy(run) == []


def test_absence_reason_in_a_record_summary(make_project, zhibu):
    files = meeting("2024-06-20", "支部党员大会", present=["张伟", "李娜", "王强", "陈静"],
                    summary="刘洋同志因住院治疗未参加。",
                    attendance={"present": ["张伟", "李娜", "王强", "陈静"],
                                "absent": {"刘洋": {"reason": "住院治疗", "leave": "书面"}}, "observers": []})
    rel = next(iter(files))
    run = run_check(make_project, zhibu, files)
    found = of(run, "notice/privacy")
    assert [(f["file"], f["message"]) for f in found] == [
        (rel, "公开内容（字段 summary）中出现党员的缺席原因（刘洋：住院治疗）")]
    assert found[0]["line"] == 10


def test_numbers_written_in_groups_are_numbers_still(make_project, zhibu):
    grouped = f"{ID_NUMBER[:6]} {ID_NUMBER[6:14]} {ID_NUMBER[14:]}"
    body = f"身份证：{grouped}；手机 138.1234.5678；又 (139)1234－5678；+86 137 1234 5678"
    run = run_check(make_project, zhibu, {NOTICE: notice(body=body)})
    assert [m for *_, m in privacy(run)] == [
        "公开内容（正文）中含有身份证号码 110***********002X",
        "公开内容（正文）中含有手机号码 138****5678",
        "公开内容（正文）中含有手机号码 139****5678",
        "公开内容（正文）中含有手机号码 137****5678",
    ]


def test_an_exemption_reason_is_as_private_as_an_absence_reason(make_project, zhibu):
    branch = branch_yaml(members=[{"name": "张伟"}, {"name": "李娜"}, {"name": "王强"},
                                  {"name": "陈静", "exempt": "年老体弱卧床"}, {"name": "刘洋"}])
    root_files = {BRANCH: branch, **meeting("2024-06-03", "支委会"),
                  NOTICE: notice(body="陈静同志年老体弱卧床，支部上门送学。")}
    run = run_check(make_project, zhibu, root_files)
    assert [m for *_, m in privacy(run)] == ["公开内容（正文）中出现党员的缺席原因（陈静：年老体弱卧床）"]


def test_a_notice_of_another_branch_or_with_markup_does_not_hide_a_reason(make_project, zhibu):
    files = meeting("2024-06-20", "支部党员大会", present=["张伟", "李娜", "王强", "陈静"],
                    attendance={"present": ["张伟", "李娜", "王强", "陈静"],
                                "absent": {"刘洋": {"reason": "住院治疗", "leave": "书面"}}, "observers": []})
    other = notice(body="财政局的刘洋**住院** 治疗，未能参加。").replace("branch: caizheng-1", "branch: jiaoyu-1")
    files[NOTICE] = other
    files["content/branches/jiaoyu-1/branch.yaml"] = branch_yaml(members=[{"name": "赵敏"}, {"name": "孙丽"}]).replace(
        "committee: [张伟, 李娜, 王强]\n", "").replace("secretary: 张伟", "secretary: 赵敏").replace(
        "groups:\n  - name: 第一党小组\n    leader: 王强\n    members: [王强, 陈静, 刘洋]\n", "")
    run = run_check(make_project, zhibu, files)
    assert [m for *_, m in privacy(run)] == ["公开内容（正文）中出现党员的缺席原因（刘洋：住院治疗）"]


def test_a_record_s_file_name_is_public(make_project, zhibu):
    files = meeting("2024-06-20", "支部党员大会", title="刘洋住院治疗缺席", present=["张伟", "李娜", "王强", "陈静"],
                    attendance={"present": ["张伟", "李娜", "王强", "陈静"],
                                "absent": {"刘洋": {"reason": "住院治疗", "leave": "书面"}}, "observers": []})
    run = run_check(make_project, zhibu, files)
    messages = [m for *_, m in privacy(run)]
    assert "公开内容（文件名，即公开网页的地址）中出现党员的缺席原因（刘洋：住院治疗）" in messages


def test_record_body_is_internal(make_project, zhibu):
    files = meeting("2024-06-20", "支部党员大会")
    rel = next(iter(files))
    files[rel] = files[rel].replace("会议纪实。", f"联系电话 13812345678，身份证 {ID_NUMBER}")
    run = run_check(make_project, zhibu, files)
    assert privacy(run) == []


def test_selected_case_body_is_public_recommended_is_not(make_project, zhibu):
    case = CASE.replace("## 三、成效", f"## 三、成效\n\n联系人电话 13912345678。")
    files = {f"content/cases/2024/{name}.md": case.replace("入选", status)
             for name, status in (("a", "入选"), ("b", "推荐"))}
    run = run_check(make_project, zhibu, files)
    assert privacy(run) == [("content/cases/2024/a.md", 19, 7, "公开内容（正文）中含有手机号码 139****5678")]


def test_a_selected_case_s_photo_captions_and_the_casebook_settings_are_public(make_project, zhibu):
    # The casebook prints a case's photos (no `public:` needed) and its preface: check says what build would refuse.
    case = CASE.replace("summary: 一段摘要。", "summary: 一段摘要。\nphotos:\n  - {src: media/2024/a.jpg, caption: 活动现场 13800138000}")
    files = {"content/cases/2024/a.md": case, "content/media/2024/a.jpg": b"",
             "content/cases/2024/casebook.yaml": "title: 2024年度优秀案例汇编\neditor: 测试机关工委\ndate: 2024-12-20\n"
                                                "preface: 联系人电话 13912345678。\n"}
    run = run_check(make_project, zhibu, files)
    assert privacy(run) == [
        ("content/cases/2024/a.md", 9, 29, "公开内容（字段 photos.0.caption）中含有手机号码 138****8000"),
        ("content/cases/2024/casebook.yaml", 4, 1, "公开内容（字段 preface）中含有手机号码 139****5678"),
    ]


# --- case/sections, case/per-branch --------------------------------------------------------------------

CASE = """\
---
title: “四个一”推动主题党日提质增效
branch: caizheng-1
year: 2024
status: 入选
category: 主题党日创新
summary: 一段摘要。
---
## 一、背景

支部党员分散。

## 二、主要做法。

每月固定活动日。

## 三、成效

参与率提高。

## 四、经验启示

坚持就有收获。
"""


def test_case_with_all_four_parts(make_project, zhibu):
    run = run_check(make_project, zhibu, {"content/cases/2024/a.md": CASE})
    assert of(run, "case/") == []


def test_case_missing_parts(make_project, zhibu):
    text = CASE.replace("## 三、成效", "## 三、体会").replace("## 四、经验启示", "## 四、其他")
    run = run_check(make_project, zhibu, {"content/cases/2024/a.md": text})
    assert brief(of(run, "case/sections")) == [
        ("case/sections", "content/cases/2024/a.md", 9, "案例缺少“成效、启示”部分（应有背景、做法、成效、启示四部分）")]


def test_case_headings_in_traditional_script(make_project, zhibu):
    text = CASE.replace("## 四、经验启示", "## 四、經驗啟示")
    run = run_check(make_project, zhibu, {"content/cases/2024/a.md": text})
    assert of(run, "case/sections") == []


def test_three_cases_of_one_branch_in_a_year(make_project, zhibu, tmp_path):
    files = {f"content/cases/2024/{n}.md": CASE.replace("“四个一”", f"案例{n}") for n in ("a", "b", "c")}
    run = run_check(make_project, zhibu, files)
    assert brief(of(run, "case/per-branch")) == [
        ("case/per-branch", BRANCH, 1, "2024年 报送案例 3 篇（《案例a推动主题党日提质增效》、《案例b推动主题党日提质增效》、"
                                       "《案例c推动主题党日提质增效》），超过每个支部每年 2 篇")]
    files[f"{B}/plans/2024.yaml"] = plan_yaml(2024)
    run = run_check(make_project, zhibu, files)
    assert [f["file"] for f in of(run, "case/per-branch")] == [f"{B}/plans/2024.yaml"]
    del files["content/cases/2024/c.md"]
    (tmp_path / "proj/content/cases/2024/c.md").unlink()
    assert of(run_check(make_project, zhibu, files), "case/per-branch") == []
