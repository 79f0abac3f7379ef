"""The files of a new site project (`zhibu init DIR`).

    static_files(title, org, today, schemas, docs)   path → text of everything but the example record
    example_record(site, today, docs)                the example 支委会 record, made by `zhibu new`'s code

The project: zhibu.yaml, content/org.yaml, one example branch with a roster and one
record, .gitignore, .editorconfig, .pre-commit-config.yaml (the zhibu-check hook),
a CI workflow example (check, build, publish site/public), a short README, and the
editor settings: VS Code's YAML extension validates and completes every YAML content
file against copies of the schemas in .vscode/schemas/ (front matter of .md files is
checked by `zhibu check`, run from the editor's task list with a problem matcher).
"""
from __future__ import annotations

import datetime as dt
import json

from ruamel.yaml.comments import CommentedMap

from ..model.entities import Site
from .comments import SchemaDocs
from .placeholders import ORG_ADDRESS, ORG_NAME
from .records import RecordRequest, Skeleton, record_skeleton
from .writer import document_text, inline, inline_map, note, quoted

EXAMPLE_BRANCH = "shili-1"
DEFAULT_TITLE = "党务公开网站"
DEFAULT_ORG = ORG_NAME

# Which schema validates which YAML file (globs relative to the project root).
SCHEMA_FILES: dict[str, list[str]] = {
    "config": ["zhibu.yaml"],
    "org": ["content/org.yaml"],
    "branch": ["content/branches/*/branch.yaml"],
    "plan": ["content/branches/*/plans/*.yaml"],
    "dues": ["content/branches/*/dues/*.yaml"],
    "awards": ["content/awards/*.yaml"],
    "casebook": ["content/cases/*/casebook.yaml"],
}
EDITOR_SCHEMAS = ".vscode/schemas"


def static_files(title: str | None, org: str | None, today: dt.date, schemas: dict[str, dict],
                 docs: SchemaDocs) -> dict[str, str]:
    title = (title or "").strip() or DEFAULT_TITLE
    org = (org or "").strip() or DEFAULT_ORG
    files = {
        "zhibu.yaml": _config(title, org, docs),
        "content/org.yaml": _org(org, docs),
        f"content/branches/{EXAMPLE_BRANCH}/branch.yaml": _branch(org, today, docs),
        ".gitignore": GITIGNORE,
        ".editorconfig": EDITORCONFIG,
        ".pre-commit-config.yaml": PRE_COMMIT_CONFIG,
        ".github/workflows/site.yml": CI_WORKFLOW,
        ".vscode/settings.json": _json(vscode_settings()),
        ".vscode/extensions.json": _json({"recommendations": ["redhat.vscode-yaml"]}),
        ".vscode/tasks.json": _json(VSCODE_TASKS),
        "README.md": README.format(title=title, branch=EXAMPLE_BRANCH),
    }
    for name, schema in sorted(schemas.items()):
        files[f"{EDITOR_SCHEMAS}/{name}"] = _json(schema)
    return files


def vscode_settings() -> dict:
    return {
        "yaml.schemas": {f"./{EDITOR_SCHEMAS}/{kind}.schema.json": globs for kind, globs in SCHEMA_FILES.items()},
        "yaml.validate": True,
        "yaml.hover": True,
        "yaml.completion": True,
        "yaml.format.enable": False,
        "files.encoding": "utf8",
        "files.autoGuessEncoding": False,
        "files.eol": "\n",
        "files.insertFinalNewline": True,
        "[yaml]": {"editor.insertSpaces": True, "editor.tabSize": 2, "editor.detectIndentation": False},
        "[markdown]": {"editor.insertSpaces": True, "editor.tabSize": 2},
        "search.exclude": {"site/**": True, ".zhibu-cache/**": True},
        "files.watcherExclude": {"site/**": True, ".zhibu-cache/**": True},
    }


def example_record(site: Site, today: dt.date, docs: SchemaDocs) -> Skeleton:
    """A filled-in 支委会 record of the example branch, dated today."""
    branch = site.branches[EXAMPLE_BRANCH]
    request = RecordRequest("支委会", today, title=docs.script("研究本月主题党日安排"))
    intro = docs.script("这是 zhibu init 生成的示例记录，可以参照它填写，用不着时删去。")
    skeleton = record_skeleton(site, branch, request, docs, today=today, intro=intro)
    d = skeleton.data
    host, recorder = d["host"], d["recorder"]
    present = list(d["attendance"]["present"])
    d["summary"] = docs.script("支委会研究确定本月主题党日的主题、时间和分工。")
    d["speeches"] = [
        inline_map(speaker=host, text=docs.script("提出本月主题党日的主题和活动方案")),
        inline_map(speaker=recorder, text=docs.script("建议结合岗位实际开展交流研讨")),
    ]
    d["votes"] = [inline_map(item=docs.script("通过本月主题党日活动方案"), **{"for": len(present)},
                             against=0, abstain=0, method="举手")]
    d["resolutions"] = [inline_map(text=docs.script("活动方案报机关党委审定"), owner=recorder,
                                   due=today + dt.timedelta(days=2), status="进行中")]
    body = docs.script("会议研究了本月主题党日的主题、时间、地点和分工，决定报机关党委审定后提前 5 天公示。\n")
    return Skeleton(skeleton.rel, d, body)


