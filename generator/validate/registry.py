"""Load the packaged JSON Schemas, lay the project's schemas over them, build validators."""
from __future__ import annotations

import copy
import hashlib
import json
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

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


class Validators:
    """One Draft-07 validator per content kind, sharing a registry for relative $refs."""

    def __init__(self, schemas: dict[str, dict]):
        self.schemas = schemas
        registry = Registry().with_resources(
            (name, Resource.from_contents(schema, default_specification=DRAFT7)) for name, schema in schemas.items())
        self._by_kind = {}
        for kind in KINDS:
            schema = schemas.get(f"{kind}.schema.json")
            if schema is not None:
                self._by_kind[kind] = Draft7Validator(
                    schema, registry=registry, format_checker=Draft7Validator.FORMAT_CHECKER)

    def get(self, kind: str) -> Draft7Validator | None:
        return self._by_kind.get(kind)


@lru_cache(maxsize=4)
def validators_for(project_schemas: str | None) -> Validators:
    return Validators(load_schemas(Path(project_schemas) if project_schemas else None))
