"""A local server as a preview, test or bench reaches it: a free port, and a page awaited."""

from __future__ import annotations

import socket
import time
import urllib.request


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def page_when(
    address: str, text: str, *, present: bool = True, timeout: float = 180, every: float = 0.2
) -> tuple[bool, str]:
    """Fetch ``address`` until its page holds ``text`` (or, not ``present``, no longer does):
    whether it did within ``timeout`` seconds, and the last page fetched."""
    deadline = time.monotonic() + timeout
    page = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(address, timeout=min(timeout, 120)) as response:
                page = str(response.read().decode("utf-8"))
        except OSError:
            page = ""
        if page and (text in page) == present:
            return True, page
        time.sleep(every)
    return False, page


def said(text: str, present: bool) -> str:
    """``showed 'x'`` or ``lost 'x'``, for the message of a page that never did."""
    return f"{'showed' if present else 'lost'} {text!r}"
