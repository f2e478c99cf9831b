"""The printed books: what a reader finds in the PDFs made from the small test site."""

from __future__ import annotations

import dataclasses
import io
import re
from typing import Any

import pytest
from pypdf import PdfReader

from careguide.content.books import Chapter
from careguide.content.catalog import Book, Catalog, load_catalog
from careguide.outputs import pdf
from careguide.outputs.pdf import MissingFontError, PdfError, book_pdf, find_cjk_font
from careguide.templating import URGENCY
from helpers import MINI, PINNED

BOOK_IDS = ["handbook", "hygiene"]
DISCLAIMER = "本手册介绍一般的养育照护知识，不能代替医生的诊断和治疗。"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(MINI / "content", now=PINNED)


@pytest.fixture(scope="module")
def printed(catalog: Catalog) -> dict[str, bytes]:
    """Each book of the small site as PDF bytes, made once for the whole module."""
    return {book.id: book_pdf(catalog, book) for book in catalog.books}


def read(data: bytes) -> list[str]:
    """The extracted text of each page, with line breaks removed (Chinese wraps anywhere)."""
    reader = PdfReader(io.BytesIO(data))
    return [page.extract_text().replace("\n", "") for page in reader.pages]


def contents_pages(pages: list[str]) -> list[int]:
    """Indexes of the contents pages: those whose running header names 目录."""
    return [index for index, text in enumerate(pages) if index > 0 and "目录第" in text]


@pytest.mark.parametrize("book_id", BOOK_IDS)
def test_book_has_a_cover_contents_and_chapters(
    catalog: Catalog, printed: dict[str, bytes], book_id: str
) -> None:
    book = catalog.book(book_id)
    pages = read(printed[book_id])
    assert len(pages) >= 3
    cover = pages[0]
    assert book.info.title in cover
    assert catalog.site.publisher in cover
    assert f"适用对象{book.info.audience}" in cover.replace(" ", "")
    edition = book.info.edition
    assert f"{edition.year}年{edition.month}月{edition.day}日" in cover
    assert "目录" in pages[1]


@pytest.mark.parametrize("book_id", BOOK_IDS)
def test_contents_give_the_page_each_chapter_starts_on(
    catalog: Catalog, printed: dict[str, bytes], book_id: str
) -> None:
    pages = read(printed[book_id])
    contents = "".join(pages[index] for index in contents_pages(pages))
    for chapter in catalog.book(book_id).chapters:
        listed = re.search(re.escape(chapter.title) + r"[ .]*?(\d+)", contents)
        assert listed is not None, f"{chapter.title} missing from the contents"
        start = pages[int(listed.group(1)) - 1]
        assert start.startswith(chapter.title + chapter.summary)


@pytest.mark.parametrize("book_id", BOOK_IDS)
def test_every_page_after_the_cover_has_its_number_in_the_footer(
    printed: dict[str, bytes], book_id: str
) -> None:
    pages = read(printed[book_id])
    for number, text in enumerate(pages[1:], start=2):
        assert f"第 {number} 页 / 共 {len(pages)} 页" in text
    assert "页 / 共" not in pages[0]


@pytest.mark.parametrize("book_id", BOOK_IDS)
def test_sections_show_sources_and_review_date(
    catalog: Catalog, printed: dict[str, bytes], book_id: str
) -> None:
    text = "".join(read(printed[book_id]))
    for _chapter, section in catalog.book(book_id).sections():
        assert section.title in text
        assert f"审核日期：{section.reviewed.isoformat()}" in text
        for source_id in section.sources:
            assert f"《{catalog.sources[source_id].title}》" in text


def test_handbook_shows_urgency_tiers_key_points_tables_and_checklists(
    printed: dict[str, bytes],
) -> None:
    text = "".join(read(printed["handbook"]))
    for level, symptom in [
        ("call-120", "抽搐不止"),
        ("emergency", "3 月龄以下的宝宝发热"),
        ("same-day", "发热超过 3 天"),
        ("within-2-weeks", "一个月里反复发热三次以上"),
        ("watch-home", "精神好、吃奶正常"),
    ]:
        _kind, label, lead = URGENCY[level]
        assert f"{label}{lead}{symptom}" in text  # the level's words, then its symptoms
    assert "怎么做脱掉多余的衣服过一会儿再量体温" in text
    assert "抽搐时怎么做让孩子侧躺不要往嘴里塞东西" in text
    assert "要点0–3 月龄每天共睡 14–17 小时。" in text
    assert "年龄每天睡眠总时长0–3月龄14–17小时" in text.replace(" ", "")
    assert "睡前检查仰卧睡床面平整、较硬床上没有枕头和毛绒玩具" in text
    assert "24 小时总睡眠" in text  # Markdown bold, as text


