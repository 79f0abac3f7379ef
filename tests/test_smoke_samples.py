from samples import base_files


def test_sample_project_has_no_data_errors(make_project, zhibu):
    root = make_project(base_files(), today="2024-06-30")
    run = zhibu(root, "check", "--format", "json")
    assert [f for f in run.findings if f["severity"] == "error"] == []
