"""The fast YAML path gives exactly what libyaml and the walk give, or declines.

Whatever the text, `fastyaml.load` either raises `Slow` or returns the very
values (same types, same key order) that the full path (`yamldoc.parse` with
positions, which never takes the fast path) builds, and then the full path
found no problem in the text: the fast path never accepts what the full path
reports. Texts come from the sample projects, from YAML pieces put together at
random (lines, indents, scalars, flow collections, block scalars, comments),
and from dumped random values.
"""
from __future__ import annotations

import math
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.load import fastyaml, frontmatter, yamldoc
from generator.load.decode import decode

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
MANY = settings(max_examples=5000, deadline=None, suppress_health_check=list(HealthCheck))


def same(a, b) -> bool:
    """Equal with the same types all the way down (True is not 1, 1.0 is not 1) and the same key order."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return a == b


def agree(text: str) -> bool:
    """Check the property for one text; True when the fast path took it."""
    try:
        fast = fastyaml.load(text)
    except fastyaml.Slow:
        return False
    full = yamldoc.parse(text, positions=True)
    assert not full.problems, (text, full.problems)
    assert same(fast, full.data), (text, fast, full.data)
    return True


def test_the_samples_take_the_fast_path_and_agree():
    taken = total = 0
    for path in sorted((ROOT / "content").rglob("*")):
        if path.suffix not in (".md", ".yaml"):
            continue
        text, problem = decode(path.read_bytes())
        if text is None:
            continue
        if path.suffix == ".md":
            part = frontmatter.split(text)
            if part.problem:
                continue
            text = part.yaml_text
        total += 1
        taken += agree(text)
    assert total > 300
    assert taken >= 0.95 * total  # the demo's files are the plain YAML the fast path is for


@pytest.mark.parametrize("text, value", [
    ("a: 1\nb: [x, 2, true, null, ~, 1.5, '0x']\n", {"a": 1, "b": ["x", 2, True, None, None, 1.5, "0x"]}),
    ("start: 08:30\nday: 08\nname: No\n", {"start": "08:30", "day": 8, "name": "No"}),
    ("t: |\n  one\n\n    two\n\n\nu: |-\n  x\n", {"t": "one\n\n  two\n", "u": "x"}),
    ("l:\n- a\n- b: 1\n  c: [2]\nm: {k: v, n: {o: p}}  # c\n", {"l": ["a", {"b": 1, "c": [2]}], "m": {"k": "v", "n": {"o": "p"}}}),
    ("q: 'it''s' # c\nd: \"x: y\"\n", {"q": "it's", "d": "x: y"}),
])
def test_examples(text, value):
    assert same(fastyaml.load(text), value)
    assert agree(text)


@pytest.mark.parametrize("text", [
    "a: 1\na: 2\n",              # duplicate key: the full path reports it
    "a: &x 1\nb: *x\n",           # anchors and aliases
    "a: >\n  folded\n",           # folded scalar
    "a: b\n  c\n",                # a plain scalar over two lines
    "a:\tb\n",                    # a tab
    "- a\n- b\n",                 # not a mapping at the top
    "",                           # empty
    "a: \"x\\ty\"\n",             # an escape
    "a: [x,\n  y]\n",             # a flow collection over two lines
    "a: !!str 1\n",               # a tag
    "a: b: c\n",                  # an error
])
def test_declines(text):
    with pytest.raises(fastyaml.Slow):
        fastyaml.load(text)


# --- random texts from YAML pieces ---------------------------------------------------------------------

WORDS = ["a", "b", "名", "主题党日", "x y", "2024-06-14", "2018-02-30", "08:30", "8", "08", "-5", "+3", "1.5",
         ".5", "1e3", "0x1F", "0o7", "1_000", "true", "True", "TRUE", "yes", "No", "on", "null", "Null", "~", "",
         "nan", ".nan", ".inf", "-.inf", "①", "書面", "a:b", "a: b", "a #b", "a#b", "#", "-", "- x", "?", "? x",
         ":", ": x", "x:", "[", "]", "{", "}", ",", "a,b", "&a", "*a", "!t", "|", ">", "%", "@", "`", "'", "''",
         "'q'", "'it''s'", '"', '"q"', '"a\\"b"', '"\\u4e2d"', "a  b", "a ", " a", "…", "\u3000", "x\u00a0y", "é"]
word = st.sampled_from(WORDS)
ODD_KEYS = ["a:b", "-k", "?k", "'k'", '"k"', "k ", "[k]", "k#", "#k", "x" * 600, "k: v", "", "~", "1"]
key = st.one_of(*[st.sampled_from(["a", "b", "c", "d", "e", "f", "1", "2", "3", "12", "key", "名字", "a b", "x_y",
                                   "present", "absent", "steps", "①", "書面", "true", "null", "k" * 40])] * 8,
                st.sampled_from(ODD_KEYS))


def flow(depth: int = 0):
    leaf = word
    if depth > 2:
        return leaf
    inner = flow(depth + 1)
    seq = st.lists(inner, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]")
    seq2 = st.lists(inner, max_size=4).map(lambda xs: "[" + ",".join(xs) + " ]")
    mapping = st.lists(st.tuples(key, inner), max_size=4).map(
        lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}")
    mapping2 = st.lists(st.tuples(key, inner), max_size=3).map(
        lambda kv: "{ " + ",".join(f"{k}:{v}" for k, v in kv) + ",}")
    return st.one_of(leaf, seq, seq2, mapping, mapping2)


tail = st.sampled_from(["", "", "", "", "", "", "", "", " ", "  ", " # note", " # note", "# x", "  #", ":", " :",
                        ",", " x"])
value = st.tuples(st.one_of(word, flow()), tail).map("".join)
indent = st.sampled_from(["", "", " ", "  ", "  ", "    ", "   ", "\t"])
block = st.tuples(
    st.sampled_from(["|", "|-", "|+", "|2", ">", "| # c", "|  "]),
    st.lists(st.tuples(st.sampled_from(["", " ", "  ", "   ", "    ", "      "]),
                       st.sampled_from(["", "text", "# not a comment", "a: b", "- x", "---", "  more"])),
             max_size=5),
).map(lambda b: b[0] + "".join("\n" + sp + t for sp, t in b[1]))


def line():
    return st.one_of(
        st.tuples(indent, key, st.sampled_from([": ", ":", ":  ", " : "]), value).map("".join),
        st.tuples(indent, key, st.sampled_from([":", ": ", ": # c"])).map("".join),
        st.tuples(indent, st.sampled_from(["- ", "-  ", "-", "- - "]), value).map("".join),
        st.tuples(indent, st.sampled_from(["- "]), key, st.just(": "), value).map("".join),
        st.tuples(indent, key, st.just(": "), block).map("".join),
        st.tuples(indent, st.sampled_from(["- "]), block).map("".join),
        st.sampled_from(["", " ", "# comment", "  # comment", "---", "...", "a: [", "  ]", "%YAML 1.2"]),
    )


@SETTINGS
@given(lines=st.lists(line(), min_size=1, max_size=12), end=st.sampled_from(["\n", "", "\n\n"]))
def test_random_pieces_agree(lines, end):
    agree("\n".join(lines) + end)


@SETTINGS
@given(lines=st.lists(st.tuples(st.sampled_from(["", "  ", "    "]), key, value).map(
    lambda t: f"{t[0]}{t[1]}: {t[2]}"), min_size=1, max_size=8))
def test_random_mappings_agree(lines):
    agree("\n".join(lines) + "\n")


# --- random trees written out in random styles ----------------------------------------------------------

SAFE = ["a", "b", "名", "主题党日", "x y", "2024-06-14", "08:30", "8", "08", "1.5", "true", "No", "null", "~",
        "書面", "a#b", "a:b", "it's", "x[1]", "a, b", "a  b", "é", "1e3"]
TEXT = st.one_of(*[st.sampled_from(SAFE)] * 6, st.sampled_from(WORDS),
                 st.text(st.sampled_from(list("ab 主題:#-,[]{}'\"\\|>&*!?%@`~.05\t")), max_size=6))
tree = st.recursive(TEXT, lambda inner: st.one_of(st.lists(inner, min_size=0, max_size=4),
                                                  st.lists(st.tuples(key, inner), min_size=0, max_size=4).map(tuple)),
                    max_leaves=10)  # a list is a sequence, a tuple of (key, value) pairs a mapping


def write(draw, node, column: int, out: list[str], prefix: str) -> None:
    """Append lines for `node` to out; `prefix` is what the first line starts with ("key:" or "-")."""
    pad = " " * column
    if isinstance(node, str):
        style = draw(st.sampled_from(["plain"] * 6 + ["single", "double", "block"]))
        if style == "single":
            text = "'" + node.replace("'", "''") + "'"
        elif style == "double":
            text = '"' + node + '"'
        elif style == "block":
            step = draw(st.sampled_from([1, 2, 2, 3]))
            out.append(f"{pad}{prefix} " + draw(st.sampled_from(["|", "|-", "|", "|-", "|+", ">"])))
            for piece in node.split(" ") or [""]:
                out.append(" " * (column + step) + piece if piece else draw(st.sampled_from(["", " " * column])))
            return
        else:
            text = node
        out.append(f"{pad}{prefix} {text}{draw(tail)}")
        return
    flow_style = draw(st.sampled_from([False, False, True]))
    if flow_style or not node:
        out.append(f"{pad}{prefix} {flow_text(node)}{draw(tail)}")
        return
    step = draw(st.sampled_from([2, 2, 1, 3, 4]))
    out.append(f"{pad}{prefix}" + draw(st.sampled_from(["", "", " # c", " "])))
    if isinstance(node, list):
        col = column + draw(st.sampled_from([0, step])) if prefix.endswith(":") else column + step
        for item in node:
            if draw(st.booleans()) and isinstance(item, tuple) and item:
                k, v = item[0]  # a compact mapping: `- key: value` and its other keys below
                sub: list[str] = []
                write(draw, v, col + 2, sub, f"{k}:")
                out.append(" " * col + "- " + sub[0].lstrip(" "))
                out.extend(sub[1:])
                for k2, v2 in item[1:]:
                    write(draw, v2, col + 2, out, f"{k2}:")
            else:
                write(draw, item, col, out, "-")
    else:
        for k, v in node:
            write(draw, v, column + step, out, f"{k}:")
            if draw(st.integers(0, 9)) == 0:
                out.append(draw(st.sampled_from(["", "# c", " " * column + "  # c", "  "])))


def flow_text(node) -> str:
    if isinstance(node, str):
        return node
    if isinstance(node, list):
        return "[" + ", ".join(flow_text(x) for x in node) + "]"
    return "{" + ", ".join(f"{k}: {flow_text(v)}" for k, v in node) + "}"


SAFE_KEYS = ["a", "b", "c", "d", "e", "f", "1", "2", "3", "12", "key", "名字", "a b", "x_y", "present", "①", "書面"]
tame_tree = st.recursive(st.sampled_from(SAFE), lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.lists(st.tuples(st.sampled_from(SAFE_KEYS), inner), max_size=4, unique_by=lambda kv: kv[0]).map(tuple)),
    max_leaves=10)


@SETTINGS
@given(data=st.data(), top=st.lists(st.tuples(key, tree), min_size=1, max_size=6))
def test_random_trees_agree(data, top):
    out: list[str] = []
    for k, v in top:
        write(data.draw, v, 0, out, f"{k}:")
    agree("\n".join(out) + data.draw(st.sampled_from(["\n", "", "\n\n"])))


tame_top = st.lists(st.tuples(st.sampled_from(SAFE_KEYS), tame_tree), min_size=1, max_size=6, unique_by=lambda kv: kv[0])


def check_tame(data, top):
    out: list[str] = []
    for k, v in top:
        write(data.draw, v, 0, out, f"{k}:")
    agree("\n".join(out) + data.draw(st.sampled_from(["\n", "", "\n\n"])))


@settings(SETTINGS, max_examples=500)
@given(data=st.data(), top=tame_top)
def test_random_tame_trees_agree(data, top):
    check_tame(data, top)


@pytest.mark.slow
@MANY
@given(data=st.data(), top=tame_top)
def test_many_random_tame_trees_agree(data, top):
    check_tame(data, top)


@pytest.mark.slow
@MANY
@given(data=st.data(), top=st.lists(st.tuples(key, tree), min_size=1, max_size=6))
def test_many_random_trees_agree(data, top):
    out: list[str] = []
    for k, v in top:
        write(data.draw, v, 0, out, f"{k}:")
    agree("\n".join(out) + data.draw(st.sampled_from(["\n", "", "\n\n"])))


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=10),
                    st.sampled_from(WORDS))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(max_size=6), inner, max_size=4)),
                      max_leaves=20)


@SETTINGS
@given(data=st.dictionaries(st.text(min_size=1, max_size=6), values, min_size=1, max_size=5),
       flow_level=st.sampled_from([None, True, False]), width=st.sampled_from([20, 80, 1000]))
def test_dumped_values_agree(data, flow_level, width):
    agree(yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow_level, width=width, sort_keys=False))
