"""Chinese comments for scaffolded files, taken from the schemas' `title` and `description`.

The schemas already explain every field to the editor's hover; the comments in a
new file say the same words, so the two never disagree:

    docs = SchemaDocs(load_schemas(project.schemas))
    docs.field("record", "attendance", "present")   → "出席：到会党员的姓名，须是本支部党员。例：…"
"""
from __future__ import annotations

import re
from functools import lru_cache

# "（seed 001 §六）", "（3.5 小时，seed 001 §二）": the sources are named in the schema's hover
# text; in a comment above a field they are noise for the person filling it in.
_SEED = re.compile(r"(?:依据 ?)?seed \d{3}(?: §[^\s，。；：）)]*)?[：:]?\s*")
_PAREN = re.compile(r"（([^（）]*)）")
_STEP_LEAD = re.compile(r"^步骤[①②③④⑤⑥⑦⑧⑨]：")


def _strip_parenthetical(m: re.Match) -> str:
    inner = m.group(1)
    if "seed" not in inner:
        return m.group(0)
    parts = [_SEED.sub("", p).strip() for p in re.split(r"[，；]", inner)]
    parts = [p for p in parts if p]
    return f"（{'，'.join(parts)}）" if parts else ""


def clean(text: str) -> str:
    text = _STEP_LEAD.sub("", text.strip())
    text = _PAREN.sub(_strip_parenthetical, text)
    text = re.sub(r"按 ?seed \d{3}(?: §\S+)? ?的", "按规定的", text)
    text = _SEED.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


class SchemaDocs:
    """Look up the title and description of a field by its path in a kind's schema."""

    def __init__(self, schemas: dict[str, dict], *, traditional: bool = False):
        self.schemas = schemas
        self.traditional = traditional

    # -- public ------------------------------------------------------------------------------------

    def field(self, kind: str, *path) -> str:
        """"标题：说明" for the field at `path`, or "" when the schema does not describe it."""
        title, description = self.lookup(kind, *path)
        if title and description:
            description = clean(description)
            first, dot, rest = description.partition("。")
            if dot and rest and first.strip() == re.sub(r"^[①②③④⑤⑥⑦⑧⑨]\s*", "", title):
                description = rest.strip()
            text = f"{title}：{description}"
        else:
            text = clean(title or description or "")
        return self.script(text)

    def title(self, kind: str, *path) -> str:
        return self.script(self.lookup(kind, *path)[0] or "")

    def script(self, text: str) -> str:
        """The text in the project's script (zh-Hant projects get Traditional comments)."""
        return _s2t(text) if self.traditional and text else text

    def lookup(self, kind: str, *path) -> tuple[str | None, str | None]:
        name = f"{kind}.schema.json"
        schema = self.schemas.get(name)
        if schema is None:
            return None, None
        here = [(name, schema)]
        for key in path:
            here = self._child(here, str(key))
            if not here:
                return None, None
        title = next((n["title"] for _, n in self._expand(here) if isinstance(n.get("title"), str)), None)
        desc = next((n["description"] for _, n in self._expand(here) if isinstance(n.get("description"), str)), None)
        return title, desc

    # -- walking the schema ------------------------------------------------------------------------

    def _resolve(self, current: str, ref: str):
        file, _, pointer = ref.partition("#")
        file = file or current
        node = self.schemas.get(file)
        for part in [p for p in pointer.split("/") if p]:
            if not isinstance(node, dict):
                return file, None
            node = node.get(part.replace("~1", "/").replace("~0", "~"))
        return file, node

    def _expand(self, nodes):
        """Each node, then what its $ref and allOf members stand for, in that order (depth first)."""
        out, stack, seen = [], list(reversed(nodes)), set()
        while stack:
            file, node = stack.pop()
            if not isinstance(node, dict) or id(node) in seen:
                continue
            seen.add(id(node))
            out.append((file, node))
            more = []
            if isinstance(node.get("$ref"), str):
                more.append(self._resolve(file, node["$ref"]))
            for sub in node.get("allOf") or ():
                more.append((file, sub))
            stack.extend(reversed(more))
        return out

    def _child(self, nodes, key: str):
        expanded = self._expand(nodes)
        for file, node in expanded:
            props = node.get("properties")
            if isinstance(props, dict) and key in props:
                return [(file, props[key])]
        for file, node in expanded:
            extra = node.get("additionalProperties")
            if isinstance(extra, dict):
                return [(file, extra)]
            items = node.get("items")
            if key.isdigit() and isinstance(items, dict):
                return [(file, items)]
        return []


@lru_cache(maxsize=2048)
def _s2t(text: str) -> str:
    import opencc
    return opencc.OpenCC("s2t").convert(text)
