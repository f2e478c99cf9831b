"""Inside WeChat's browser, in real Chromium with a WeChat user agent: a tap on a PDF, calendar or
poster link shows how to open it in the system browser, copies its address and points to the
same content as a web page; every other browser follows the links as before. Also the share
metadata WeChat and other apps read, and the reader's own text size."""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, BrowserContext, Download, Page, expect

from browser import AXE, chromium, serve

WECHAT = (
    "Mozilla/5.0 (Linux; Android 13; V2148A Build/TP1A.220624.014; wv) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160117 "
    "MMWEBSDK/20231202 MicroMessenger/8.0.47.2560(0x28002F35) WeChat/arm64 Weixin "
    "NetType/WIFI Language/zh_CN ABI/arm64"
)
"""Android WeChat 8.0.47's in-app browser (XWeb)."""
CHROME = (
    "Mozilla/5.0 (Linux; Android 13; V2148A) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/116.0.0.0 Mobile Safari/537.36"
)
HOW = "点右上角 ··· 选择『在浏览器打开』"
NO_CLIPBOARD_API = """
window.realClipboard = navigator.clipboard;
Object.defineProperty(Navigator.prototype, "clipboard", {get: () => undefined});
"""
"""An old WebView without the Clipboard API (the copy falls back to a selected text field)."""
_GUIDE_TITLE = re.compile("^微信里")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def site(mini_site: Path) -> Iterator[str]:
    with serve(mini_site) as base:
        yield base


def _phone(browser: Browser, agent: str) -> BrowserContext:
    context = browser.new_context(user_agent=agent, viewport={"width": 412, "height": 860})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    return context


def _open_guide(tab: Page, link: str) -> tuple[str, list[Download]]:
    """Tap ``link`` (its text); the guide's text, and the downloads the tap started."""
    downloads: list[Download] = []
    tab.on("download", lambda download: downloads.append(download))
    before = tab.url
    tab.get_by_role("link", name=link).first.click()
    guide = tab.get_by_role("dialog", name=_GUIDE_TITLE)
    guide.wait_for()
    tab.wait_for_timeout(300)
    assert tab.url == before  # the tap did not leave the page
    return guide.inner_text(), downloads


def test_in_wechat_a_pdf_link_shows_the_guide_and_copies_the_file_address(
    browser: Browser, site: str
) -> None:
    context = _phone(browser, WECHAT)
    tab = context.new_page()
    tab.goto(site + "handbook/fever/")
    text, downloads = _open_guide(tab, "下载 PDF 手册")
    assert downloads == []
    assert "微信里打不开 PDF 文件" in text and HOW in text and "再点一次“下载 PDF 手册”" in text
    assert tab.get_by_text("已复制").count() == 0
    tab.get_by_role("button", name="复制地址").click()
    expect(tab.locator("#cg-wechat [role=status]")).to_have_text("已复制")
    assert tab.evaluate("navigator.clipboard.readText()") == site + "downloads/handbook.pdf"
    tab.add_script_tag(path=str(AXE))
    result = tab.evaluate("axe.run('#cg-wechat', {resultTypes: ['violations']})")
    assert [violation["id"] for violation in result["violations"]] == []
    close = tab.get_by_role("button", name="关闭").bounding_box()
    assert close is not None and min(close["width"], close["height"]) >= 44  # MIIT: ≥ 44 × 44
    # the same book as web pages: its contents, which link every chapter
    tab.get_by_role("link", name="网页版").click()
    tab.wait_for_url(site + "handbook/")
    chapters = tab.locator("article a[href='fever/'], article a[href='sleep/']")
    assert chapters.count() == 2
    context.close()


def test_in_wechat_a_calendar_link_shows_the_guide_and_copies_without_the_clipboard_api(
    browser: Browser, site: str
) -> None:
    context = _phone(browser, WECHAT)
    tab = context.new_page()
    tab.add_init_script(NO_CLIPBOARD_API)
    tab.goto(site + "centres/zhengding/")
    assert tab.evaluate("navigator.clipboard") is None
    text, downloads = _open_guide(tab, "订阅本中心课程日历")
    assert downloads == []
    assert "微信里不能把日历加到手机上" in text and HOW in text and "添加订阅日历" in text
    tab.get_by_role("button", name="复制地址").click()
    expect(tab.locator("#cg-wechat [role=status]")).to_have_text("已复制")
    copied = tab.evaluate("window.realClipboard.readText()")
    assert copied == site + "calendar/zhengding.ics"
    assert tab.locator("#cg-wechat input").input_value() == copied  # shown, to copy by hand
    # the classes of that calendar, on the centre's page; the close button closes the guide
    assert tab.get_by_role("link", name="网页上的课程和日期").get_attribute("href") == "#classes"
    tab.get_by_role("button", name="关闭").click()
    assert tab.get_by_role("dialog", name=_GUIDE_TITLE).count() == 0
    # a class page: its centre's calendar points to the centre's classes
    tab.goto(site + "classes/")
    tab.locator(".cg-class-title a").first.click()
    _open_guide(tab, "课程日历")
    alt = tab.get_by_role("link", name="网页上的课程和日期").get_attribute("href")
    assert alt is not None and "/centres/" in urljoin(tab.url, alt)
    # the vaccination calendars by birth month point to the handbook's schedule
    tab.goto(site + "calendar/born/")
    month = tab.locator(".cg-born-months a[href$='.ics']").first
    month_text = month.inner_text()
    text, downloads = _open_guide(tab, month_text)
    assert downloads == [] and f"再点一次“{month_text}”" in text
    alt = tab.get_by_role("link", name="网页上的课程和日期").get_attribute("href")
    assert alt is not None and urljoin(tab.url, alt).startswith(site + "handbook/")
    context.close()