# -- YAML files -----------------------------------------------------------------------------------

def _config(title: str, org: str, docs: SchemaDocs) -> str:
    d = CommentedMap()
    d["title"] = title
    d["org"] = org
    d["base_url"] = "https://dangwu.example.org/"
    d["language"] = "zh-Hans"
    d["rules"] = "national"
    d.yaml_set_start_comment(docs.script("站点配置：zhibu check、zhibu build 在本文件所在的目录读取它。"))
    for key in d:
        note(d, key, docs.field("config", key))
    trailer = "\n".join([docs.field("config", "today"), "today: 2024-12-31",
                         docs.field("config", "pdf_font"), "pdf_font: fonts/NotoSerifCJK-Regular.ttc"])
    return document_text(d, trailer=trailer)


def _org(org: str, docs: SchemaDocs) -> str:
    d = CommentedMap()
    d["name"] = org
    d.yaml_set_start_comment(docs.script("上级党组织（机关党委、工委）的基本情况，公开显示。"))
    note(d, "name", docs.field("org", "name"))
    lines = []
    for key, example in (("short_name", "市直机关工委"), ("address", ORG_ADDRESS),
                         ("contact", "组织科 0771-5550000"), ("website", "https://www.example.gov.cn/")):
        lines += [docs.field("org", key), f"{key}: {docs.script(example)}"]
    return document_text(d, trailer="\n".join(lines))


ROSTER = (
    # name, status, joined, leader
    ("张伟", "正式", "2001-07-01", True),
    ("李娜", "正式", "2005-07-01", False),
    ("王强", "正式", "2008-07-01", False),
    ("陈静", "正式", "2012-06-20", False),
    ("刘洋", "预备", "2024-03-01", False),
)


def _branch(org: str, today: dt.date, docs: SchemaDocs) -> str:
    names = [docs.script(n) for n, *_ in ROSTER]
    d = CommentedMap()
    d["name"] = docs.script("示例第一党支部")
    d["type"] = "机关"
    d["parent"] = org
    d["secretary"] = names[0]
    d["committee"] = inline(names[:3])
    d["elected"] = _a_year_before(today)
    d["fixed_day"] = 15
    d["groups"] = [inline_map(name=docs.script("第一党小组"), leader=names[2], members=inline(names[2:]))]
    members = []
    for (name, status, joined, leader), shown in zip(ROSTER, names):
        m = inline_map(name=shown, status=status, joined=dt.date.fromisoformat(joined))
        if leader:
            m["leader"] = True
        members.append(m)
    d["members"] = members
    d.yaml_set_start_comment("\n".join([
        docs.script("示例支部：zhibu init 生成，可以改成真实的支部，或参照它新建（zhibu new branch --branch 支部代号）。"),
        docs.script("文件夹名 shili-1 就是支部代号，用在网址和 --branch 中：只用小写英文字母、数字和连字符。")]))
    for key in d:
        if key != "members":
            note(d, key, docs.field("branch", key))
    note(d, "members", docs.field("branch", "members") + "\n" + docs.script(
        "每人一项，还可写 since（转入日期）、left（转出日期）、leader（党员领导干部）、exempt（免于计入到会率的原因）。"))
    return document_text(d)


def _a_year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


# -- the other files ------------------------------------------------------------------------------

GITIGNORE = """\
# zhibu 生成的网站、内部台账和案例汇编：每次 zhibu build 重新生成，不放进 git
site/
# 生成过程中的临时文件夹（含内部台账；生成被强行中断时可能留下，下次生成时自动清理）
.site-staging-*/
.site-old-*/
# zhibu 的缓存
.zhibu-cache/
# zhibu report 导出的统计表（含党员姓名等内部信息）
zhibu-report.*
# 系统和编辑器产生的文件
.DS_Store
Thumbs.db
~$*
"""

EDITORCONFIG = """\
# 各种编辑器通用的设置：UTF-8、LF 换行、YAML 和 Markdown 用两个空格缩进（不要用 Tab）
root = true

[*]
charset = utf-8
end_of_line = lf
insert_final_newline = true
trim_trailing_whitespace = true

[*.{yaml,yml,md}]
indent_style = space
indent_size = 2

[*.md]
trim_trailing_whitespace = false
"""

PRE_COMMIT_CONFIG = """\
# 提交前自动检查（pre-commit）。第一次使用时在项目目录运行：
#   pip install pre-commit
#   pre-commit install
# 之后每次 git commit 都会运行 zhibu check，检查这次提交的内容文件（同时读取整个项目，
# 跨文件的引用照常检查）；有数据错误时提交会被拦下，按提示改正后再提交。
# 要让合规提示（warning）也拦下提交，在 entry 后加 --strict：entry: zhibu check --strict
repos:
  # 使用本机已经安装的 zhibu（就是运行 zhibu new、zhibu check 的那一个，不需要联网）。
  - repo: local
    hooks:
      - id: zhibu-check
        name: zhibu check（检查党务内容文件）
        entry: zhibu check
        language: system
        files: ^(content/|zhibu\\.yaml$)
        types_or: [yaml, markdown]
        pass_filenames: true
        require_serial: true
  # 也可以改用 zhibu 仓库提供的同名钩子，由 pre-commit 自行安装 zhibu：
  # - repo: <zhibu 仓库地址>
  #   rev: <版本标签>
  #   hooks:
  #     - id: zhibu-check
"""

