"""Import WeasyPrint without a process per library name it tries.

WeasyPrint (up to at least 70) tries several names for each of the seven
libraries it loads (``libgobject-2.0-0``, ``gobject-2.0-0``, ``gobject-2.0``,
``libgobject-2.0.so.0``, ...). On Linux, for every name the dynamic loader
does not take as it is, ``ctypes.util.find_library`` runs ``ldconfig -p``,
and for a name it does not find there ``gcc`` and ``ld`` as well: about 80
processes and a third to a half of a second, every time zhibu makes a book.

``load_weasyprint()`` imports WeasyPrint while ``find_library`` answers from
one reading of the linker cache, as its own first step does. A name missing
there counts as not found and WeasyPrint goes on to its next name, the last
of which is the library's file name, which the dynamic loader finds by
itself. Should the import fail that way, it is made again with
``find_library`` as it is.
"""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
import threading
from typing import Callable

_LOCK = threading.Lock()
_LDCONFIG = "/sbin/ldconfig"
# ctypes.util's names for the ABI of this interpreter in ldconfig's listing.
_ABI_TYPES = {
    "x86_64-64": "libc6,x86-64",
    "ppc64-64": "libc6,64bit",
    "sparc64-64": "libc6,64bit",
    "s390x-64": "libc6,64bit",
    "ia64-64": "libc6,IA-64",
}


def load_weasyprint() -> None:
    """Import ``weasyprint`` and ``weasyprint.pdf`` (a no-op once they are)."""
    if "weasyprint.pdf" in sys.modules:
        return
    with _LOCK:
        if "weasyprint.pdf" in sys.modules:
            return
        lookup = linker_cache_lookup()
        if lookup is not None:
            import ctypes.util

            original = ctypes.util.find_library
            ctypes.util.find_library = lookup
            try:
                _import()
                return
            except (ImportError, OSError):
                pass  # tried again below, the usual way
            finally:
                ctypes.util.find_library = original
        _import()


def _import() -> None:
    import weasyprint  # noqa: F401
    import weasyprint.pdf  # noqa: F401


def linker_cache_lookup() -> Callable[[str], str | None] | None:
    """``find_library``'s first step, over one reading of ``ldconfig -p``.

    None where that step is not what ``find_library`` does (not Linux) or
    the cache cannot be read.
    """
    if not sys.platform.startswith("linux") or not os.path.exists(_LDCONFIG):
        return None
    try:
        listing = subprocess.run(
            [_LDCONFIG, "-p"], stdin=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            stdout=subprocess.PIPE, env={"LC_ALL": "C", "LANG": "C"}, timeout=30, check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    if not listing:
        return None
    machine = os.uname().machine + ("-32" if struct.calcsize("l") == 4 else "-64")
    abi_type = _ABI_TYPES.get(machine, "libc6")

    def find_library(name: str) -> str | None:
        pattern = os.fsencode(r"\s+(lib%s\.[^\s]+)\s+\(%s" % (re.escape(name), abi_type))
        found = re.search(pattern, listing)
        return os.fsdecode(found.group(1)) if found else None

    return find_library
