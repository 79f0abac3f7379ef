"""Chinese messages for JSON Schema errors: what is wrong with the field, and a hint."""
from __future__ import annotations

import calendar
import difflib
import re

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

_TYPE_NAMES = {"string": "文字", "integer": "整数", "number": "数字", "boolean": "true 或 false",
               "array": "列表（- 项目 或 [a, b]）", "object": "映射（字段: 值）", "null": "空值 null"}
_CN_DATE = re.compile(r"(\d{4})\s*[年/.\-]\s*(\d{1,2})\s*[月/.\-]\s*(\d{1,2})\s*日?\Z")
_ISO_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_LOOSE_TIME = re.compile(r"(\d{1,2})[:：](\d{1,2})\Z")


def describe(value) -> str:
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"数字 {value}"
    if isinstance(value, str):
        return f"文字“{value}”"
    if isinstance(value, list):
        return "列表"
    return "映射"


def field_title(schema: dict, name: str) -> str:
    prop = (schema.get("properties") or {}).get(name) or {}
    title = prop.get("title")
    return f"“{name}”（{title}）" if title else f"“{name}”"


def suggest(word: str, choices) -> str | None:
    match = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return match[0] if match else None


def date_hint(value) -> str | None:
    text = str(value).strip()
    if _ISO_SHAPE.match(text):
        return _impossible_date_hint(text)
    m = _CN_DATE.match(text)
    if m:
        y, mo, d = m.groups()
        return f"日期请写作 YYYY-MM-DD，例如 {int(y):04d}-{int(mo):02d}-{int(d):02d}"
    return "日期请写作 YYYY-MM-DD，例如 2024-06-14"


def _impossible_date_hint(text: str) -> str:
    year, month, day = (int(x) for x in text.split("-"))
    if not 1 <= month <= 12:
        return f"月份应在 01 到 12 之间，这里是 {month:02d}"
    last = calendar.monthrange(year, month)[1]
    return f"{year}年{month}月只有 {last} 天，这里是 {day} 日"


def time_hint(value) -> str:
    m = _LOOSE_TIME.match(str(value).strip())
    if m and int(m.group(1)) < 24 and int(m.group(2)) < 60:
        return f'时间请写作带引号的 "HH:MM"，例如 "{int(m.group(1)):02d}:{int(m.group(2)):02d}"'
    if m:
        return f'时间请写作带引号的 "HH:MM"（00:00 至 23:59），“{str(value).strip()}”不是一天中的时刻'
    return '时间请写作带引号的 "HH:MM"，例如 "08:30"'


def message_for(err: ValidationError, root_schema: dict | None = None) -> tuple[str, str | None]:
    kind = err.validator
    schema = err.schema if isinstance(err.schema, dict) else {}
    value = err.instance
    if kind == "required":
        name = required_name(err)
        if name not in (schema.get("properties") or {}) and not err.absolute_path and root_schema:
            schema = root_schema  # a requirement added by an if/then block: titles live at the top
        return f"缺少必填字段{field_title(schema, name)}", None
    if kind == "additionalProperties":
        unknown = unknown_fields(err)
        return unknown[0][1:3] if unknown else (f"不符合要求（{kind}）", None)
    if kind == "enum":
        options = [str(v) for v in err.validator_value]
        guess = suggest(value, options)
        hint = f"是否应为“{guess}”？" if guess else None
        return f"{describe(value)}不是允许的值；可选值：{'、'.join(options)}", hint
    if kind == "type":
        expected = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        names = "或".join(_TYPE_NAMES.get(t, t) for t in expected)
        return f"应为{names}，实际为{describe(value)}", None
    if kind == "format" and err.validator_value == "date":
        return f"日期“{value}”不存在或格式不对", date_hint(value)
    if kind == "pattern":
        return _pattern_message(schema, value)
    if kind in ("minimum", "exclusiveMinimum"):
        return f"应不小于 {err.validator_value}，实际为 {value}", None
    if kind in ("maximum", "exclusiveMaximum"):
        return f"应不大于 {err.validator_value}，实际为 {value}", None
    if kind == "minItems":
        return f"至少应有 {err.validator_value} 项，实际 {len(value)} 项", None
    if kind == "maxItems":
        return f"最多 {err.validator_value} 项，实际 {len(value)} 项", None
    if kind == "minLength":
        return "不能为空", None
    if kind == "propertyNames":
        return f"“{value}”不是允许的键", schema.get("description")
    if kind == "uniqueItems":
        return "列表中有重复的项", None
    return f"不符合要求（{kind}）", schema.get("description")


def required_name(err: ValidationError) -> str:
    """The field a `required` error names."""
    return err.message.split("'")[1] if "'" in err.message else str(err.validator_value)


def unknown_fields(err: ValidationError) -> list[tuple[str, str, str | None, str | None]]:
    """One (key, message, hint, nearest known field) per unknown key of an additionalProperties error, in file order."""
    schema = err.schema if isinstance(err.schema, dict) else {}
    known = list((schema.get("properties") or {}).keys())
    patterns = [re.compile(p) for p in (schema.get("patternProperties") or {})]
    out = []
    for key in err.instance:
        if key in known or any(p.search(str(key)) for p in patterns):
            continue
        guess = suggest(key, known)
        hint = f"是否应为{field_title(schema, guess)}？" if guess else ("可用的字段：" + "、".join(known) if known else None)
        out.append((key, f"未知字段“{key}”", hint, guess))
    return out


# Mappings whose keys are numbers from a fixed range, by field name: the message for a key outside it.
_KEY_MESSAGES = {
    "steps": "键“{key}”不是允许的步骤编号：步骤的键只能是 {span}（也可写 ① 到 ⑨）",
    "themes": "键“{key}”不是允许的月份：各月主题的键只能是月份 {span}",
}
_KEY_MESSAGE = "键“{key}”不是允许的键：这里的键只能是 {span}"


def is_key_error(err: ValidationError) -> bool:
    """Whether the error is about a key of a mapping (propertyNames), not a value."""
    return "propertyNames" in err.absolute_schema_path and isinstance(err.instance, str)


def bad_key(err: ValidationError, path: tuple) -> tuple[str, str | None]:
    """A key that the mapping at `path` does not allow (propertyNames)."""
    key = err.instance
    if err.validator != "enum":
        return ("键不能为空", None) if not key else (f"键“{key}”不符合要求", (err.schema or {}).get("description"))
    allowed = [str(v) for v in err.validator_value]
    template = _KEY_MESSAGES.get(path[-1] if path else None, _KEY_MESSAGE)
    hint = None
    if key.isdigit() and str(int(key)) in allowed:  # 01 for 1: the meaning is certain
        hint = f"请写作 {int(key)}"
    return template.format(key=key, span=_span(allowed)), hint


def _span(values: list[str]) -> str:
    """`1 到 12` for the numbers 1…n, else the values listed."""
    if values and values == [str(i) for i in range(1, len(values) + 1)]:
        return f"1 到 {len(values)}"
    return "、".join(values)


def _pattern_message(schema: dict, value) -> tuple[str, str | None]:
    if schema.get("format") == "date":
        return f"“{value}”不是 YYYY-MM-DD 格式的日期", date_hint(value)
    if "[0-5]" in schema.get("pattern", "") and ":" in schema.get("pattern", ""):
        return f"时间“{value}”格式不对", time_hint(value)
    if schema.get("pattern") == "^[a-z0-9-]+$":
        return f"“{value}”不是有效的支部编号（只能用小写英文字母、数字和连字符）", None
    return f"“{value}”格式不符合要求", schema.get("description")
