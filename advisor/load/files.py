"""Files on disk: reading them safely, showing their paths, and writing atomically."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..errors import AdvisorError, Problem, SourceError

MAX_BYTES = 8 * 1024 * 1024


def display_path(path: Path, base: Path | None = None) -> str:
    """A path as users should see it: relative to `base` (or the cwd) when inside it."""
    try:
        full = path.resolve()
    except (RuntimeError, OSError):  # a symlink loop: show the link itself
        full = path.parent.resolve() / path.name
    for root in (base, Path.cwd()):
        if root is None:
            continue
        try:
            return str(full.relative_to(root.resolve()))
        except ValueError:
            continue
    return str(path)


def link_problem(path: Path) -> str:
    """Why a symlink cannot be followed ("" when `path` is no broken symlink): a loop of
    links, or a link to nothing."""
    if not path.is_symlink():
        return ""
    try:
        path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink loop: the link leads back to itself"
        if exc.errno == errno.ENOENT:
            return f"broken symlink: it points to '{os.readlink(path)}', which does not exist"
    return ""


def read_text(path: Path, shown: str) -> str:
    """Read a UTF-8 file, turning every OS or encoding failure into a located problem."""
    if broken := link_problem(path):
        raise SourceError([Problem(shown, 0, 0, broken, "point the link at a real file, "
                                                        "or remove it")])
    try:
        if path.is_dir():
            raise SourceError([Problem(shown, 0, 0, "is a folder, not a file")])
        if path.exists() and not path.is_file():
            # a pipe or a device: reading it could block or never end
            raise SourceError([Problem(shown, 0, 0, "is not a regular file (a pipe or a "
                                                    "device?)", "save it to a file first")])
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise SourceError([Problem(shown, 0, 0, f"file is too large ({size} bytes; "
                                                    f"the limit is {MAX_BYTES})")])
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceError([Problem(shown, 0, 0, "no such file")]) from None
    except PermissionError:
        raise SourceError([Problem(shown, 0, 0, "permission denied")]) from None
    except OSError as exc:
        raise SourceError([Problem(shown, 0, 0, f"cannot read: {exc.strerror}")]) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        # columns count characters, as everywhere else, not bytes
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        raise SourceError([Problem(shown, line, col,
                                   f"not valid UTF-8 (byte 0x{data[exc.start]:02x})",
                                   "save the file as UTF-8")]) from None
    return text.removeprefix("\ufeff")


def iter_yaml_files(root: Path) -> Iterator[Path]:
    """YAML files under `root`, in a stable order (callers must not depend on it)."""
    # a broken link or a loop is yielded too, so that reading it names the problem
    yield from sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml")
                      and (p.is_file() or link_problem(p)))


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write `text` (or bytes) to `path` so that a crash leaves either the old or the new
    file, whole."""
    # through a symlink, write the file it points to: replacing the link with a copy would
    # leave the real file stale
    path = Path(os.path.realpath(path)) if Path(path).is_symlink() else Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    for stale in directory.glob(f".{path.name}.*.tmp"):  # left by a killed earlier write
        with contextlib.suppress(OSError):
            stale.unlink()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise AdvisorError(f"cannot write {path}: {exc.strerror}") from None
    try:
        os.fchmod(fd, _mode_for(path))  # mkstemp makes 0600; a new file follows the umask
        if isinstance(text, bytes):
            with os.fdopen(fd, "wb") as binary:
                binary.write(text)
                binary.flush()
                os.fsync(binary.fileno())
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
        try:
            dir_fd = os.open(directory, os.O_RDONLY)
        except OSError:
            return
        try:
            os.fsync(dir_fd)
        except OSError:
            pass
        finally:
            os.close(dir_fd)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):  # a full disk, a quota: the old file is still whole
            raise AdvisorError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise


def _mode_for(path: Path) -> int:
    """The permission bits a report or session gets: those of the file it replaces, or what
    the user's umask gives a new file."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
