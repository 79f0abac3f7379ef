"""notice/privacy finds roster names in a text the same way, whether by regex or, for many names, by length."""
from __future__ import annotations

import random

from generator.rules import notices


def test_lookup_by_length_finds_what_the_pattern_finds():
    rnd = random.Random(3)
    chars = "张王李赵刘陈杨黄周吴徐孙马胡朱郭何罗高林郑伟芳娜敏静强磊军洋勇艳杰娟涛明超秀霞平刚桂英华 ab"
    used = 0
    for _ in range(400):
        names = {"".join(rnd.choice(chars) for _ in range(rnd.randint(1, 4))) for _ in range(rnd.randint(1, 900))}
        names.discard("")
        reasons = notices.Reasons(sorted((name, "出差") for name in names))
        used += reasons.by_length is not None
        for _ in range(5):
            text = "".join(rnd.choice(chars + "，。、") for _ in range(rnd.randint(0, 120)))
            assert reasons.names_in(text) == set(reasons.pattern.findall(text)), text
    assert used > 100


def test_a_leak_in_a_text_for_everyone_is_found_among_many_names():
    pairs = [(f"党员{i:04d}", "出差") for i in range(notices.MANY_NAMES + 50)] + [("王五", "住院治疗")]
    reasons = notices.Reasons(sorted(pairs))
    assert reasons.by_length is not None
    found = reasons.leaks("会上通报：王五因住院治疗未能参加，党员0007出席。")
    assert [leak.shown for leak in found] == ["王五：住院治疗"]
