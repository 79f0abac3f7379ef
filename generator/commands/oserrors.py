"""Operating-system errors in Chinese: the path and the cause, never Python's English strerror.

    os_error_text(exc, "out/x.csv", "写入")   ->  "无法写入 out/x.csv：找不到文件夹 out"
    os_cause(exc)                             ->  "没有权限"

The cause is chosen by errno (the same numbers on Windows, where a file another program holds
open is told apart by its winerror); an errno without a Chinese text is named by its symbol.
"""
from __future__ import annotations

import errno
import os
from contextlib import contextmanager
from pathlib import Path

from ..diagnostics import UsageError

_CAUSES = {
    "EACCES": "没有权限",
    "EPERM": "没有权限",
    "ENOSPC": "磁盘已满",
    "EDQUOT": "超出了磁盘配额",
    "ENAMETOOLONG": "文件名太长",
    "EROFS": "磁盘或文件夹是只读的",
    "EEXIST": "已经存在同名的文件或文件夹",
    "EISDIR": "这是一个文件夹，不是文件",
    "ENOTDIR": "路径中有一部分是文件，不是文件夹",
    "ENOTEMPTY": "文件夹不是空的",
    "EBUSY": "文件正被占用",
    "ETXTBSY": "文件正被占用",
    "EMFILE": "同时打开的文件太多",
    "ENFILE": "同时打开的文件太多",
    "EIO": "读写磁盘时出错",
    "EINVAL": "文件名无效（可能含有不允许的字符）",
    "ELOOP": "符号链接形成了循环",
    "EXDEV": "不能跨磁盘移动",
    "EPIPE": "输出管道已关闭",
    "EADDRINUSE": "端口已被占用",
    "EADDRNOTAVAIL": "这个地址在本机上不可用",
}
CAUSES: dict[int, str] = {getattr(errno, name): text for name, text in _CAUSES.items() if hasattr(errno, name)}
# Windows: a file open in another program (Excel holding the report, say) is errno EACCES.
_SHARING_VIOLATION = {32, 33}


def os_cause(exc: OSError, path: str | os.PathLike | None = None) -> str:
    """Why ``exc`` happened, in Chinese; with ``path`` a missing folder on the way is named."""
    if getattr(exc, "winerror", None) in _SHARING_VIOLATION:
        return "文件正被其他程序打开（例如 Excel），请先关闭它"
    if exc.errno == errno.ENOENT:
        missing = _missing_folder(path if path is not None else exc.filename)
        return f"找不到文件夹 {missing}" if missing else "找不到文件或文件夹"
    if exc.errno in CAUSES:
        return CAUSES[exc.errno]
    if exc.errno:
        return f"操作系统报告错误 {errno.errorcode.get(exc.errno, exc.errno)}"
    return "操作系统报告错误"


def os_error_text(exc: OSError, path: str | os.PathLike | None = None, doing: str = "访问") -> str:
    """“无法{doing} {path}：{cause}” — ``path`` as the user wrote it (default: the path in ``exc``)."""
    where = path if path is not None else exc.filename
    if where is None:
        return f"操作系统报告错误：{os_cause(exc)}"
    return f"无法{doing} {os.fspath(where)}：{os_cause(exc, where)}"


@contextmanager
def chinese_os_errors(path: str | os.PathLike, doing: str):
    """An OSError inside becomes a UsageError with :func:`os_error_text`.

    Also one that a helper already turned into a UsageError carrying the English strerror
    (scaffold.writer.write_new does, for any OSError but FileExistsError and NotADirectoryError,
    which it words in Chinese itself): the OSError is still its ``__context__``.
    """
    try:
        yield
    except OSError as exc:
        raise UsageError(os_error_text(exc, path, doing)) from None
    except UsageError as exc:
        cause = exc.__context__
        if isinstance(cause, OSError) and not isinstance(cause, (FileExistsError, NotADirectoryError)) \
                and cause.strerror and cause.strerror in str(exc):
            raise UsageError(os_error_text(cause, path, doing)) from None
        raise


def _missing_folder(path) -> str | None:
    """The outermost folder on the way to ``path`` that does not exist, written as ``path`` is."""
    if path is None:
        return None
    try:
        target = Path(os.fspath(path))
        for folder in reversed(target.parents):
            if str(folder) not in ("", ".") and not folder.exists():
                return str(folder)
    except (OSError, ValueError, TypeError):
        return None
    return None
