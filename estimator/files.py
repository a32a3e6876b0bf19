"""Reading input files and streams with a size limit, whatever they are.

A size from ``stat()`` says nothing for ``/dev/zero``, a FIFO, ``/proc`` or standard input, so
the limit is applied to what is read: at most ``limit + 1`` bytes, and more is an error.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from estimator.errors import InputError


def read_limited(stream: BinaryIO, limit: int, label: str) -> bytes:
    """At most ``limit`` bytes of ``stream``; an InputError when there are more."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"{label} is larger than {limit:,} bytes", "split it into smaller files")
    return data


def read_file(path: str, limit: int, kind: str) -> bytes:
    """The bytes of the file ``path`` (a ``kind``: 'claim file', 'text file'), bounded by ``limit``."""
    if not path.strip():
        raise InputError("an empty file name was given", "name a file, or - for standard input")
    p = Path(path).expanduser()
    try:
        with p.open("rb") as stream:
            return read_limited(stream, limit, path)
    except FileNotFoundError:
        raise InputError(f"file not found: {path}", "check the path") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a folder, not a {kind}", f"try {path}/*.yaml") from None
    except PermissionError:
        raise InputError(f"cannot read {path}: permission denied", "check the file's permissions") from None
    except OSError as exc:
        raise InputError(f"cannot read {path} ({exc.strerror or exc.__class__.__name__})", "check the path") from None


def decode(data: bytes, label: str, kind: str) -> str:
    """UTF-8 text (a byte-order mark is dropped); an InputError naming the line when it is not."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"{label}:{line}: the {kind} is not UTF-8 text (byte {exc.start + 1})",
            "save it as UTF-8, or convert it, e.g. with iconv -f latin1 -t utf-8",
        ) from None