CI_WORKFLOW = """\
# 持续集成示例（GitHub Actions）：每次推送都检查内容并生成网站；main 分支上把 site/public/ 发布为网站。
# 其他平台（GitLab CI、Gitee Go、Jenkins……）照同样的步骤写：
#   安装 zhibu → zhibu check → zhibu build → 发布 site/public/
# 注意：site/archive/（内部台账）含党员花名册、缺席原因等内部信息，只能放在内网，切勿公开发布。
name: 党务公开网站

on:
  push:
  pull_request:
  workflow_dispatch:

permissions:
  contents: read

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - name: 安装中文字体（生成案例汇编 PDF 需要）
        run: sudo apt-get update && sudo apt-get install -y fonts-noto-cjk
      - name: 安装 zhibu
        # 写上所用 zhibu 的来源和版本，例如 pip install "zhibu==0.1.0"
        run: pip install zhibu
      - name: 检查（有数据错误时在这一步停止）
        run: zhibu check --format github
      - name: 生成网站、内部台账和案例汇编
        run: zhibu build
      - name: 上传公开网站
        uses: actions/upload-pages-artifact@v3
        with:
          path: site/public
      - name: 保存内部台账和案例汇编（仅供有权限的人下载，用于内网）
        uses: actions/upload-artifact@v4
        with:
          name: archive
          path: |
            site/archive
            site/casebook
          retention-days: 30

  deploy:
    # 只有 main 分支上的推送才发布；需在仓库设置的 Pages 中选择 GitHub Actions 作为来源。
    if: github.ref == 'refs/heads/main' && github.event_name != 'pull_request'
    needs: build
    runs-on: ubuntu-latest
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""

_PROBLEMS = {
    "owner": "zhibu",
    "fileLocation": ["relative", "${workspaceFolder}"],
    "pattern": {
        "regexp": r"^(.+?):(\d+):(\d+): (error|warning)\[([^\]]+)\] (.*)$",
        "file": 1, "line": 2, "column": 3, "severity": 4, "code": 5, "message": 6,
    },
}
VSCODE_TASKS = {
    "version": "2.0.0",
    "tasks": [
        {"label": "zhibu check：检查全部内容", "type": "shell", "command": "zhibu check",
         "group": {"kind": "build", "isDefault": True}, "problemMatcher": _PROBLEMS},
        {"label": "zhibu check：检查当前文件", "type": "shell", "command": "zhibu check \"${relativeFile}\"",
         "problemMatcher": _PROBLEMS},
        {"label": "zhibu build：生成网站", "type": "shell", "command": "zhibu build", "problemMatcher": _PROBLEMS},
        {"label": "zhibu serve：边写边预览", "type": "shell", "command": "zhibu serve", "isBackground": True,
         "problemMatcher": []},
    ],
}

README = """\
# {title}

用 zhibu 管理的党务公开站点：活动记录、年度计划、党务公开事项和案例都是 `content/` 中的
YAML / Markdown 文件，`zhibu check` 按组织生活制度逐项检查，`zhibu build` 生成网站。

## 日常工作

```bash
zhibu new 主题党日 --branch {branch}          # 新建一次主题党日的记录（已预填名单、九个步骤和说明）
zhibu new 支委会 --branch {branch} --date 2024-07-03
zhibu new plan --branch {branch} --year 2025  # 年度计划；还有 notice（公示）、case（案例）、dues（党费）
zhibu check                                   # 检查：文件:行:列: 级别[规则] 说明
zhibu build                                   # 生成 site/public（公开网站）、site/archive（内部台账）
```

- **数据错误**（error）：文件写错了，必须改正，网站才会生成；
- **合规提示**（warning）：程序没有走完（如到会率不足、缺少步骤），网站照常生成。

## 编辑器

用 VS Code 打开本目录，按提示安装推荐的 YAML 扩展（Red Hat）。之后编辑 `zhibu.yaml`、`branch.yaml`、
年度计划等 YAML 文件时，鼠标悬停可看到每个字段的中文说明，输入时有补全，写错会划红线。
`.md` 文件开头的字段由 `zhibu check` 检查：按 Ctrl+Shift+B（Mac 上 ⇧⌘B）运行，问题会列在“问题”面板中，
点击即可跳到出错的位置。

## 提交前检查

```bash
pip install pre-commit
pre-commit install
```

之后每次 `git commit` 都会检查这次提交的文件，有数据错误时提交会被拦下。

## 发布

`.github/workflows/site.yml` 是持续集成的示例：检查、生成，并把 `site/public/` 发布为网站。
`site/archive/`（内部台账）含内部信息，只能放在内网。
"""
