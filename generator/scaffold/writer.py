"""Round-trip YAML out and back in (ruamel.yaml), and files created only where none exists.

    text = document_text(data, body)        front matter + body for a .md, plain YAML when body is None
    write_new(path, text)                   create the file; an existing one is never touched
    data, body = read_document(text)        back into a CommentedMap (comments and order kept)

Dates are written as plain `2024-06-14`, times as quoted `"08:30"` (`quoted`), nulls as
`null` (not an empty value), lists of names inline: `[张伟, 李娜]` (`inline`).
"""
from __future__ import annotations

import io
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from ..diagnostics import UsageError


def make_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 4096            # never fold a long Chinese line
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    yaml.preserve_quotes = True   # "08:30" stays quoted through a round trip (unquoted it reads as 510 in YAML 1.1)
    yaml.representer.ignore_aliases = lambda *_: True   # the same date twice is written twice, not as &id001
    yaml.representer.add_representer(
        type(None), lambda rep, _: rep.represent_scalar("tag:yaml.org,2002:null", "null"))
    return yaml


def quoted(text: str) -> DoubleQuotedScalarString:
    """A scalar written in double quotes, e.g. a time "08:30" (unquoted it would not be text)."""
    return DoubleQuotedScalarString(text)


def literal(text: str) -> LiteralScalarString:
    """A multi-line text written as a `|` block."""
    return LiteralScalarString(text if text.endswith("\n") else text + "\n")


def inline(values=(), ) -> CommentedSeq:
    seq = CommentedSeq(values)
    seq.fa.set_flow_style()
    return seq


def inline_map(pairs=None, **kw) -> CommentedMap:
    m = CommentedMap(pairs or ())
    m.update(kw)
    m.fa.set_flow_style()
    return m


def note(mapping: CommentedMap, key, text: str, indent: int = 0) -> None:
    """Comment lines above `key` (one `#` line per line of `text`)."""
    lines = [line for line in text.splitlines()]
    if lines:
        mapping.yaml_set_comment_before_after_key(key, before="\n".join(lines), indent=indent)


def yaml_text(data) -> str:
    out = io.StringIO()
    make_yaml().dump(data, out)
    return out.getvalue()


def comment_lines(text: str, indent: int = 0) -> str:
    return "".join(" " * indent + ("# " + line if line else "#") + "\n" for line in text.splitlines())


def document_text(data, body: str | None = None, *, trailer: str | None = None) -> str:
    """The whole file: YAML, or for a Markdown file front matter between `---` lines and the body.

    `trailer` becomes comment lines after the last field (for optional fields shown as examples).
    """
    text = yaml_text(data)
    if trailer:
        text += comment_lines(trailer)
    if body is None:
        return text
    if not body.endswith("\n"):
        body += "\n"
    return f"---\n{text}---\n{body}"


def write_new(path: Path, text: str, *, shown: str | None = None) -> None:
    """Create `path` with `text` (UTF-8, LF); refuse when anything exists there already."""
    shown = shown or path.as_posix()
    # A plan, dues ledger, awards file or casebook is one per year, a branch.yaml one per branch:
    # another name is no way out; the file to edit is the one there.
    single = path.name in ("branch.yaml", "casebook.yaml") or (path.suffix == ".yaml" and path.stem.isdigit())
    hint = "这类文件只有一份，请直接打开它修改" if single else "要新建另一份，请用 --title 或 --slug 换一个名称"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as f:
            f.write(text)
    except FileExistsError:
        raise UsageError(f"文件已存在，不会覆盖：{shown}（{hint}）") from None
    except NotADirectoryError:
        raise UsageError(f"无法新建 {shown}：路径中有同名的文件挡住了文件夹") from None
    except OSError as exc:
        raise UsageError(f"无法新建 {shown}：{exc.strerror or exc}") from None


def read_document(text: str):
    """(data, body) of a file written by `document_text`; body is None for a plain YAML file."""
    yaml = make_yaml()
    if text.startswith("---\n"):
        end = text.find("\n---\n", 3)
        if end < 0:
            raise ValueError("front matter is not closed")
        return yaml.load(text[4:end + 1]), text[end + 5:]
    return yaml.load(text), None
