"""Validate one document's data against its kind's schema; errors become findings at the field.

Before validation the data is normalised the way a person means it: step keys
①–⑨ become "1"–"9", a Traditional-script enumerated value becomes the
Simplified one it equals (主題黨日 → 主题党日), and a number written where text
is expected (`place: 101`) is read as text.
"""
from __future__ import annotations

from dataclasses import dataclass
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
    entries: list[_Entry] = []
    for err in sorted(errors, key=lambda e: _PRIORITY.get(e.validator, 9)):
        entries.extend(_entries(err, validator.schema))
    chosen: dict[tuple, _Entry] = {}
    for entry in _one_cause(entries):
        chosen.setdefault((entry.path, entry.group), entry)
    findings = [error("schema", rel, locate(index, e.path, first_pos), e.message, e.hint) for e in chosen.values()]
    return data, sorted(set(findings))


@dataclass(frozen=True, slots=True)
class _Entry:
    """One finding to be: where it points, what it says, and what it tells about its cause."""
    path: tuple               # the field (for an unknown field or a bad key: that key)
    group: str                # errors of one group at one path are reported once
    message: str
    hint: str | None
    missing: str | None = None  # a `required` error: the field it misses
    meant: str | None = None    # an unknown field: the known field it probably means


def _entries(err: ValidationError, root_schema: dict) -> list[_Entry]:
    path = tuple(err.absolute_path)
    if err.validator == "additionalProperties" and isinstance(err.instance, dict):
        return [_Entry(path + (key,), "unknown", message, hint, meant=guess)
                for key, message, hint, guess in messages.unknown_fields(err)]
    if messages.is_key_error(err):
        message, hint = messages.bad_key(err, path)
        return [_Entry(path + (err.instance,), "key", message, hint)]
    message, hint = messages.message_for(err, root_schema)
    if err.validator == "required":
        return [_Entry(path, f"required:{err.message}", message, hint, missing=messages.required_name(err))]
    group = "value" if err.validator in _VALUE_KINDS else f"{err.validator}:{err.message}"
    return [_Entry(path, group, message, hint)]


def _one_cause(entries: list[_Entry]) -> list[_Entry]:
    """Clarification 7: a misspelt field is one unknown field, not also a missing one; a bad key is not also unknown."""
    meant = {(e.path[:-1], e.meant) for e in entries if e.meant}
    bad_keys = {e.path for e in entries if e.group == "key"}
    return [e for e in entries
            if not (e.missing and (e.path, e.missing) in meant) and not (e.group == "unknown" and e.path in bad_keys)]


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
        if not path or messages.is_key_error(err):
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
    if pending == "announcement":  # a 主题党日 announces its steps ①–③ too (content-format.md)
        theme_day = isinstance(err.instance, dict) and to_simplified(str(err.instance.get("type", ""))) == "主题党日"
        return name not in ANNOUNCEMENT_FIELDS and not (theme_day and name == "steps")
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
