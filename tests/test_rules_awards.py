"""awards/*: the year's honours against the limits of seed 000 and the eligibility of seeds 001 and 004.

Small projects of branch.yaml files (and, for satisfaction, a few theme days); findings sit on
content/awards/<year>.yaml at the entry concerned.
"""
from __future__ import annotations

from rule_kit import TD, THEME_DAY, base_files, check, month_files, replaced

AWARDS = "content/awards/2024.yaml"


def branch_yaml(i: int, *, members: int = 3, type_: str = "机关", elected: str = "2023-05-10") -> str:
    """Branch b<i> with `members` members 党员<i>-01 …; the first is secretary, the first two the committee."""
    names = [f"党员{i}-{n:02d}" for n in range(1, members + 1)]
    lines = [f"name: 测试局第{i}党支部", f"type: {type_}", "parent: 中共测试局机关委员会", f"secretary: {names[0]}",
             f"committee: [{', '.join(names[:2])}]", f"elected: {elected}", "members:"]
    lines += [f"  - {{name: {n}, status: 正式, joined: 2001-07-01}}" for n in names]
    return "\n".join(lines) + "\n"


def branches(n: int, **kw) -> dict[str, str]:
    return {f"content/branches/b{i}/branch.yaml": branch_yaml(i, **kw) for i in range(1, n + 1)}


def awards(red=(), model=(), *, decided: str = "2024-12-28", year: int = 2024) -> str:
    lines = [f"year: {year}", f"decided: {decided}", "red_flag_branches:" + ("" if red else " []")]
    lines += [f"  - {b}" for b in red]
    lines.append("model_members:" + ("" if model else " []"))
    lines += [f"  - {{branch: {b}, name: {name}}}" for b, name in model]
    return "\n".join(lines) + "\n"


def run(make_project, zhibu, files, rule, today="2025-01-05", **kw):
    return check(make_project, zhibu, files, rule, today=today, **kw)


# --- awards/red-flag-share ------------------------------------------------------------------------------

def test_seven_branches_two_red_flags_pass(make_project, zhibu):
    files = {**branches(7), AWARDS: awards(["b1", "b2"])}
    assert run(make_project, zhibu, files, "awards/red-flag-share") == []


def test_seven_branches_three_red_flags_fail_at_the_third(make_project, zhibu):
    files = {**branches(7), AWARDS: awards(["b1", "b2", "b3"])}
    assert run(make_project, zhibu, files, "awards/red-flag-share") == [
        (AWARDS, 6, 5, "红旗支部 超出上限：3 个，上限 2 个（7 个支部的 1/3）")]


def test_nine_branches_three_red_flags_pass(make_project, zhibu):
    files = {**branches(9), AWARDS: awards(["b1", "b2", "b3"])}
    assert run(make_project, zhibu, files, "awards/red-flag-share") == []


def test_fewer_than_three_branches_may_name_one(make_project, zhibu):
    assert run(make_project, zhibu, {**branches(2), AWARDS: awards(["b1"])}, "awards/red-flag-share") == []
    assert run(make_project, zhibu, {**branches(2), AWARDS: awards(["b1", "b2"])}, "awards/red-flag-share") == [
        (AWARDS, 5, 5, "红旗支部 超出上限：2 个，上限 1 个（2 个支部，不足 3 个的可评 1 个）")]
    hint = [f["hint"] for f in check.last.findings if f["rule"] == "awards/red-flag-share"]
    assert hint == ["红旗支部原则上不超过所属党支部总数的 1/3（党支部总数不足 3 个的，可评 1 个）；请减少 1 个"]


def test_no_red_flag_allowed_points_at_the_key(make_project, zhibu):
    files = {**branches(2), AWARDS: awards(["b1"]),
             "rules.yaml": "extends: national\nrules:\n  awards/red-flag-share: {red_flag_minimum: 0}\n"}
    assert run(make_project, zhibu, files, "awards/red-flag-share", rules="rules.yaml") == [
        (AWARDS, 3, 1, "红旗支部 超出上限：1 个，上限 0 个（2 个支部的 1/3）")]


