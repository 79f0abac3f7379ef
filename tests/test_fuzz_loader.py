"""Property tests: whatever bytes or YAML a file holds, loading gives findings, never an exception."""
from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.load.discover import Source
from generator.load.document import LoadContext, load_document

KINDS = [
    ("content/branches/b1/records/2024/2024-06-14-x.md", "record"),
    ("content/branches/b1/branch.yaml", "branch"),
    ("content/notices/2024/2024-06-01-x.md", "notice"),
    ("content/branches/b1/plans/2024.yaml", "plan"),
]

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=12), st.sampled_from(["主题党日", "2024-06-14", "08:30", "①", "No", "書面"]))
keys = st.one_of(st.text(min_size=1, max_size=10),
                 st.sampled_from(["type", "title", "date", "attendance", "steps", "present", "absent", "members", "1", "⑧"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(keys, inner, max_size=5)), max_leaves=25)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _load(tmp_path, rel, kind, raw: bytes):
    path = tmp_path / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    doc = load_document(Source(rel, kind, branch="b1", year="2024", date="2024-06-14", slug="x"),
                        LoadContext(str(tmp_path), None, "2024-12-31"))
    for f in doc.findings:
        assert f.line >= 1 and f.column >= 1 and f.message
    return doc


@SETTINGS
@given(raw=st.binary(max_size=400), which=st.sampled_from(KINDS))
def test_random_bytes_give_findings_not_exceptions(tmp_path, raw, which):
    _load(tmp_path, which[0], which[1], raw)


@SETTINGS
@given(data=values, which=st.sampled_from(KINDS))
def test_random_yaml_gives_findings_not_exceptions(tmp_path, data, which):
    text = yaml.safe_dump(data, allow_unicode=True)
    if which[0].endswith(".md"):
        text = f"---\n{text}---\n正文\n"
    doc = _load(tmp_path, which[0], which[1], text.encode())
    if not isinstance(data, dict):
        assert not doc.valid


@SETTINGS
@given(text=st.text(alphabet=st.sampled_from(list("ab: -[]{}'\"\t\n#&*!|>%@`,?主①")), max_size=120))
def test_random_yaml_syntax_gives_findings_not_exceptions(tmp_path, text):
    _load(tmp_path, "content/branches/b1/branch.yaml", "branch", text.encode())
