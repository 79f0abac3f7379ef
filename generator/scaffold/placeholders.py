"""The placeholder values `zhibu init` and `zhibu new` write where only the secretary knows the answer.

The scaffold writes them (through `SchemaDocs.script`, so in Traditional script in a zh-Hant
project) and the rule `content/placeholder` (rules/placeholders.py) warns while one is still
there; both take them from here, so what is written and what is looked for cannot drift apart.
Everything here is Simplified; the rule compares the Simplified form of what it reads.
"""
from __future__ import annotations

# A value that cannot be known yet: a month's theme in a new plan, a new case's category.
# `zhibu new 主题党日` does not take it for a planned theme.
PLACEHOLDER = "待定"

ORG_NAME = "（上级党组织全称）"      # zhibu.yaml org, org.yaml name, branch.yaml parent, casebook editor
ORG_ADDRESS = "（办公地址）"         # org.yaml address (written commented out, as an example)
BRANCH_NAME = "（支部全称）"         # branch.yaml name of `zhibu new branch` without --name
SECRETARY = "书记姓名"               # branch.yaml secretary and the roster's first name
CASE_TITLE = "案例标题"              # a case without --title
NOTICE_TITLE = "党务公开事项"        # a notice without --title
CASE_SUMMARY = "（一段摘要，用于目录和网站列表）"
CASEBOOK_PREFACE = "（前言正文，可用 Markdown。）"

# Markdown bodies: each placeholder is a paragraph of its own.
RECORD_BODY = "（会议纪实：写讨论的情况、形成的意见和决定。正文只在内部台账中显示，不会公开。）"
# How the record body placeholder begins in either script: the loader, which keeps no record body,
# keeps one that holds it (a plain substring test, on every record).
RECORD_BODY_STARTS = ("（会议纪实：", "（會議紀實：")


def has_record_placeholder(body: str) -> bool:
    return any(start in body for start in RECORD_BODY_STARTS)
NOTICE_BODY = "（公示正文。公开范围为党外时，正文会在公开网站上发布：请勿写入身份证号、手机号、缺席原因等个人信息。）"
# A new case's body: the four parts' headings, each followed by its placeholder paragraph.
CASE_PARTS = (
    ("一、背景", "（为什么做：工作的背景、面临的问题和动因。）"),
    ("二、主要做法", "（怎么做的：具体措施、步骤和创新之处，可分条写。）"),
    ("三、成效", "（做得怎样：取得的效果，尽量用数字和事例说明。）"),
    ("四、启示", "（有什么经验：可供其他支部借鉴的体会和下一步设想。）"),
)