def test_red_flag_share_follows_the_profile(make_project, zhibu):
    files = {**branches(8), AWARDS: awards(["b1", "b2"]),
             "rules.yaml": "extends: national\nrules:\n  awards/red-flag-share: {red_flag_share: 0.25}\n"}
    assert run(make_project, zhibu, files, "awards/red-flag-share", rules="rules.yaml") == []
    files[AWARDS] = awards(["b1", "b2", "b3"])
    assert run(make_project, zhibu, files, "awards/red-flag-share", rules="rules.yaml") == [
        (AWARDS, 6, 5, "红旗支部 超出上限：3 个，上限 2 个（8 个支部的 25%）")]


# --- awards/model-share ---------------------------------------------------------------------------------

def test_five_members_one_model_passes(make_project, zhibu):
    files = {"content/branches/b1/branch.yaml": branch_yaml(1, members=5), AWARDS: awards(model=[("b1", "党员1-03")])}
    assert run(make_project, zhibu, files, "awards/model-share") == []


def test_five_members_two_models_fail_at_the_second(make_project, zhibu):
    files = {"content/branches/b1/branch.yaml": branch_yaml(1, members=5),
             AWARDS: awards(model=[("b1", "党员1-03"), ("b1", "党员1-04")])}
    assert run(make_project, zhibu, files, "awards/model-share") == [
        (AWARDS, 6, 5, "模范党员 超出上限：2 人，上限 1 人（5 名党员的 20%）")]


def test_four_members_may_still_name_one(make_project, zhibu):
    files = {"content/branches/b1/branch.yaml": branch_yaml(1, members=4),
             AWARDS: awards(model=[("b1", "党员1-03"), ("b1", "党员1-04")])}
    assert run(make_project, zhibu, files, "awards/model-share") == [
        (AWARDS, 6, 5, "模范党员 超出上限：2 人，上限 1 人（4 名党员，不足 5 人的可评 1 人）")]


def _twenty_six(n_models: int) -> dict[str, str]:
    files = {"content/branches/b1/branch.yaml": branch_yaml(1, members=13),
             "content/branches/b2/branch.yaml": branch_yaml(2, members=13)}
    models = [(f"b{1 + k % 2}", f"党员{1 + k % 2}-{3 + k // 2:02d}") for k in range(n_models)]
    files[AWARDS] = awards(model=models)
    return files


def test_twenty_six_members_five_models_pass(make_project, zhibu):
    assert run(make_project, zhibu, _twenty_six(5), "awards/model-share") == []


def test_twenty_six_members_six_models_fail_at_the_sixth(make_project, zhibu):
    assert run(make_project, zhibu, _twenty_six(6), "awards/model-share") == [
        (AWARDS, 10, 5, "模范党员 超出上限：6 人，上限 5 人（26 名党员的 20%）")]
    hint = [f["hint"] for f in check.last.findings if f["rule"] == "awards/model-share"]
    assert hint == ["模范党员原则上不超过所属党员总数（2024-12-28 在册）的 20%（党员人数不足 5 人的，可评 1 人）；请减少 1 人"]


def test_members_are_counted_on_decided(make_project, zhibu):
    files = _twenty_six(5)
    text = files["content/branches/b2/branch.yaml"]
    for name in ("党员2-12", "党员2-13"):  # two leave before the decision: 24 members, 4 models at most
        text = text.replace(f"{{name: {name}, status: 正式, joined: 2001-07-01}}",
                            f"{{name: {name}, status: 正式, joined: 2001-07-01, left: 2024-12-01}}")
    files["content/branches/b2/branch.yaml"] = text
    assert run(make_project, zhibu, files, "awards/model-share") == [
        (AWARDS, 9, 5, "模范党员 超出上限：5 人，上限 4 人（24 名党员的 20%）")]
    files[AWARDS] = files[AWARDS].replace("decided: 2024-12-28", "decided: 2024-11-30")
    assert run(make_project, zhibu, files, "awards/model-share") == []


