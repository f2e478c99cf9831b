"""One build of a site at a time: a lock on a file beside ``site/``, held for the whole build.

Two builds at once (the daily cron build and an editor's ``make site``) would write one staging
folder and swap each other's half-written site in. The lock is ``flock(2)`` on ``.site.lock``
next to ``site/``: the kernel releases it when its holder ends, however it ends (a crash, a
``kill -9``, a power cut), so there is never a stale lock to remove by hand. It lives beside
``site/`` because it guards that folder and the ones renamed next to it, and not in ``.cache/``,
which may be deleted at any time. The file keeps the holder's process id, so a build that has to
wait can say which process it waits for.
"""

from __future__ import annotations

import fcntl
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from careguide.errors import BusyError, StoreError, unwritable

POLL_SECONDS = 0.1
PID_WIDTH = 10
"""Process ids are written padded to this width, so each write replaces the whole id."""
HOLDER_TRIES = 10


@contextmanager
def build_lock(path: Path, wait: float) -> Iterator[None]:
    """Hold the lock at ``path``, waiting up to ``wait`` seconds for another build to end.

    Raises :class:`BusyError` when the other build still runs after ``wait`` seconds.
    """
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as error:
        raise StoreError(unwritable(path, error, "（生成时要在 site/ 旁边建立锁文件）")) from None
    try:
        if not _try_lock(descriptor):
            holder = _holder(descriptor)
            print(
                f"另一个生成（{holder}）正在进行，等它结束后再生成（最多等 {wait:g} 秒）……",
                file=sys.stderr,
                flush=True,
            )
            deadline = time.monotonic() + wait
            while not _try_lock(descriptor):
                if time.monotonic() >= deadline:
                    raise BusyError(
                        f"另一个生成（{_holder(descriptor)}）已进行超过 {wait:g} 秒，"
                        "本次没有生成 — 请等它结束后重新运行 make site，"
                        "或用 careguide build --wait 秒数 等得更久"
                    )
                time.sleep(POLL_SECONDS)
        _note_holder(descriptor)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def _try_lock(descriptor: int) -> bool:
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _holder(descriptor: int) -> str:
    """Who holds the lock, as the lock file tells: ``进程 1234``.

    The holder writes its id just after it took the lock, so for a moment the file may still
    name the previous holder, who has ended: a name is believed only once its process is alive.
    """
    for _ in range(HOLDER_TRIES):
        try:
            pid = os.pread(descriptor, PID_WIDTH + 1, 0).decode("ascii", "replace").strip()
        except OSError:
            break
        if pid.isdigit() and _alive(int(pid)):
            return f"进程 {pid}"
        time.sleep(POLL_SECONDS / 2)
    return "另一个进程"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, another user's
    return True


def _note_holder(descriptor: int) -> None:
    """Write this process's id into the lock file in one write, so a reader never sees half of
    it (a full disk only costs the waiter the id)."""
    try:
        os.pwrite(descriptor, f"{os.getpid():<{PID_WIDTH}}\n".encode("ascii"), 0)
        os.ftruncate(descriptor, PID_WIDTH + 1)
    except OSError:
        pass
