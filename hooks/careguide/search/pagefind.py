"""The index written by Pagefind (``pagefind --service``) from records already cut into words.

The built-in MkDocs/Material search ships the whole index to the browser (megabytes at province
scale); Pagefind splits its index into small chunks and a phone downloads only the chunks of the
words it looks for. Pagefind gets text whose words are already separated (see
:mod:`careguide.search.segmenter`) and is told not to cut it again. The build stops with a clear
error when Pagefind is missing, fails, or did not index every record as one pre-cut index.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from careguide.errors import SearchError

LANGUAGE = "und"
"""The language the records are indexed as. Not ``zh``: Pagefind would cut our words again,
with its own dictionary, at build time and in the browser (Intl.Segmenter)."""
INDEX_CHUNK = 5000
"""Word positions per chunk of Pagefind's index (its default is 20,000): a phone downloads the
chunk of each word of its question, so a quarter of the default cuts a province's first search
by about a fifth (20 KB chunks become 5–7 KB), for a page list a few hundred bytes longer.
Pagefind reads it from ``PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE``; ``test_search.py`` fails if a
new Pagefind no longer does."""
PAGEFIND_EXTRAS = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
    "pagefind-worker.js",
)
"""Pagefind's own interfaces, unused: careguide's search box talks to ``pagefind.js``."""


def write_pagefind(output: Path, payloads: Iterable[dict[str, Any]], count: int) -> None:
    """Index the ``count`` records with ``pagefind --service``; replace ``output`` by the bundle.

    Each payload has the ``url``, ``content`` and ``meta`` of a record (other keys are ignored).
    This speaks the protocol of Pagefind's own Python and Node APIs (base64 JSON messages, each
    ended by a comma) but sends every record at once: the Python API waits 0.1 s per answer, which
    is 80 minutes for a province's 50,000 class pages.
    """
    if output.exists():
        shutil.rmtree(output)
    process = subprocess.Popen(
        [str(_pagefind_executable()), "--service"],
        env={**os.environ, "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": str(INDEX_CHUNK)},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert process.stdin is not None and process.stdout is not None
    service = _Service(process.stdin, process.stdout)
    try:
        index_id = service.call({"type": "NewIndex", "config": {}})["index_id"]
        requests = (
            {
                "type": "AddRecord",
                "index_id": index_id,
                "url": payload["url"],
                "content": payload["content"],
                "language": LANGUAGE,
                "meta": payload["meta"],
            }
            for payload in payloads
        )
        service.call_many(requests, count)
        # The bundle comes back in the answer and is written here: WriteFiles answers before
        # the service has always finished writing, and closing its input can cut a file short.
        bundle = service.call({"type": "GetFiles", "index_id": index_id})["files"]
    finally:
        process.stdin.close()
        process.wait(timeout=60)
    for file in bundle:
        if file["path"] in PAGEFIND_EXTRAS:
            continue
        path = output / file["path"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(file["content"]))
    _check_output(output, count)


def _pagefind_executable() -> Path:
    try:
        from pagefind.service import get_executable
    except ImportError:
        raise SearchError(
            "careguide search: Pagefind is not installed — `pip install 'pagefind[bin]'`"
        ) from None
    executable = get_executable()
    if executable is None:
        raise SearchError(
            "careguide search: the Pagefind program is missing — `pip install 'pagefind[bin]'`"
        )
    return executable


class _Service:
    """Requests to, and answers from, a running ``pagefind --service``."""

    def __init__(self, stdin: IO[bytes], stdout: IO[bytes]) -> None:
        self._stdin = stdin
        self._stdout = stdout
        self._buffer = b""
        self._next_id = 0

    def _send(self, payload: dict[str, Any]) -> None:
        self._next_id += 1
        message = {"message_id": self._next_id, "payload": payload}
        self._stdin.write(base64.b64encode(json.dumps(message).encode("utf-8")) + b",")

    def _receive(self) -> dict[str, Any]:
        # The bundle comes as one message of tens of megabytes: gather its pieces, join once.
        pieces = [self._buffer]
        while b"," not in pieces[-1]:
            chunk = self._stdout.read1(1 << 16)  # type: ignore[attr-defined]
            if not chunk:
                raise SearchError("careguide search: Pagefind stopped unexpectedly")
            pieces.append(chunk)
        message, _, self._buffer = b"".join(pieces).partition(b",")
        del pieces
        payload: dict[str, Any] = json.loads(base64.b64decode(message))["payload"]
        if payload.get("type") == "Error":
            raise SearchError(f"careguide search: Pagefind failed — {payload.get('message')}")
        return payload

    def call(self, payload: dict[str, Any]) -> dict[str, Any]:
        self._send(payload)
        self._stdin.flush()
        return self._receive()

    def call_many(self, payloads: Iterable[dict[str, Any]], count: int) -> None:
        """Send from a thread while the answers are read here, so neither pipe fills up."""
        errors: list[BaseException] = []

        def send_all() -> None:
            try:
                for payload in payloads:
                    self._send(payload)
                self._stdin.flush()
            except BaseException as error:  # reported below, in the building thread
                errors.append(error)

        sender = threading.Thread(target=send_all, daemon=True)
        sender.start()
        try:
            for _ in range(count):
                self._receive()
        finally:
            sender.join()
        if errors:
            raise SearchError(f"careguide search: sending to Pagefind failed — {errors[0]}")


def _check_output(output: Path, count: int) -> None:
    """Pagefind indexed every record as pre-cut text, in one index."""
    entry_file = output / "pagefind-entry.json"
    if not entry_file.is_file():
        raise SearchError(f"careguide search: Pagefind wrote no index into {output}")
    languages = json.loads(entry_file.read_text(encoding="utf-8"))["languages"]
    if set(languages) != {LANGUAGE} or languages[LANGUAGE]["page_count"] != count:
        raise SearchError(
            f"careguide search: expected one index of {count} records in language {LANGUAGE!r}, "
            f"Pagefind wrote {languages}"
        )
