"""A cache of expensive build outputs (PDFs), keyed by a hash of everything they depend on.

An unchanged book is not laid out again on the next build or on a `mkdocs serve` rebuild.
The cache lives in ``.cache/careguide/`` next to ``mkdocs.yml`` and can be deleted any time.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path


class OutputCache:
    def __init__(self, root: Path) -> None:
        self.root = root

    def get(self, kind: str, parts: list[str | bytes], make: Callable[[], bytes]) -> bytes:
        """The cached output for ``parts``, made (and stored) when missing."""
        digest = hashlib.sha256()
        for part in parts:
            data = part.encode("utf-8") if isinstance(part, str) else part
            digest.update(len(data).to_bytes(8, "big") + data)
        path = self.root / kind / digest.hexdigest()
        if path.is_file():
            return path.read_bytes()
        output = make()
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(output)
        temporary.replace(path)  # atomic: a crash never leaves half a file behind
        return output
