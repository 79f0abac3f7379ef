"""branch/committee, branch/term and dues/unpaid: judged on today, reported on branch.yaml or the dues ledger."""
from __future__ import annotations

from test_rules_meetings import B, BRANCH, MEMBERS, branch_yaml, brief, check, meeting, of

DUES_2023 = f"{B}/dues/2023.yaml"
DUES_2024 = f"{B}/dues/2024.yaml"
PAID = "[10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10]"


def files_with(branch: str) -> dict:
    files = {BRANCH: branch}
    files.update(meeting("2024-01-10", "支部党员大会"))
    return files


# --- branch/committee ---------------------------------------------------------------------------------

SEVEN = MEMBERS + ["赵敏", "孙丽"]


def test_seven_full_members_need_a_committee(make_project, zhibu):
    members = [{"name": n} for n in SEVEN]
    run = check(make_project, zhibu, files_with(branch_yaml(committee=False, groups=False, members=members)))
    assert brief(of(run, "branch/committee")) == [
        ("branch/committee", BRANCH, 6, "支部有正式党员 7 名（2025-01-01），达到 7 名，应设立支部委员会")]


def test_six_full_members_and_a_probationary_one_need_none(make_project, zhibu):
    members = [{"name": n} for n in SEVEN[:6]] + [{"name": "孙丽", "status": "预备"}]
    run = check(make_project, zhibu, files_with(branch_yaml(committee=False, groups=False, members=members)))
    assert of(run, "branch/committee") == []


def test_a_member_who_left_is_not_counted(make_project, zhibu):
    members = [{"name": n} for n in SEVEN[:6]] + [{"name": "孙丽", "left": "2024-12-31"}]
    run = check(make_project, zhibu, files_with(branch_yaml(committee=False, groups=False, members=members)))
    assert of(run, "branch/committee") == []


# --- branch/term --------------------------------------------------------------------------------------

def test_term_overdue(make_project, zhibu):
    run = check(make_project, zhibu, files_with(branch_yaml(elected="2020-05-10")), today="2023-05-11")
    found = of(run, "branch/term")
    assert brief(found) == [("branch/term", BRANCH, 6,
                             "换届已逾期：上次选举 2020-05-10，已满 3 年（应于 2023-05-10 前换届）")]
    assert found[0]["column"] == 1


def test_term_due_day_itself_is_in_time(make_project, zhibu):
    run = check(make_project, zhibu, files_with(branch_yaml(elected="2020-05-10")), today="2023-05-10")
    assert of(run, "branch/term") == []


def test_term_from_29_february(make_project, zhibu):
    files = files_with(branch_yaml(elected="2020-02-29"))
    assert of(check(make_project, zhibu, files, today="2023-02-28"), "branch/term") == []
    run = check(make_project, zhibu, files, today="2023-03-01")
    assert [f["message"] for f in of(run, "branch/term")] == [
        "换届已逾期：上次选举 2020-02-29，已满 3 年（应于 2023-02-28 前换届）"]


def test_community_term_is_five_years_in_national_and_three_in_ningxia(make_project, zhibu):
    files = files_with(branch_yaml(type_="社区", elected="2020-05-10"))
    assert of(check(make_project, zhibu, files, today="2024-06-01"), "branch/term") == []
    run = check(make_project, zhibu, files, today="2025-05-11")
    assert [f["message"] for f in of(run, "branch/term")] == [
        "换届已逾期：上次选举 2020-05-10，已满 5 年（应于 2025-05-10 前换届）"]
    run = check(make_project, zhibu, files, today="2024-06-01", rules="ningxia-2018")
    assert [f["message"] for f in of(run, "branch/term")] == [
        "换届已逾期：上次选举 2020-05-10，已满 3 年（应于 2023-05-10 前换届）"]


# --- dues/unpaid ---------------------------------------------------------------------------------------

def ledger(year: int, rows: dict[str, str]) -> str:
    return f"year: {year}\npaid:\n" + "".join(f"  {name}: {row}\n" for name, row in rows.items())


def dues_files(rows_2023: dict, rows_2024: dict, members=None) -> dict:
    files = files_with(branch_yaml(members=members))
    files[DUES_2023] = ledger(2023, {n: PAID for n in MEMBERS} | rows_2023)
    files[DUES_2024] = ledger(2024, {n: PAID for n in MEMBERS} | rows_2024)
    return files


def test_six_unpaid_months_across_a_year_boundary(make_project, zhibu):
    files = dues_files({"刘洋": "[10, 10, 10, 10, 10, 10, 10, 10, 10, null, null, null]"},
                       {"刘洋": "[null, null, null, 10, 10, 10, 10, 10, 10, 10, 10, 10]"})
    run = check(make_project, zhibu, files)
    found = of(run, "dues/unpaid")
    assert brief(found) == [("dues/unpaid", DUES_2024, 7, "刘洋 连续 6 个月未缴党费（2023年10月—2024年3月）")]
    assert found[0]["column"] == 3


def test_five_unpaid_months_across_a_year_boundary(make_project, zhibu):
    files = dues_files({"刘洋": "[10, 10, 10, 10, 10, 10, 10, 10, 10, 10, null, null]"},
                       {"刘洋": "[null, null, null, 10, 10, 10, 10, 10, 10, 10, 10, 10]"})
    assert of(check(make_project, zhibu, files), "dues/unpaid") == []


def test_run_reaching_its_length_in_the_first_year_sits_on_that_ledger(make_project, zhibu):
    files = dues_files({"刘洋": "[10, 10, 10, 10, 10, 10, null, null, null, null, null, null]"},
                       {"刘洋": "[null, null, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10]"})
    run = check(make_project, zhibu, files)
    assert brief(of(run, "dues/unpaid")) == [
        ("dues/unpaid", DUES_2023, 7, "刘洋 连续 8 个月未缴党费（2023年7月—2024年2月）")]


def test_months_off_the_roster_do_not_count(make_project, zhibu):
    # 刘洋 left on 1 July 2024: July to December are not his months.
    members = [{"name": n} for n in MEMBERS[:4]] + [{"name": "刘洋", "left": "2024-07-01"}]
    files = dues_files({}, {"刘洋": "[10, null, null, null, null, null, null, null, null, null, null, null]"},
                       members=members)
    assert of(check(make_project, zhibu, files), "dues/unpaid") == []
    # a day later he was still on the roster in July: six months
    members[-1]["left"] = "2024-07-02"
    files = dues_files({}, {"刘洋": "[10, null, null, null, null, null, null, null, null, null, null, null]"},
                       members=members)
    assert [f["message"] for f in of(check(make_project, zhibu, files), "dues/unpaid")] == [
        "刘洋 连续 6 个月未缴党费（2024年2月—7月）"]


def test_months_not_yet_ended_do_not_count(make_project, zhibu):
    files = dues_files({}, {"刘洋": "[10, 10, 10, 10, 10, 10, null, null, null, null, null, null]"})
    assert of(check(make_project, zhibu, files, today="2024-12-31"), "dues/unpaid") == []
    assert [f["message"] for f in of(check(make_project, zhibu, files, today="2025-01-01"), "dues/unpaid")] == [
        "刘洋 连续 6 个月未缴党费（2024年7月—12月）"]
