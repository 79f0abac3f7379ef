"""The skeleton of `content/awards/<year>.yaml` (评先选优) for `zhibu new awards --year Y`.

Before the staff decide, the file's opening comment lists what they need: how many
红旗支部 and 模范党员 may be named (seed 000, 活动方案 §四(三)), every branch that is
eligible that year, and every one that is not, with the reason and the 班子成员 who
therefore may not be 模范党员 either (seed 001 §七, seed 004 §二.9). The judgements
are model/eligibility.py's, the same the `awards/*` rules make on the finished file.
The lists are left empty, so the new file loads and checks clean.
"""
from __future__ import annotations

import datetime as dt

from ruamel.yaml.comments import CommentedMap

from ..model.eligibility import (MODEL_RULE, RED_FLAG_RULE, EligibilityParams, branch_eligibility, leadership,
                                 model_limit, red_flag_limit)
from ..model.entities import Site
from ..rules.records import is_theme_day
from .comments import SchemaDocs
from .records import Skeleton
from .writer import inline, note


def _rule_params(profile, rule_id: str) -> dict:
    if profile is None:
        return {}
    from ..rules.registry import RULES, load_rule_modules
    load_rule_modules()
    spec = RULES.get(rule_id)
    return profile.params_for(rule_id, spec) if spec is not None else {}


def eligibility_lines(site: Site, year: int, decided: dt.date, today: dt.date, profile,
                      script=lambda text: text) -> list[str]:
    """The comment lines on who may be honoured: the limits, the eligible branches, the others and why.
    `script` puts the explanations in the project's script; names of branches and members stay as written."""
    params = EligibilityParams.from_profile(profile)
    red = red_flag_limit(site, _rule_params(profile, RED_FLAG_RULE))
    model = model_limit(site, decided, _rule_params(profile, MODEL_RULE))
    lines = [script(f"名额：红旗支部最多 {red.limit} 个（{red.basis}），模范党员最多 {model.limit} 人"
             f"（{model.basis}，按 {decided.isoformat()} 的花名册）。")]
    judged = [branch_eligibility(site, b, year, today, params, on=decided) for b in sorted(site.branches)]
    eligible = [e for e in judged if e.eligible]
    others = [e for e in judged if not e.eligible]
    width = max((len(e.branch) for e in judged), default=0)
    basis = f"按 {today.isoformat()} 已有的主题党日测评和 {decided.isoformat()} 的换届情况"
    lines.append(script(f"具备评选资格的支部（{len(eligible)} 个，{basis}）：" if eligible
                        else f"没有具备评选资格的支部（{basis}）。"))
    lines += [f"  {e.branch.ljust(width)}  {e.name}" for e in eligible]
    if others:
        lines.append(script(f"不具备评选资格的支部（{len(others)} 个），其班子成员也不能评为模范党员："))
        for e in others:
            heads = "、".join(sorted(leadership(site.branches[e.branch]))) or "无"
            lines.append(f"  {e.branch.ljust(width)}  {e.name}：{script(e.reason_text)}（{script('班子成员')}：{heads}）")
    return lines


def awards_skeleton(site: Site, year: int, decided: dt.date, today: dt.date, profile, docs: SchemaDocs) -> Skeleton:
    d = CommentedMap()
    d["year"] = year
    d["decided"] = decided
    d["red_flag_branches"] = inline()
    d["model_members"] = inline()
    header = [docs.script(f"{year} 年度“创红旗支部 做模范党员”评选结果。# 后面是说明，可以保留，也可以删去。"),
              docs.script("决定日期不晚于今天时，表扬名单在公开网站公布；写好后运行 zhibu check 检查名额和评选资格。"),
              *eligibility_lines(site, year, decided, today, profile, docs.script)]
    d.yaml_set_start_comment("\n".join(header))
    note(d, "year", docs.field("awards", "year"))
    note(d, "decided", docs.field("awards", "decided"))
    note(d, "red_flag_branches", docs.field("awards", "red_flag_branches")
         + "\n" + docs.script("写法：red_flag_branches: [caizheng-1]"))
    note(d, "model_members", docs.field("awards", "model_members") + "\n" + docs.script("写法：")
         + "\nmodel_members:\n  - {branch: caizheng-1, name: 王强}")
    days = [r for r in site.records if r.date is not None and r.date.year == year and r.date <= today and is_theme_day(r)]
    example = f"{days[0].branch}/{days[0].stem}" if days else "caizheng-1/2024-06-14-重温入党誓词"
    trailer = "\n".join([docs.field("awards", "best_theme_days"), f"best_theme_days: [{example}]"])
    return Skeleton(f"content/awards/{year}.yaml", d, trailer=trailer)