def test_in_wechat_a_poster_link_shows_the_guide_and_the_poster_page(
    browser: Browser, site: str
) -> None:
    context = _phone(browser, WECHAT)
    tab = context.new_page()
    tab.goto(site + "centres/zhengding/")
    text, _ = _open_guide(tab, "打印 A4 海报")
    assert "微信里不能打印海报" in text and HOW in text
    tab.get_by_role("link", name="先在这里看看海报").click()
    tab.wait_for_url(site + "centres/zhengding/poster/")
    context.close()


def test_other_browsers_download_and_open_the_links_as_before(browser: Browser, site: str) -> None:
    context = _phone(browser, CHROME)
    tab = context.new_page()
    tab.goto(site + "handbook/fever/")
    with tab.expect_download() as pdf:
        tab.get_by_role("link", name="下载 PDF 手册").click()
    assert pdf.value.url == site + "downloads/handbook.pdf"
    tab.goto(site + "centres/zhengding/")
    with tab.expect_download() as calendar:
        tab.get_by_role("link", name="订阅本中心课程日历").click()
    assert calendar.value.url == site + "calendar/zhengding.ics"
    assert tab.get_by_role("dialog", name=_GUIDE_TITLE).count() == 0
    tab.get_by_role("link", name="打印 A4 海报").click()
    tab.wait_for_url(site + "centres/zhengding/poster/")
    context.close()


def _meta(soup: BeautifulSoup, key: str) -> str | None:
    tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"itemprop": key})
    tag = tag or soup.find("meta", attrs={"name": key})
    return None if tag is None else str(tag["content"])


def test_every_page_carries_share_metadata_with_its_own_description(mini_site: Path) -> None:
    site_url = "http://127.0.0.1:8000/"  # the test sites' address (tests/synthetic.py)
    image = site_url + "assets/images/careguide-share.png"
    pages = sorted(mini_site.rglob("index.html"))
    assert len(pages) > 20
    for path in pages:
        soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        if soup.find("meta", attrs={"http-equiv": "refresh"}):
            continue  # a redirect left at a former id
        where = path.relative_to(mini_site).as_posix()
        address = site_url + where.removesuffix("index.html")
        title = soup.title.get_text() if soup.title else ""
        assert _meta(soup, "og:title") and title.startswith(_meta(soup, "og:title") or "?"), where
        assert _meta(soup, "name") == _meta(soup, "og:title"), where
        assert _meta(soup, "og:url") == address, where
        assert _meta(soup, "og:image") == image and _meta(soup, "image") == image, where
        assert _meta(soup, "og:type") in ("website", "article"), where
        description = _meta(soup, "description")
        assert description and _meta(soup, "og:description") == description, where
    home = BeautifulSoup((mini_site / "index.html").read_text("utf-8"), "html.parser")
    chapter = BeautifulSoup(
        (mini_site / "handbook/fever/index.html").read_text("utf-8"), "html.parser"
    )
    centre = BeautifulSoup(
        (mini_site / "centres/zhengding/index.html").read_text("utf-8"), "html.parser"
    )
    summary = chapter.select_one("article h1 + p")
    assert summary is not None and _meta(chapter, "og:description") == summary.get_text()
    assert _meta(chapter, "og:type") == "article" and _meta(home, "og:type") == "website"
    assert "正定" in (_meta(centre, "og:description") or "")
    others = {
        _meta(home, "og:description"),
        _meta(chapter, "og:description"),
        _meta(centre, "og:description"),
    }
    assert len(others) == 3


def test_the_share_image_is_a_real_png_of_at_least_300_by_300(mini_site: Path) -> None:
    data = (mini_site / "assets/images/careguide-share.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert width >= 300 and height >= 300


def test_the_reader_s_own_text_size_is_not_blocked(browser: Browser, site: str) -> None:
    """Material sets ``text-size-adjust: none`` on html, which stops WeChat's 调整字体."""
    context = _phone(browser, WECHAT)
    tab = context.new_page()
    tab.goto(site + "handbook/fever/")
    adjust = tab.evaluate(
        "(() => { const style = getComputedStyle(document.documentElement);"
        " return [style.webkitTextSizeAdjust, style.textSizeAdjust]; })()"
    )
    assert adjust[0] == "auto"
    assert adjust[1] in ("auto", None)  # unprefixed where this Chromium knows it
    context.close()
