"""Named points of a build where a test can stop it dead, as a power cut or ``kill -9`` would.

With ``CAREGUIDE_CRASH_AT=N`` in the environment the build ends at once (``os._exit``: nothing is
cleaned up, no file is closed properly) when it reaches its N-th checkpoint; with
``CAREGUIDE_CHECKPOINT_LOG=file`` it appends each checkpoint it reaches to ``file`` (its number,
the time, its name, tab-separated), so a test can count them and order two builds. Without
either variable a checkpoint costs two dictionary look-ups.
"""

from __future__ import annotations

import itertools
import os
import time

CRASH_STATUS = 137
"""The exit status of a process killed by SIGKILL, which is what a crash here stands for."""

_reached = itertools.count(1)


def checkpoint(name: str) -> None:
    """Mark a point of the build (``name`` says where, for the log)."""
    crash_at = os.environ.get("CAREGUIDE_CRASH_AT")
    log = os.environ.get("CAREGUIDE_CHECKPOINT_LOG")
    if not crash_at and not log:
        return
    number = next(_reached)
    if log:
        with open(log, "a", encoding="utf-8") as file:
            file.write(f"{number}\t{time.time():.6f}\t{name}\n")
    if crash_at == str(number):
        os._exit(CRASH_STATUS)
