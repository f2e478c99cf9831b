"""Golden content errors: each bad input gives exactly the expected messages, all at once.

Each file in ``tests/golden/content_errors/`` holds cases of one kind. A case writes ``files``
over a copy of the small test site (``tests/fixtures/mini/content``) and expects exactly the
``expected`` lines, in order; ``expected: []`` means the content must load without error. A
file's value is its text (written as UTF-8), ``null`` to delete the file, or a mapping:

- ``text`` and ``encoding``: the text in another encoding (``gbk``, ``utf-16``, ``utf-8-sig``);
- ``bytes_hex``: raw bytes;
- ``repeat`` and ``times``: the text repeated, for very large or very deep files.
- ``symlink``: a symbolic link to the given path (which may not exist, or be the link itself).
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from careguide.content.catalog import load_catalog
from careguide.content.documents import MAX_FILE_BYTES
from careguide.errors import ContentError
from helpers import MINI, REPO, golden_cases, write_case

REPO_CONTENT = REPO / "content"


CASES = golden_cases("content_errors")


def test_the_corpus_has_at_least_a_hundred_and_eighty_bad_inputs() -> None:
    bad = [case for case in CASES if case.values[0]["expected"]]
    assert len(bad) >= 180


@pytest.mark.parametrize("case", CASES)
def test_bad_content_gives_the_expected_messages(case: dict, tmp_path: Path) -> None:
    shutil.copytree(MINI / "content", tmp_path / "content")
    write_case(tmp_path / "content", case["files"])

    if not case["expected"]:
        load_catalog(tmp_path / "content")
        return
    with pytest.raises(ContentError) as caught:
        load_catalog(tmp_path / "content")

    assert caught.value.lines() == case["expected"]


def test_the_small_site_has_no_errors(tmp_path: Path) -> None:
    catalog = load_catalog(MINI / "content")
    assert [centre.id for centre in catalog.centres] == ["shijiazhuang", "zhengding"]


def test_a_byte_order_mark_is_read_as_nothing(tmp_path: Path) -> None:
    shutil.copytree(MINI / "content", tmp_path / "content")
    centre = tmp_path / "content" / "centres" / "zhengding.yml"
    centre.write_bytes(b"\xef\xbb\xbf" + centre.read_bytes())

    catalog = load_catalog(tmp_path / "content")

    assert catalog.centres_by_id["zhengding"].name == "正定县婴幼儿养育照护指导中心"


def test_a_file_just_under_the_size_limit_still_loads(tmp_path: Path) -> None:
    shutil.copytree(MINI / "content", tmp_path / "content")
    centre = tmp_path / "content" / "centres" / "zhengding.yml"
    text = centre.read_bytes()
    padding = b"# " + b"x" * 1000 + b"\n"
    centre.write_bytes(text + padding * ((MAX_FILE_BYTES - len(text)) // len(padding)))
    assert centre.stat().st_size <= MAX_FILE_BYTES

    load_catalog(tmp_path / "content")


def test_a_folder_named_like_a_content_file_is_reported(tmp_path: Path) -> None:
    shutil.copytree(MINI / "content", tmp_path / "content")
    (tmp_path / "content" / "centres" / "old.yml").mkdir()

    with pytest.raises(ContentError) as caught:
        load_catalog(tmp_path / "content")

    assert caught.value.lines() == [
        "content/centres/old.yml:1:1: 这是一个文件夹，不是内容文件"
        " — 文件夹的名字不要以 .yml 结尾：请改名，或把它移出 content/"
    ]


def _mutations(text: str, rng: random.Random) -> list[str]:
    """Truncations and small random edits of a real content file."""
    pieces = [" ", "\t", ":", "- ", "[", "]", "{", "}", '"', "'", "&a", "*a", "!", "\n", "#", "|"]
    variants = [text[: rng.randrange(len(text) + 1)] for _ in range(6)]
    for _ in range(14):
        chars = list(text)
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(chars) + 1)
            choice = rng.random()
            if choice < 0.4:
                chars.insert(at, rng.choice(pieces))
            elif choice < 0.7 and at < len(chars):
                del chars[at]
            elif at < len(chars):
                chars[at] = rng.choice(pieces)
        variants.append("".join(chars))
    lines = text.splitlines(keepends=True)
    for _ in range(4):
        copy = lines[:]
        if len(copy) > 1:
            index = rng.randrange(len(copy))
            copy.insert(rng.randrange(len(copy)), copy.pop(index))
        variants.append("".join(copy))
    return variants


@pytest.mark.parametrize(
    "name",
    [
        "site.yml",
        "centres/shijiazhuang.yml",
        "classes/2026-12.yml",
        "handbook/book.yml",
        "handbook/common-illness.yml",
        "hygiene/hand-hygiene.yml",
        "sources/core.yml",
    ],
)
def test_damaged_files_give_content_errors_never_a_crash(name: str, tmp_path: Path) -> None:
    """Random truncations and edits of real files: either they load, or a ContentError says
    where each problem is. Any other exception would reach the editor as a traceback."""
    rng = random.Random(name)
    original = (REPO_CONTENT / name).read_text(encoding="utf-8")
    for number, variant in enumerate(_mutations(original, rng)):
        content = tmp_path / str(number) / "content"
        shutil.copytree(MINI / "content", content)
        target = content / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(variant, encoding="utf-8")
        try:
            load_catalog(content)
        except ContentError as error:
            for line in error.lines():
                assert line.startswith("content/"), line
                location, _, rest = line.partition(": ")
                assert location.count(":") == 2, line
                assert " — " in rest, line


def test_greek_symbols_and_chinese_spaces_in_text_are_not_refused(tmp_path: Path) -> None:
    """Only Greek letters that look like Latin ones are look-alikes: μg, β-胡萝卜素 are symbols;
    a full-width space inside Chinese text is typography, not indentation."""
    shutil.copytree(MINI / "content", tmp_path / "content")
    centre = tmp_path / "content" / "centres" / "zhengding.yml"
    centre.write_text(
        centre.read_text(encoding="utf-8")
        + "note: |\n  　　每天补充维生素 D 10 μg，β-胡萝卜素来自蔬菜。\n  提示: 多喝水\n",
        encoding="utf-8",
    )

    catalog = load_catalog(tmp_path / "content")

    assert "10 μg" in (catalog.centres_by_id["zhengding"].note or "")
