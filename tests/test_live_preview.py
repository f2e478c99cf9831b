"""The live preview (``make serve``): a browser showing a page reloads by itself when its content
file is saved, and shows the edit."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from browser import chromium
from helpers import REPO
from localserver import free_port, page_when

PREVIEW = ["-m", "mkdocs", "serve", "--livereload", "--dirty"]
"""What ``make serve`` runs, as a module of this Python."""


def wait_for(address: str, text: str) -> None:
    shown, _ = page_when(address, text, timeout=120)
    assert shown, f"{address} did not show {text!r} within 120 s"


@pytest.fixture
def preview(mini_project: Path) -> Iterator[str]:
    """The small site under the live preview, on a free local port: its address."""
    port = free_port()
    environment = {**os.environ, "PYTHONPATH": str(REPO / "hooks")}
    server = subprocess.Popen(
        [sys.executable, *PREVIEW, "--dev-addr", f"127.0.0.1:{port}", "-w", "content"],
        cwd=mini_project,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_saving_a_centre_reloads_its_page_in_the_browser(mini_project: Path, preview: str) -> None:
    address = f"{preview}centres/zhengding/"
    wait_for(address, "正定县婴幼儿养育照护指导中心")
    centre = mini_project / "content/centres/zhengding.yml"
    with chromium() as browser:
        page = browser.new_page()
        page.goto(address)
        assert page.locator("h1").inner_text().startswith("正定县婴幼儿养育照护指导中心")

        with page.expect_navigation(timeout=120_000):
            text = centre.read_text(encoding="utf-8")
            centre.write_text(text.replace("正定县婴幼儿养育照护指导中心", "正定县指导站", 1))

        page.wait_for_load_state()
        assert page.locator("h1").inner_text().startswith("正定县指导站")
