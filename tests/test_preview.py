"""``make serve`` for real: a content error shows in the browser and clears on the next good save.

A real ``mkdocs serve --livereload --dirty`` (``make serve``'s command) runs on a free port in
a process of its own; the test edits the content as an editor does and reads what the server
sends, and what a Chromium tab that stays open on a page shows after livereload.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from browser import chromium
from helpers import REPO
from localserver import free_port, page_when, said

NAME = "正定县婴幼儿养育照护指导中心"
BROKEN = "content/centres/zhengding.yml:3:8: "
"""Where the problem is, as the terminal prints it (``level: country``, line 3, column 8)."""


@contextmanager
def serving(project: Path) -> Iterator[tuple[str, Path]]:
    """``make serve``'s command on a free port: the site's address, and the server's log."""
    port = free_port()
    log = project / "serve.log"
    command = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dirty"]
    command += ["--dev-addr", f"127.0.0.1:{port}", "--watch", "content"]
    env = {**os.environ, "PYTHONPATH": str(REPO / "hooks")}
    with log.open("w") as output:
        server = subprocess.Popen(command, cwd=project, env=env, stdout=output, stderr=output)
        try:
            yield f"http://127.0.0.1:{port}/", log
        finally:
            server.terminate()
            server.wait(timeout=30)


def fetch(address: str) -> str:
    with urllib.request.urlopen(address, timeout=120) as response:
        return str(response.read().decode("utf-8"))


def wait_for(address: str, text: str, *, present: bool = True, timeout: float = 180) -> str:
    """The page at ``address`` once it holds ``text`` (or no longer does)."""
    done, page = page_when(address, text, present=present, timeout=timeout)
    if not done:
        pytest.fail(f"{address} never {said(text, present)}:\n{page[:2000]}")
    return page


def problems(page: str) -> list[str]:
    soup = BeautifulSoup(page, "html.parser")
    return [item.get_text(" ", strip=True) for item in soup.select("#careguide-problems li")]


def test_a_content_error_shows_on_every_page_until_the_next_good_save(mini_project: Path) -> None:
    """The tab an editor has open gets the list by livereload, every other address serves it
    too, and the list reloads itself into the page once the file is fixed."""
    centre = mini_project / "content/centres/zhengding.yml"
    good = centre.read_text(encoding="utf-8")
    with serving(mini_project) as (base, log), chromium() as browser:
        wait_for(base + "centres/zhengding/", NAME, timeout=900)  # the first build lays out PDFs
        tab = browser.new_page()
        tab.goto(base + "centres/zhengding/")
        tab.wait_for_selector(f"h1:has-text('{NAME}')")

        centre.write_text(good.replace("level: county", "level: country"), encoding="utf-8")
        page = wait_for(base + "centres/zhengding/", "预览没有更新")
        listed = problems(page)
        assert len(listed) == 1 and listed[0].startswith(BROKEN), listed
        assert " — " in listed[0]  # 问题 — 改法, as in the terminal
        assert listed[0] in log.read_text(encoding="utf-8")
        for other in ("", "classes/", "handbook/fever/", "no-such-page/"):
            assert problems(fetch(base + other)) == listed, other
        with urllib.request.urlopen(base + "downloads/handbook.pdf", timeout=60) as pdf:
            assert pdf.read(5) == b"%PDF-"  # files are served as before
        tab.wait_for_selector("#careguide-problems li", timeout=60_000)
        shown = tab.locator("#careguide-problems li").first.inner_text()
        assert " ".join(shown.split()) == listed[0]

        centre.write_text(good.replace(NAME, f"{NAME}（新）"), encoding="utf-8")
        page = wait_for(base + "centres/zhengding/", "预览没有更新", present=False)
        assert f"{NAME}（新）" in page
        for other in ("centres/", "classes/future-class/", "classes/"):  # also reused pages
            assert f"{NAME}（新）" in wait_for(base + other, f"{NAME}（新）"), other
        tab.wait_for_selector(f"h1:has-text('{NAME}（新）')", timeout=60_000)
        assert tab.locator("#careguide-problems").count() == 0
        time.sleep(2)  # reading the content to rebuild is no change that starts a rebuild
        assert log.read_text(encoding="utf-8").count("Detected file changes") <= 4


def test_content_broken_when_serve_starts_shows_the_problems_until_the_first_good_save(
    mini_project: Path,
) -> None:
    """``make serve`` on content that is already broken does not exit: it serves the list of
    problems at every address, and the first good save builds the site, in the open tab too."""
    centre = mini_project / "content/centres/zhengding.yml"
    good = centre.read_text(encoding="utf-8")
    centre.write_text(good.replace("level: county", "level: country"), encoding="utf-8")
    with serving(mini_project) as (base, log), chromium() as browser:
        page = wait_for(base + "centres/zhengding/", "预览没有更新", timeout=300)
        listed = problems(page)
        assert len(listed) == 1 and listed[0].startswith(BROKEN), listed
        assert listed[0] in log.read_text(encoding="utf-8")
        for other in ("", "classes/", "handbook/fever/", "no-such-page/"):
            assert problems(fetch(base + other)) == listed, other
        tab = browser.new_page()
        tab.goto(base + "classes/")
        assert (
            " ".join(tab.locator("#careguide-problems li").first.inner_text().split())
            == (listed[0])
        )

        centre.write_text(good.replace(NAME, f"{NAME}（新）"), encoding="utf-8")
        tab.wait_for_selector(f"text={NAME}（新）", timeout=900_000)  # the first build of the site
        assert tab.locator("#careguide-problems").count() == 0
        page = wait_for(base + "centres/zhengding/", f"{NAME}（新）")
        assert "预览没有更新" not in page
        with urllib.request.urlopen(base + "downloads/handbook.pdf", timeout=60) as pdf:
            assert pdf.read(5) == b"%PDF-"


def pdf_text(address: str) -> str:
    with urllib.request.urlopen(address, timeout=60) as response:
        reader = PdfReader(io.BytesIO(response.read()))
    return "".join(page.extract_text() for page in reader.pages).replace("\n", "")


def test_a_chapter_edit_shows_at_once_and_the_book_pdf_follows(mini_project: Path) -> None:
    """The page does not wait for the book to be laid out again: the PDF it links to stays
    the previous one until the new one is ready, then the new one is served."""
    chapter = mini_project / "content/handbook/fever.yml"
    good = chapter.read_text(encoding="utf-8")
    marker = "Fever2026Preview"
    with serving(mini_project) as (base, log):
        wait_for(base + "handbook/fever/", "什么时候就医", timeout=900)
        assert marker not in pdf_text(base + "downloads/handbook.pdf")

        chapter.write_text(
            good.replace("title: 什么时候就医", f"title: 什么时候就医{marker}"), encoding="utf-8"
        )
        wait_for(base + "handbook/fever/", marker)
        assert pdf_text(base + "downloads/handbook.pdf")  # a whole PDF meanwhile
        deadline = time.monotonic() + 600
        while marker not in pdf_text(base + "downloads/handbook.pdf"):
            assert time.monotonic() < deadline, log.read_text(encoding="utf-8")
            time.sleep(1)
        assert "已在后台更新PDF" in log.read_text(encoding="utf-8")