# --- awards/low-satisfaction ----------------------------------------------------------------------------

LOW_AWARDS = awards(["caizheng-1"], [("caizheng-1", "李娜"), ("caizheng-1", "陈静")])


def low_files(june: str = "respondents: 10, satisfied: 5") -> dict[str, str]:
    """The sample branch (committee 张伟, 李娜, 王强) with theme days in March, April and June 2024."""
    files = base_files()
    files[TD] = replaced(THEME_DAY, ("respondents: 4, satisfied: 4", june))
    for month in (3, 4):
        files.update(month_files(month, ("respondents: 4, satisfied: 4", "respondents: 4, satisfied: 2")))
    files[AWARDS] = LOW_AWARDS
    return files


def test_low_satisfaction_makes_the_branch_and_its_committee_ineligible(make_project, zhibu):
    found = run(make_project, zhibu, low_files(), "awards/low-satisfaction")
    assert found == [
        (AWARDS, 4, 5, "红旗支部 caizheng-1 不具备评选资格：2024 年有 3 次主题党日满意率低于 60%"),
        (AWARDS, 6, 5, "模范党员 李娜（caizheng-1 支委）不具备评选资格：caizheng-1 2024 年有 3 次主题党日满意率低于 60%"),
    ]  # 陈静, an ordinary member of the same branch, stays eligible
    hint = {f["hint"] for f in check.last.findings if f["rule"] == "awards/low-satisfaction"}
    assert hint == {"本年度内测评结果 3 次以上满意率低于 60% 的，所在党支部及其班子成员不得纳入评先选优范围"}


def test_the_secretary_is_one_of_the_leadership(make_project, zhibu):
    files = low_files()
    files[AWARDS] = awards(model=[("caizheng-1", "张伟")])
    assert [m for *_, m in run(make_project, zhibu, files, "awards/low-satisfaction")] == [
        "模范党员 张伟（caizheng-1 书记）不具备评选资格：caizheng-1 2024 年有 3 次主题党日满意率低于 60%"]


def test_exactly_60_percent_keeps_the_branch_eligible(make_project, zhibu):
    assert run(make_project, zhibu, low_files("respondents: 5, satisfied: 3"), "awards/low-satisfaction") == []


def test_low_satisfaction_of_another_year_does_not_count(make_project, zhibu):
    files = low_files()
    files["content/awards/2025.yaml"] = awards(["caizheng-1"], [("caizheng-1", "李娜")], decided="2025-12-20", year=2025)
    del files[AWARDS]
    assert run(make_project, zhibu, files, "awards/low-satisfaction", today="2025-12-31") == []


def test_low_satisfaction_can_be_switched_off(make_project, zhibu):
    files = low_files()
    files["rules.yaml"] = "extends: national\nrules:\n  awards/low-satisfaction: off\n"
    assert run(make_project, zhibu, files, "awards/low-satisfaction", rules="rules.yaml") == []


# --- awards/term ----------------------------------------------------------------------------------------

def term_files(elected: str, decided: str, type_: str = "机关") -> dict[str, str]:
    return {**branches(3), "content/branches/b1/branch.yaml": branch_yaml(1, members=6, elected=elected, type_=type_),
            AWARDS: awards(["b1"], [("b1", "党员1-02"), ("b1", "党员1-05")], decided=decided)}


def test_term_overdue_on_decided(make_project, zhibu):
    found = run(make_project, zhibu, term_files("2021-12-27", "2024-12-28"), "awards/term")
    reason = "换届已逾期：上次选举 2021-12-27，任期 3 年，应于 2024-12-27 前换届，2024-12-28 时仍未换届"
    assert found == [
        (AWARDS, 4, 5, f"红旗支部 b1 不具备评选资格：{reason}"),
        (AWARDS, 6, 5, f"模范党员 党员1-02（b1 支委）不具备评选资格：b1 {reason}"),
    ]  # 党员1-05 is an ordinary member


