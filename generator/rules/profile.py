"""Rule profiles: YAML data naming which rules run and with which parameters.

    name: nanning-2018
    extends: national
    rules:
      theme-day/fixed-day: {day: 15}     # switch on and set parameters
      meetings/lecture: off              # switch off

Packaged profiles live in generator/profiles/; a project's `rules:` may name
one of them or a profile file of its own (a path relative to the project).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import UsageError
from ..load.decode import decode
from ..load.yamldoc import locate, parse

PACKAGED = Path(__file__).resolve().parent.parent / "profiles"
_OFF = {False, "off", "false", "no"}
_ON = {True, "on", "true", "yes"}


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    switches: dict   # rule id → bool
    params: dict     # rule id → {param: value}
    chain: tuple     # the profile names from the most basic to this one

    def enabled(self, rule_id: str, spec) -> bool:
        return self.switches.get(rule_id, spec.default_on)

    def params_for(self, rule_id: str, spec) -> dict:
        merged = dict(spec.params)
        merged.update(self.params.get(rule_id, {}))
        return merged

    def fingerprint(self) -> str:
        blob = json.dumps([self.switches, self.params], sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]


def packaged_names() -> list[str]:
    return sorted(p.stem for p in PACKAGED.glob("*.yaml"))


def load_profile(ref: str, root: Path, known_rules: dict) -> Profile:
    return _load(ref, root, known_rules, ())


def _resolve(ref: str, root: Path, base: Path | None) -> tuple[Path, str]:
    packaged = PACKAGED / f"{ref}.yaml"
    if packaged.is_file() and "/" not in ref and not ref.endswith((".yaml", ".yml")):
        return packaged, ref
    candidate = (base or root) / ref
    if candidate.is_file():
        return candidate, candidate.resolve().relative_to(root.resolve()).as_posix() \
            if root.resolve() in candidate.resolve().parents else str(ref)
    names = "、".join(packaged_names())
    raise UsageError(f"找不到规则配置“{ref}”：可用的内置配置有 {names}，或填写项目中的配置文件路径")


def _load(ref: str, root: Path, known: dict, seen: tuple) -> Profile:
    path, label = _resolve(ref, root, None)
    if label in seen:
        raise UsageError(f"规则配置的 extends 形成了循环：{' → '.join(seen + (label,))}")
    text, problem = decode(path.read_bytes())
    if problem:
        raise UsageError(f"{label}:{problem.line}:{problem.column}: {problem.message}")
    parsed = parse(text)
    if parsed.problems:
        p = parsed.problems[0]
        raise UsageError(f"{label}:{p.line}:{p.column}: {p.message}")
    data = parsed.data or {}
    if not isinstance(data, dict):
        raise UsageError(f"{label}:1:1: 规则配置应为映射（字段: 值）")
    for key in data:
        if key not in ("name", "title", "description", "extends", "rules"):
            line, col = locate(parsed.positions, (key,))
            raise UsageError(f"{label}:{line}:{col}: 规则配置中的未知字段“{key}”（可用：name、title、description、extends、rules）")
    base = _load(str(data["extends"]), root, known, seen + (label,)) if data.get("extends") else None
    switches = dict(base.switches) if base else {}
    params = {k: dict(v) for k, v in base.params.items()} if base else {}
    for rule_id, setting in (data.get("rules") or {}).items():
        line, col = locate(parsed.positions, ("rules", rule_id))
        if rule_id not in known:
            import difflib
            guess = difflib.get_close_matches(rule_id, list(known), n=1)
            tip = f"；是否应为“{guess[0]}”？" if guess else ""
            raise UsageError(f"{label}:{line}:{col}: 未知的规则“{rule_id}”{tip}")
        if not isinstance(setting, (dict, list)) and setting in _OFF:
            switches[rule_id] = False
        elif not isinstance(setting, (dict, list)) and setting in _ON:
            switches[rule_id] = True
        elif isinstance(setting, dict):
            switches[rule_id] = True
            for name, value in setting.items():
                if name not in known[rule_id].params:
                    allowed = "、".join(known[rule_id].params) or "（此规则没有参数）"
                    pl, pc = locate(parsed.positions, ("rules", rule_id, name))
                    raise UsageError(f"{label}:{pl}:{pc}: 规则“{rule_id}”没有参数“{name}”；可用参数：{allowed}")
                params.setdefault(rule_id, {})[name] = value
        else:
            raise UsageError(f"{label}:{line}:{col}: 规则“{rule_id}”的设置应为 on、off 或参数映射")
    return Profile(str(data.get("name") or Path(label).stem), switches, params,
                   (base.chain if base else ()) + (label,))
