"""Load the packaged JSON Schemas, lay the project's schemas over them, build validators."""
from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
from functools import lru_cache
from pathlib import Path

import fastjsonschema

from ..diagnostics import UsageError
from ..resources import packaged_dir

KINDS = ("config", "org", "branch", "plan", "record", "dues", "awards", "notice", "case", "casebook")


def merge(base, extra):
    """Extend a packaged schema with a project's: mappings merge, lists unite, scalars override."""
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for key, value in extra.items():
            out[key] = merge(base[key], value) if key in base else copy.deepcopy(value)
        return out
    if isinstance(base, list) and isinstance(extra, list):
        return list(base) + [v for v in extra if v not in base]
    return copy.deepcopy(extra)


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path.name}: 无法读取模式文件：{exc}") from None
    except json.JSONDecodeError as exc:
        raise UsageError(f"schemas/{path.name}:{exc.lineno}:{exc.colno}: 模式文件不是合法的 JSON：{exc.msg}") from None


def load_schemas(project_schemas: Path | None) -> dict[str, dict]:
    """File name → schema, packaged ones extended by the project's files of the same name."""
    schemas: dict[str, dict] = {}
    for path in sorted(packaged_dir("schemas").glob("*.schema.json")):
        schemas[path.name] = _read_json(path)
    if project_schemas and project_schemas.is_dir():
        for path in sorted(project_schemas.glob("*.schema.json")):
            extra = _read_json(path)
            schemas[path.name] = merge(schemas[path.name], extra) if path.name in schemas else extra
    return schemas


def fingerprint(schemas: dict[str, dict]) -> str:
    blob = json.dumps(schemas, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(blob).hexdigest()[:16]


def inline_refs(node, schemas: dict[str, dict], current: str):
    """Replace every $ref by the schema it names, so a compiled validator needs no resolver."""
    if isinstance(node, list):
        return [inline_refs(v, schemas, current) for v in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str):
        name, _, pointer = ref.partition("#")
        name = name or current
        target = schemas[name]
        for part in [p for p in pointer.split("/") if p]:
            target = target[part.replace("~1", "/").replace("~0", "~")]
        return inline_refs(target, schemas, name)
    return {k: inline_refs(v, schemas, current) for k, v in node.items() if k != "definitions"}


# Keywords that only describe (editors show them on hover): the compiled validator does not need them,
# and they made up most of its generated code (the whole schema is repeated at every check).
ANNOTATIONS = frozenset({"title", "description", "markdownEnumDescriptions", "$comment", "x-public", "examples",
                         "$schema"})
_SCHEMA_MAPS = ("properties", "patternProperties", "dependencies", "definitions")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "items")
_SCHEMA_ONE = ("additionalProperties", "additionalItems", "items", "not", "if", "then", "else", "propertyNames",
               "contains")


def bare(schema):
    """The schema without annotations; what validates (enum and const values, defaults) is left as it is."""
    if not isinstance(schema, dict):
        return schema
    out = {}
    for key, value in schema.items():
        if key in ANNOTATIONS:
            continue
        if key in _SCHEMA_MAPS and isinstance(value, dict):
            value = {name: bare(sub) for name, sub in value.items()}
        elif key in _SCHEMA_LISTS and isinstance(value, list):
            value = [bare(sub) for sub in value]
        elif key in _SCHEMA_ONE:
            value = bare(value)
        out[key] = value
    return out


def _is_date(value) -> bool:
    if not isinstance(value, str) or len(value) != 10:
        return True  # the pattern keyword reports the shape; format only judges real dates
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


class Validators:
    """Per content kind: a compiled validator for the hot path, jsonschema for the messages.

    fastjsonschema turns each schema into Python code and answers "valid?" about
    twenty times faster than jsonschema; only a document it rejects is walked by
    jsonschema's Draft7Validator, whose errors carry the paths our messages need.
    jsonschema is imported and its validators made only then: a project without
    a data error never needs them (a tenth of a second at every start).
    """

    def __init__(self, schemas: dict[str, dict]):
        self.schemas = schemas
        self._fast = {}  # kind → compiled validator; None: fastjsonschema could not; False: no schema
        self._by_kind = None

    def compile_all(self) -> "Validators":
        """Compile every kind's validator now (before forking workers, so that they inherit them)."""
        for kind in KINDS:
            self._compiled(kind)
        return self

    def _compiled(self, kind: str):
        """The fast validator of a kind, compiled on first use: `zhibu.yaml` alone needs only its own."""
        if kind not in self._fast:
            schema = self.schemas.get(f"{kind}.schema.json") if kind in KINDS else None
            self._fast[kind] = False if schema is None else \
                _compile(bare(inline_refs(schema, self.schemas, f"{kind}.schema.json")))
        return self._fast[kind]

    def get(self, kind: str):
        """The Draft7Validator of a kind (None when there is no schema for it)."""
        if self._by_kind is None:
            self._by_kind = self._full_validators()
        return self._by_kind.get(kind)

    def _full_validators(self) -> dict:
        from jsonschema import Draft7Validator
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT7
        registry = Registry().with_resources(
            (name, Resource.from_contents(schema, default_specification=DRAFT7)) for name, schema in self.schemas.items())
        out = {}
        for kind in KINDS:
            schema = self.schemas.get(f"{kind}.schema.json")
            if schema is not None:
                out[kind] = Draft7Validator(schema, registry=registry, format_checker=Draft7Validator.FORMAT_CHECKER)
        return out

    def quick_valid(self, kind: str, data) -> bool:
        """Whether `data` is valid for its kind (True when there is no schema for the kind)."""
        fast = self._fast[kind] if kind in self._fast else self._compiled(kind)
        if fast is False:
            return True  # no schema for this kind
        if fast is None:
            return self.get(kind).is_valid(data)
        try:
            fast(data)
        except fastjsonschema.JsonSchemaException:
            return False
        return True


def _compile(schema: dict):
    try:
        return fastjsonschema.compile(schema, formats={"date": _is_date})
    except Exception:  # a project schema fastjsonschema cannot compile still validates, only slower
        return None


@lru_cache(maxsize=4)
def validators_for(project_schemas: str | None) -> Validators:
    return Validators(load_schemas(Path(project_schemas) if project_schemas else None))
