"""Pre-compressed ``.gz`` and ``.br`` copies of every text file of the built site.

A web server with ``gzip_static``/``brotli_static`` (``deploy/nginx.conf``) then sends a phone
the smallest copy it accepts without compressing anything per request, and at the strongest
settings, which no server affords on the fly. Each copy is made once per content: it is kept
in the store under the hash of the file it compresses, and a rebuild links (or copies) the kept
copy into the new site. So an unchanged file's copies keep their bytes and their time, and the
file itself is given that time too: the server's ``ETag`` and ``Last-Modified`` stay the same
from one build to the next, and a phone revalidating an unchanged page gets a ``304``.

Copies are byte-identical between builds: gzip with no file name and time 0, Brotli is
deterministic. Files already compressed (Pagefind's index, its WebAssembly, images, PDFs,
``sitemap.xml.gz``) get none. Neither does a file under :data:`MIN_SIZE` bytes, nor one whose
copy would not be smaller: the server then sends the file itself.
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import os
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import brotli

from careguide.store import Store, write_atomic

TEXT_SUFFIXES = frozenset(
    {".html", ".css", ".js", ".mjs", ".json", ".ics", ".xml", ".svg", ".txt", ".webmanifest"}
)
"""Files worth compressing. Pagefind's ``.pf_*`` files and its ``wasm.*.pagefind`` are gzip
already (its script inflates them itself), and so are PNG and PDF."""
MIN_SIZE = 256
"""Below this a copy saves a few dozen bytes of a response whose headers alone are larger, and
the file fits one network packet either way."""
SHARED_FOLDERS = ("assets/", "pagefind/")
"""Theme and search files: the same for every page and changed only by an upgrade, so they get
Brotli's slowest, smallest setting (about 0.4 MB/s); pages and data, thousands at province
scale, get quality 6 (about 16 MB/s, 9% smaller than gzip -9)."""
ENCODINGS = (".gz", ".br")
BATCH = 64
"""Files handed to each worker thread at a time."""


def precompress(site_dir: Path, store: Store) -> int:
    """Give every text file of ``site_dir`` its copies; return how many files have them.

    Copies left in ``store`` by earlier builds and not used by this one are deleted, so the
    store holds one pair per file of the last build.
    """
    kept = store.path("compressed")
    kept.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    count = 0
    workers = os.cpu_count() or 1
    with ThreadPoolExecutor(max_workers=workers) as pool:
        # A batch at a time: a province's 200,000 paths and their futures held at once would
        # be the build's peak of memory.
        files = _text_files(site_dir)
        while batch := list(itertools.islice(files, BATCH * workers)):
            for key in pool.map(lambda path: _copies(path, site_dir, kept), batch):
                if key:
                    used.add(key)
                    count += 1
    _forget_unused(kept, used)
    return count


def _text_files(site_dir: Path) -> Iterator[Path]:
    """The text files of ``site_dir``, folder by folder, as they are found."""
    for folder, _, names in os.walk(site_dir):
        for name in names:
            path = Path(folder, name)
            if path.suffix in TEXT_SUFFIXES and path.is_file() and not path.is_symlink():
                yield path


def _copies(path: Path, site_dir: Path, kept: Path) -> str | None:
    """Put the copies of ``path`` beside it; the store key they are kept under, if any."""
    data = path.read_bytes()
    if len(data) < MIN_SIZE:
        return None
    key = hashlib.sha256(data).hexdigest()
    shared = path.relative_to(site_dir).as_posix().startswith(SHARED_FOLDERS)
    copies = [kept / f"{key}{encoding}" for encoding in ENCODINGS]
    if not all(copy.is_file() for copy in copies) and not _keep(copies, data, shared):
        return None
    targets = [path.with_name(path.name + copy.suffix) for copy in copies]
    try:
        stamps = [_place(copy, target) for copy, target in zip(copies, targets, strict=True)]
    except FileNotFoundError:  # pruned meanwhile by a build of another site folder
        _keep(copies, data, shared)
        stamps = [_place(copy, target) for copy, target in zip(copies, targets, strict=True)]
    first = min(stamps)
    os.utime(path, ns=(first, first))
    return key


def _keep(copies: list[Path], data: bytes, shared: bool) -> bool:
    """Compress ``data`` into the store; False (nothing kept) when a copy would not be smaller."""
    made = (
        gzip.compress(data, compresslevel=9, mtime=0),
        brotli.compress(data, quality=11 if shared else 6),
    )
    if any(len(compressed) >= len(data) for compressed in made):
        return False
    for copy, compressed in zip(copies, made, strict=True):
        write_atomic(copy, compressed)
    return True


def _place(copy: Path, target: Path) -> int:
    """``target`` holding the kept ``copy``: a hard link, or a copy with its time (returned)."""
    target.unlink(missing_ok=True)
    try:
        os.link(copy, target)
    except OSError:  # another file system (a web root elsewhere), or no hard links there
        shutil.copy2(copy, target)
    stamp = copy.stat().st_mtime_ns
    os.utime(target, ns=(stamp, stamp))
    return stamp


def _forget_unused(kept: Path, used: set[str]) -> None:
    for entry in kept.iterdir():
        if entry.name.split(".", 1)[0] not in used:
            entry.unlink(missing_ok=True)
