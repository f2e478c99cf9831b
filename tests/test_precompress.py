"""The ``.gz`` and ``.br`` copies a web server sends instead of the files (``gzip_static``).

A phone that accepts gzip or Brotli gets the copy: it must be the file, exactly; it must not
change between builds when the file did not (its bytes and its time, which the server turns into
``ETag`` and ``Last-Modified``: a revalidating phone then gets a ``304``), and the preview
(``mkdocs serve``) must not spend time making copies.
"""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import brotli
from mkdocs.commands.build import build
from mkdocs.config import load_config

from careguide.outputs.precompress import MIN_SIZE, TEXT_SUFFIXES
from helpers import PINNED, run_careguide

COMPRESSED_ALREADY = (".pf_fragment", ".pf_index", ".pf_meta", ".pagefind", ".png", ".pdf")


def _text_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.suffix in TEXT_SUFFIXES and p.is_file())


def test_every_text_file_has_copies_that_decompress_to_it(mini_site: Path) -> None:
    files = [path for path in _text_files(mini_site) if path.stat().st_size >= MIN_SIZE]
    kinds = {path.suffix for path in files}
    assert {".html", ".css", ".js", ".json", ".ics", ".xml"} <= kinds
    assert mini_site / "pagefind" / "pagefind.js" in files
    for path in files:
        data = path.read_bytes()
        packed = path.with_name(path.name + ".gz").read_bytes()
        assert gzip.decompress(packed) == data, path
        # No file name, time 0 (RFC 1952 header: FLG byte 3, MTIME bytes 4-7): reproducible.
        assert packed[3] & 0x08 == 0 and packed[4:8] == b"\0\0\0\0", path
        squeezed = path.with_name(path.name + ".br").read_bytes()
        assert brotli.decompress(squeezed) == data, path
        assert len(squeezed) < len(packed) < len(data), path


def test_small_and_already_compressed_files_have_no_copies(mini_site: Path) -> None:
    """A file under MIN_SIZE bytes costs less than its response's headers, and fits one packet
    either way: the server sends it as it is. Pagefind's index files, its WebAssembly, images
    and PDFs are compressed already."""
    small = [path for path in _text_files(mini_site) if path.stat().st_size < MIN_SIZE]
    assert small, "the small site should have a file under MIN_SIZE (pagefind-entry.json)"
    compressed = [p for p in mini_site.rglob("*") if p.suffix in COMPRESSED_ALREADY]
    assert {p.suffix for p in compressed} >= {".pf_fragment", ".pf_index", ".png", ".pdf"}
    for path in small + compressed:
        assert not path.with_name(path.name + ".gz").exists(), path
        assert not path.with_name(path.name + ".br").exists(), path


def _copies(site: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(path.relative_to(site)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(site.rglob("*"))
        if path.suffix in (".gz", ".br", ".html")
    }


def test_a_rebuild_keeps_the_bytes_and_times_of_what_did_not_change(built_mini: Path) -> None:
    """``careguide build`` builds a new folder each time: the unchanged files' copies (and the
    files' times) are the same as before; an edited centre's page gets new ones."""
    project = built_mini.parent
    env = {"SOURCE_DATE_EPOCH": str(int(PINNED.timestamp()))}
    assert run_careguide("build", cwd=project, env=env).returncode == 0
    before = _copies(built_mini)
    centre = project / "content" / "centres" / "zhengding.yml"
    centre.write_text(
        centre.read_text(encoding="utf-8").replace("示例地址", "改过的地址"), encoding="utf-8"
    )
    result = run_careguide("build", cwd=project, env=env)
    assert result.returncode == 0, result.stderr
    after = _copies(built_mini)
    assert before.keys() == after.keys()
    changed = {name for name in before if before[name] != after[name]}
    page = "centres/zhengding/index.html"
    assert {page, f"{page}.gz", f"{page}.br"} <= changed
    assert "改过的地址" in gzip.decompress(after[f"{page}.gz"][0]).decode("utf-8")
    unchanged = {"handbook/index.html", "classes/past-class/index.html", "about/index.html"}
    for name in unchanged:
        assert {name, f"{name}.gz", f"{name}.br"}.isdisjoint(changed), name
    # The store keeps one pair per file of the last build, not every version ever built.
    kept = project / ".cache" / "careguide" / "compressed"
    assert len(list(kept.iterdir())) == 2 * sum(1 for n in after if n.endswith(".gz"))


def test_a_copy_is_made_again_when_the_store_lost_it(built_mini: Path) -> None:
    """The store can be deleted at any time: the next build makes the same copies again."""
    project = built_mini.parent
    page = built_mini / "index.html.br"
    first = page.read_bytes()
    shutil.rmtree(project / ".cache" / "careguide" / "compressed")
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(built_mini), strict=True)
    build(config)
    assert page.read_bytes() == first


def test_the_preview_makes_no_copies(mini_project: Path) -> None:
    """``mkdocs serve`` builds for one person on this machine: compressing would only slow
    every save."""
    site = mini_project / "site"
    config = load_config(str(mini_project / "mkdocs.yml"), site_dir=str(site))
    try:
        config.plugins.on_startup(command="serve", dirty=False)
        build(config)
    finally:  # the hook module outlives this test's builds
        config.plugins.on_startup(command="build", dirty=False)
    assert (site / "index.html").is_file()
    assert not [p for p in site.rglob("*") if p.suffix == ".br"]