def test_term_due_day_itself_is_in_time(make_project, zhibu):
    assert run(make_project, zhibu, term_files("2021-12-27", "2024-12-27"), "awards/term") == []


def test_term_is_judged_on_decided_not_today(make_project, zhibu):
    # overdue today (2025-01-05) but not on the day of the decision: no finding
    assert run(make_project, zhibu, term_files("2021-12-30", "2024-12-28"), "awards/term") == []


def test_term_of_a_community_branch_follows_the_profile(make_project, zhibu):
    files = term_files("2020-06-01", "2024-12-28", type_="社区")
    assert run(make_project, zhibu, files, "awards/term") == []  # national: 5 years for 社区
    found = run(make_project, zhibu, files, "awards/term", rules="ningxia-2018")
    assert [m for *_, m in found][0] == (
        "红旗支部 b1 不具备评选资格：换届已逾期：上次选举 2020-06-01，任期 3 年，应于 2023-06-01 前换届，2024-12-28 时仍未换届")


def test_unknown_branches_are_left_to_ref_branch(make_project, zhibu):
    files = {**branches(3), AWARDS: awards(["b9"], [("b9", "某某")])}
    for rule in ("awards/term", "awards/low-satisfaction"):
        assert run(make_project, zhibu, files, rule, allow_errors=True) == []
    assert {f["rule"] for f in check.last.findings if f["severity"] == "error"} == {"ref/branch"}


def test_an_unknown_branch_or_member_is_not_counted_against_the_limits(make_project, zhibu):
    # One cause, one finding: b9 is `ref/branch`; it does not also push the count over the limit.
    files = {**branches(1), AWARDS: awards(["b1", "b9"], [("b1", "党员1-01"), ("b1", "某某")])}
    assert run(make_project, zhibu, files, "awards/red-flag-share", allow_errors=True) == []
    assert run(make_project, zhibu, files, "awards/model-share", allow_errors=True) == []
    assert sorted(f["rule"] for f in check.last.findings if f["severity"] == "error") == ["ref/branch", "ref/member"]
    files = {**branches(2), AWARDS: awards(["b1", "b2", "b9"])}
    assert run(make_project, zhibu, files, "awards/red-flag-share", allow_errors=True) == [
        (AWARDS, 5, 5, "红旗支部 超出上限：2 个，上限 1 个（2 个支部，不足 3 个的可评 1 个）")]


# --- the profiles ---------------------------------------------------------------------------------------

def test_packaged_profiles_judge_eligibility_as_the_rules_they_mirror():
    """awards/term repeats branch/term's parameters and awards/low-satisfaction theme-day/low-satisfaction's,
    in every packaged profile, so the honours are judged as the branch's own findings say."""
    from pathlib import Path

    from generator.rules.profile import load_profile, packaged_names
    from generator.rules.registry import RULES, load_rule_modules
    load_rule_modules()
    for name in packaged_names():
        profile = load_profile(name, Path("."), RULES)
        for mirror, source in (("awards/term", "branch/term"), ("awards/low-satisfaction", "theme-day/low-satisfaction")):
            assert profile.params_for(mirror, RULES[mirror]) == profile.params_for(source, RULES[source]), (name, mirror)


def test_national_names_the_awards_parameters():
    from pathlib import Path

    from generator.rules.profile import load_profile
    from generator.rules.registry import RULES, load_rule_modules
    load_rule_modules()
    profile = load_profile("national", Path("."), RULES)
    assert profile.params["awards/red-flag-share"] == {"red_flag_share": "1/3", "red_flag_minimum": 1}
    assert profile.params["awards/model-share"] == {"model_share": 0.2, "model_minimum": 1}
