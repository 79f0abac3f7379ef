"""`zhibu init DIR`: a new project on which `check` (and `build`) succeed, with the hook, CI and
editor settings that let a secretary work from her editor."""
from __future__ import annotations

import json
import re
from fnmatch import fnmatch
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft7Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from generator.cli import build_parser
from generator.load.frontmatter import split
from generator.load.yamldoc import parse

EXPECTED = [
    "zhibu.yaml", "content/org.yaml", "content/branches/shili-1/branch.yaml", ".gitignore",
    ".editorconfig", ".pre-commit-config.yaml", ".github/workflows/site.yml", ".vscode/settings.json",
    ".vscode/extensions.json", ".vscode/tasks.json", ".vscode/schemas/record.schema.json", "README.md",
]


@pytest.fixture
def initialised(tmp_path, zhibu):
    run = zhibu(tmp_path, "init", "dangwu", "--title", "测试党务公开", "--org", "中共测试市直属机关工作委员会")
    assert run.code == 0, run.err
    return tmp_path / "dangwu", run


def records(root: Path) -> list[Path]:
    return sorted((root / "content/branches/shili-1/records").rglob("*.md"))


def test_init_makes_a_project_that_checks_clean(initialised, zhibu):
    root, run = initialised
    for rel in EXPECTED:
        assert (root / rel).is_file(), rel
    assert "dangwu" in run.out and "pre-commit install" in run.out
    [record] = records(root)
    assert record.parent.name == record.name[:4]
    check = zhibu(root, "check", "--format", "json")
    assert check.code == 0, check.out + check.err
    assert check.findings == [], check.findings      # the example is complete, not just loadable
    config = yaml.safe_load((root / "zhibu.yaml").read_text(encoding="utf-8"))
    assert config["title"] == "测试党务公开" and config["org"] == "中共测试市直属机关工作委员会"
    assert "site/" in (root / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_example_branch_has_a_roster_and_new_works_on_it(initialised, zhibu):
    root, _ = initialised
    branch = yaml.safe_load((root / "content/branches/shili-1/branch.yaml").read_text(encoding="utf-8"))
    assert len(branch["members"]) >= 3 and branch["secretary"] in {m["name"] for m in branch["members"]}
    [committee] = records(root)
    date = committee.name[:10]
    run = zhibu(root, "new", "主题党日", "--branch", "shili-1", "--date", date, "--title", "学习党章")
    assert run.code == 0, run.err
    text = (root / run.out.strip()).read_text(encoding="utf-8")
    assert f"record: {committee.stem}" in text          # step ① points at the example 支委会
    check = zhibu(root, "check", "--format", "json")
    assert check.code == 0 and not [f for f in check.findings if f["severity"] == "error"], check.findings


def test_build_succeeds_when_build_exists(initialised, zhibu):
    subparsers = next(a for a in build_parser()._actions if a.dest == "command")
    if "build" not in subparsers.choices:
        pytest.skip("zhibu build is not part of this checkout yet")
    root, _ = initialised
    run = zhibu(root, "build")
    assert run.code == 0, run.out + run.err
    assert (root / "site/public/index.html").is_file()


def test_editor_schemas_cover_every_yaml_file_and_validate_it(initialised):
    root, _ = initialised
    settings = json.loads((root / ".vscode/settings.json").read_text(encoding="utf-8"))
    associations = settings["yaml.schemas"]
    schemas_dir = root / ".vscode/schemas"
    resources = [(p.name, Resource.from_contents(json.loads(p.read_text(encoding="utf-8")), DRAFT7))
                 for p in schemas_dir.glob("*.schema.json")]
    registry = Registry().with_resources(resources)
    # Every kind of YAML content file the project can hold has a schema.
    for rel in ("zhibu.yaml", "content/org.yaml", "content/branches/x/branch.yaml", "content/branches/x/plans/2024.yaml",
                "content/branches/x/dues/2024.yaml", "content/awards/2024.yaml", "content/cases/2024/casebook.yaml"):
        assert any(fnmatch(rel, g) for globs in associations.values() for g in globs), rel
    checked = 0
    for schema_path, globs in associations.items():
        target = (root / schema_path).resolve()
        assert target.is_file() and target.parent == schemas_dir.resolve(), schema_path
        validator = Draft7Validator(json.loads(target.read_text(encoding="utf-8")), registry=registry,
                                    format_checker=FormatChecker())
        for path in root.rglob("*.yaml"):
            rel = path.relative_to(root).as_posix()
            if any(fnmatch(rel, g) for g in globs):
                data = parse(path.read_text(encoding="utf-8")).data
                assert not list(validator.iter_errors(data)), rel
                checked += 1
    assert checked == 3       # zhibu.yaml, org.yaml, branch.yaml
    assert json.loads((root / ".vscode/extensions.json").read_text(encoding="utf-8"))["recommendations"] == ["redhat.vscode-yaml"]


def test_check_task_problem_matcher_reads_check_output(initialised, zhibu):
    root, _ = initialised
    tasks = json.loads((root / ".vscode/tasks.json").read_text(encoding="utf-8"))
    matcher = tasks["tasks"][0]["problemMatcher"]["pattern"]
    [record] = records(root)
    text = record.read_text(encoding="utf-8").replace("host: 张伟", "host: 张三")
    record.write_text(text, encoding="utf-8")
    run = zhibu(root, "check")
    assert run.code == 1
    line = next(l for l in run.out.splitlines() if "ref/member" in l)
    m = re.match(matcher["regexp"], line)
    assert m and m.group(matcher["file"]) == record.relative_to(root).as_posix()
    assert m.group(matcher["severity"]) == "error" and m.group(matcher["code"]) == "ref/member"


def test_precommit_config_and_ci_workflow(initialised):
    root, _ = initialised
    config = yaml.safe_load((root / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [h for repo in config["repos"] for h in repo["hooks"]]
    [hook] = [h for h in hooks if h["id"] == "zhibu-check"]
    assert hook["entry"].startswith("zhibu check") and hook["pass_filenames"] is True
    workflow = yaml.safe_load((root / ".github/workflows/site.yml").read_text(encoding="utf-8"))
    runs = " ".join(step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"])
    assert "zhibu check" in runs and "zhibu build" in runs
    uploads = [step for job in workflow["jobs"].values() for step in job["steps"]
               if "upload-pages-artifact" in step.get("uses", "")]
    assert uploads and uploads[0]["with"]["path"] == "site/public"


def test_example_record_front_matter_is_commented(initialised):
    root, _ = initialised
    [record] = records(root)
    parts = split(record.read_text(encoding="utf-8"))
    assert parts.yaml_text is not None and parts.body.strip()
    assert parts.yaml_text.count("\n# ") >= 10


def test_init_never_overwrites(tmp_path, zhibu):
    root = tmp_path / "existing"
    root.mkdir()
    (root / "README.md").write_text("她自己的说明\n", encoding="utf-8")
    run = zhibu(tmp_path, "init", "existing")
    assert run.code == 2 and "README.md" in run.err and "不会覆盖" in run.err
    assert sorted(p.name for p in root.iterdir()) == ["README.md"]     # nothing written at all
    assert (root / "README.md").read_text(encoding="utf-8") == "她自己的说明\n"

    other = tmp_path / "fresh"
    assert zhibu(tmp_path, "init", "fresh").code == 0
    again = zhibu(tmp_path, "init", "fresh")
    assert again.code == 2 and "已经是站点项目" in again.err

    (tmp_path / "afile").write_text("x", encoding="utf-8")
    assert zhibu(tmp_path, "init", "afile").code == 2
    assert other.is_dir()


def test_init_into_an_existing_empty_folder(tmp_path, zhibu):
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    run = zhibu(tmp_path / "repo", "init", ".")
    assert run.code == 0, run.err
    assert (tmp_path / "repo" / "zhibu.yaml").is_file()