def test_only_the_handbook_carries_the_health_disclaimer(printed: dict[str, bytes]) -> None:
    handbook = read(printed["handbook"])
    assert DISCLAIMER in handbook[0]
    assert all(DISCLAIMER in page for page in handbook if "宝宝每天需要睡多久" in page)
    assert DISCLAIMER not in "".join(read(printed["hygiene"]))


@pytest.mark.parametrize("book_id", BOOK_IDS)
def test_every_font_is_embedded(printed: dict[str, bytes], book_id: str) -> None:
    reader = PdfReader(io.BytesIO(printed[book_id]))
    fonts = [
        font.get_object()
        for page in reader.pages
        for font in page["/Resources"].get("/Font", {}).values()
    ]
    assert fonts
    for font in fonts:
        if "/DescendantFonts" in font:  # a composite (CID) font: the glyphs are in its child
            font = font["/DescendantFonts"][0].get_object()
        descriptor = font["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font["/BaseFont"]


def test_metadata_come_from_the_content_and_builds_are_identical(
    catalog: Catalog, printed: dict[str, bytes]
) -> None:
    book = catalog.book("handbook")
    metadata = PdfReader(io.BytesIO(printed["handbook"])).metadata
    assert metadata is not None
    assert metadata.title == book.info.title
    assert metadata.author == catalog.site.publisher
    assert metadata["/CreationDate"] == "D:" + book.info.edition.strftime("%Y%m%d")
    assert book_pdf(catalog, book) == printed["handbook"]


def extra_chapter(catalog: Catalog, text: str, **section: Any) -> Book:
    """The test handbook with one more chapter whose single section holds ``text``."""
    chapter = Chapter.model_validate(
        {
            "id": "links",
            "title": "链接测试",
            "summary": "测试用。",
            "sections": [
                {
                    "id": "only",
                    "title": "唯一一节",
                    "reviewed": "2026-11-20",
                    "sources": ["nhc-2022-care-guide"],
                    "blocks": [{"text": text}],
                    **section,
                }
            ],
        }
    )
    handbook = catalog.book("handbook")
    return dataclasses.replace(handbook, chapters=(*handbook.chapters, chapter))


def test_links_between_chapters_give_the_page_and_raw_html_stays_text(catalog: Catalog) -> None:
    text = (
        "见[安全睡眠](sleep.md#safe-sleep)和[发热](fever.md)，"
        "另见[卫生手册](../hygiene/hand-hygiene.md)和[本节](#only)。<b>不是粗体</b>"
    )
    pages = read(book_pdf(catalog, extra_chapter(catalog, text)))
    body = pages[-1]
    assert "见安全睡眠（第 3 页）和发热（第 4 页）" in body
    assert f"另见卫生手册和本节（第 {len(pages)} 页）。" in body  # the section on the last page
    assert "<b>不是粗体</b>" in body


def test_external_images_are_refused_without_fetching(catalog: Catalog) -> None:
    """Content refuses such an image (careguide.content.markup); the printer refuses it too."""
    book = extra_chapter(catalog, "图")
    chapter = book.chapters[-1]
    section = chapter.sections[0]
    block = section.blocks[0].model_copy(update={"text": "![图](https://example.invalid/x.png)"})
    section = section.model_copy(update={"blocks": (block,)})
    chapter = chapter.model_copy(update={"sections": (section,)})
    book = dataclasses.replace(book, chapters=(*book.chapters[:-1], chapter))
    with pytest.raises(PdfError, match=re.escape("https://example.invalid/x.png")):
        book_pdf(catalog, book)


def test_the_cjk_font_is_found_through_fontconfig() -> None:
    assert find_cjk_font().is_file()


def test_a_missing_cjk_font_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    dejavu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf\nDejaVu Sans\naa|af|en|fr"
    monkeypatch.setattr(pdf, "_fontconfig_match", lambda pattern: dejavu)
    with pytest.raises(MissingFontError, match="sudo apt-get install fonts-noto-cjk") as caught:
        find_cjk_font()
    assert "DejaVu Sans" in str(caught.value)


def test_missing_fontconfig_says_what_to_install(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_fc_match(pattern: str) -> str:
        raise FileNotFoundError("fc-match")

    monkeypatch.setattr(pdf, "_fontconfig_match", no_fc_match)
    with pytest.raises(MissingFontError, match="fonts-noto-cjk"):
        book_pdf(catalog, catalog.book("hygiene"))
