"""The Markdown fast path gives the engine's very bytes, or leaves the text to the engine."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from generator.render.fastmd import fast_markdown
from generator.render.markdown import engine_markdown, render_markdown


RECORD_BODY = """\
## 会议概况

金梓浩同志主持会议并作动员讲话，参会党员按时签到。
会议传达了上级精神。

## 会议议程

1. 学习党章党规
2. 党员表态发言

## 讨论发言

**胡晨**：汇报近期思想和工作情况。**会议决议：**中文紧跟。

- 第一项
- 第二项

## 会议概况
"""

TOKENS = ["会议", "党员", "学习", "abc", "x", "2024", "：", "，", "。", "！", "“引号”", "\"q\"", "'s'", " ", "  ",
          "\n", "\n\n", "\n\n\n", "# ", "## ", "###### ", "####### ", "#", "1. ", "3. ", "01. ", "1) ", "- ", "* ", "+ ",
          "**", "*", "***", "_", "__", "`", "```", "~~~", "&", "&amp;", "<b>", "<script>", "[", "](", "!", ">", "|",
          "---", "===", "\t", "\u3000", "\xa0", "\r\n", "\\", "{", "}", ":", "=", "~", "    ", "[TOC]", "1.", "9.9"]


def test_record_bodies_take_the_fast_path_with_the_engines_bytes():
    fast = fast_markdown(RECORD_BODY)
    assert fast is not None
    assert fast == engine_markdown(RECORD_BODY)
    assert '<h2 id="会议概况_1">' in fast and "<strong>会议决议：</strong>中文" in fast


def test_sample_bodies_match_the_engine():
    import samples
    texts = [v.split("\n---\n", 1)[1] for v in vars(samples).values() if isinstance(v, str) and "\n---\n" in v]
    assert texts
    for text in texts:
        fast = fast_markdown(text)
        assert fast is None or fast == engine_markdown(text)


def test_outside_the_subset_goes_to_the_engine():
    for text in ("a <b>x</b>", "a & b", "* x", "x\n---", "a  \nb", "`c`", "1. a\n\n2. b", "[a](b)", "a\xa0b", "\ttab"):
        assert fast_markdown(text) is None
        assert render_markdown(text) == engine_markdown(text)


def test_heading_prefix():
    assert fast_markdown("## 背景", "case-a-") == engine_markdown("## 背景", id_prefix="case-a-")
    assert fast_markdown("## 背景", "a b") is None


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(TOKENS), max_size=40))
def test_fast_path_agrees_with_the_engine(tokens):
    text = "".join(tokens)
    fast = fast_markdown(text)
    if fast is not None:
        assert fast == engine_markdown(text), text


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["## 标题", "段落文字。", "**名**：说", "1. 项", "2. 项", "- 项", "", "", "# A b", "a**b**c"]),
                max_size=25))
def test_line_structures_agree_with_the_engine(lines):
    text = "\n".join(lines)
    fast = fast_markdown(text)
    if fast is not None:
        assert fast == engine_markdown(text), text
