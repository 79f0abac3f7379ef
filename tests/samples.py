"""Small valid content files for tests: a committee branch and a compliant June 2024 theme day."""

BRANCH = """\
name: 测试局机关第一党支部
type: 机关
parent: 中共测试局机关委员会
secretary: 张伟
committee: [张伟, 李娜, 王强]
elected: 2023-05-10
groups:
  - name: 第一党小组
    leader: 王强
    members: [王强, 陈静, 刘洋]
members:
  - {name: 张伟, status: 正式, joined: 2001-07-01}
  - {name: 李娜, status: 正式, joined: 2005-07-01}
  - {name: 王强, status: 正式, joined: 2008-07-01}
  - {name: 陈静, status: 正式, joined: 2010-07-01}
  - {name: 刘洋, status: 预备, joined: 2024-03-01}
"""

COMMITTEE = """\
---
type: 支委会
title: 研究六月主题党日安排
date: 2024-06-03
start: "15:00"
end: "16:00"
place: 党员活动室
host: 张伟
recorder: 李娜
attendance:
  present: [张伟, 李娜, 王强]
  absent: {}
  observers: []
speeches:
  - {speaker: 张伟, text: 提出六月主题党日方案}
votes:
  - {item: 通过六月主题党日方案, for: 3, against: 0, abstain: 0, method: 举手}
resolutions:
  - {text: 报机关党委审定, owner: 李娜, due: 2024-06-05, status: 已完成}
---
会议研究了六月主题党日的安排。
"""

THEME_DAY = """\
---
type: 主题党日
title: 重温入党誓词 争做优秀党员
date: 2024-06-14
start: "08:30"
end: "12:00"
place: 党员活动室
host: 张伟
recorder: 李娜
summary: 支部组织党员重温入党誓词。
attendance:
  present: [张伟, 李娜, 王强, 陈静]
  absent:
    刘洋: {reason: 出差, leave: 书面, makeup: 2024-06-20}
  observers: []
speeches:
  - {speaker: 王强, text: 结合岗位谈学习体会}
votes: []
resolutions: []
reported: 2024-06-15
steps:
  1: {date: 2024-06-03, record: 2024-06-03-研究六月主题党日安排}
  2: {date: 2024-06-05, approved_by: 机关党委}
  3: {date: 2024-06-07, channel: 公示栏、微信群}
  4: {date: 2024-06-14}
  5: {signed: 4}
  6: {expected: 5, actual: 4}
  7: {items: [诵读党章, 缴纳党费, 学习党规党情和党的创新理论, 开展组织生活, 实行民主议事, 落实公开制度]}
  8: {respondents: 4, satisfied: 4, scores: {主题特色鲜明: 4.8}}
  9: {date: 2024-06-14, summary: 形成三条整改措施}
---
支部书记主持，全体党员重温入党誓词。
"""

B = "content/branches/caizheng-1"
RECORDS = f"{B}/records/2024"


def base_files() -> dict[str, str]:
    return {
        f"{B}/branch.yaml": BRANCH,
        f"{RECORDS}/2024-06-03-研究六月主题党日安排.md": COMMITTEE,
        f"{RECORDS}/2024-06-14-重温入党誓词.md": THEME_DAY,
    }
