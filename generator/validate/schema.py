"""Validate one document's data against its kind's schema; errors become findings at the field.

Before validation the data is normalised the way a person means it: step keys
①–⑨ become "1"–"9", a Traditional-script enumerated value becomes the
Simplified one it equals (主題黨日 → 主题党日), and a number written where text
is expected (`place: 101`) is read as text.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..diagnostics import Finding, error
from ..load.yamldoc import locate
from ..model.vocabulary import simplify
from . import messages

if TYPE_CHECKING:  # jsonschema is imported only when a document is invalid
    from jsonschema import Draft7Validator
    from jsonschema.exceptions import ValidationError

CIRCLED = {chr(0x2460 + i): str(i + 1) for i in range(9)}  # ① … ⑨
ANNOUNCEMENT_FIELDS = {"type", "title", "date", "start", "place"}
_VALUE_KINDS = {"type", "enum", "pattern", "format", "minimum", "maximum"}
_PRIORITY = {"required": 0, "additionalProperties": 1, "type": 2, "enum": 3, "pattern": 4, "format": 5}


def validate(kind: str, data, index, rel: str, validators,
             *, pending: str | None = None, first_pos=(1, 1)) -> tuple[object, list[Finding]]:
    """Return (normalised data, schema findings). `validators` is a registry.Validators."""
    if not isinstance(data, dict):
        return data, [_not_a_mapping(data, rel, first_pos)]
    if kind == "record":
        _normalise_steps(data)
    if validators.quick_valid(kind, data):
        return data, []
    validator = validators.get(kind)
    errors = _errors(validator, data)
    if _repair(errors, data):
        errors = _errors(validator, data)
    if pending:
        errors = [e for e in errors if not _waits_for_date(e, pending)]
    chosen: dict[tuple, ValidationError] = {}
    for err in sorted(errors, key=lambda e: _PRIORITY.get(e.validator, 9)):
        path = _target_path(err)
        group = "value" if err.validator in _VALUE_KINDS else f"{err.validator}:{err.message}"
        chosen.setdefault((path, group), err)
    findings = []
    for (path, _), err in chosen.items():
        message, hint = messages.message_for(err, validator.schema)
        findings.append(error("schema", rel, locate(index, path, first_pos), message, hint))
    return data, sorted(set(findings))


def _target_path(err: ValidationError) -> tuple:
    """Where the finding points: the field itself; for an unknown field, that field's key."""
    path = tuple(err.absolute_path)
    if err.validator == "additionalProperties" and isinstance(err.instance, dict):
        known = set((err.schema.get("properties") or {}).keys())
        extras = [k for k in err.instance if k not in known]
        if extras:
            path = path + (extras[0],)
    return path


def _errors(validator: Draft7Validator, data) -> list[ValidationError]:
    out: list[ValidationError] = []
    for err in validator.iter_errors(data):
        out.extend(_leaves(err))
    return out


def _leaves(err: ValidationError) -> list[ValidationError]:
    if err.validator in ("anyOf", "oneOf") and err.context:
        from jsonschema.exceptions import best_match
        return _leaves(best_match(err.context))
    return [err]


def _repair(errors: list[ValidationError], data) -> bool:
    """Fix what a person obviously meant; True when anything changed."""
    changed = False
    for err in errors:
        path = list(err.absolute_path)
        if not path:
            continue
        if err.validator == "enum" and isinstance(err.instance, str):
            simplified = to_simplified(err.instance)
            if simplified != err.instance and simplified in err.validator_value:
                changed |= _set(data, err, simplified)
        elif err.validator == "type" and _expects(err, "string") and isinstance(err.instance, (int, float)) \
                and not isinstance(err.instance, bool) and not _is_date_or_time(err.schema):
            changed |= _set(data, err, str(err.instance))
    return changed


def _set(data, err: ValidationError, value) -> bool:
    node = data
    path = list(err.absolute_path)
    for key in path[:-1]:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return False
    node[path[-1]] = value
    return True


def _expects(err: ValidationError, type_name: str) -> bool:
    expected = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
    return type_name in expected


def _is_date_or_time(schema: dict) -> bool:
    return schema.get("format") == "date" or ":" in schema.get("pattern", "")


def _waits_for_date(err: ValidationError, pending: str) -> bool:
    """A required field that the record's date excuses for now (see load.document._pending)."""
    if err.validator != "required" or err.absolute_path:
        return False
    name = err.message.split("'")[1] if "'" in err.message else ""
    if pending == "announcement":
        return name not in ANNOUNCEMENT_FIELDS
    return pending == "report" and name == "reported"


def _normalise_steps(data: dict) -> None:
    steps = data.get("steps")
    if isinstance(steps, dict) and any(k in CIRCLED for k in steps):
        data["steps"] = {CIRCLED.get(k, k): v for k, v in steps.items()}


def _not_a_mapping(data, rel: str, pos) -> Finding:
    if data is None:
        return error("schema", rel, pos, "文件内容为空：应为若干“字段: 值”", "参考 zhibu new 生成的模板填写")
    return error("schema", rel, pos, f"文件顶层应为映射（字段: 值），实际为{messages.describe(data)}", None)


def to_simplified(text: str) -> str:
    return simplify(text)
