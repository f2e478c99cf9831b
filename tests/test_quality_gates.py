"""Site-quality gates on the demo site: links, valid HTML, accessibility, no outside requests."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest
from bs4 import BeautifulSoup

from browser import AXE, chromium, serious_violations, serve, watch_errors

TOOLS = Path(__file__).parent / "node_modules"
VNU = TOOLS / "vnu-jar/build/dist/vnu.jar"

SAMPLE = [
    "",
    "handbook/",
    "handbook/common-illness/",
    "hygiene/disinfection/",
    "centres/",
    "centres/zhengding/",
    "centres/zhengding/poster/",
    "classes/",
    "classes/past/",
    "classes/topics/feeding/",
    "classes/2026-12-19-pingshan-injury/",
    "about/",
    "my-baby/",
    "ages/",
    "calendar/born/",
]
"""One page of every kind."""


def _ids(page: Path, cache: dict[Path, set[str]]) -> set[str]:
    if page not in cache:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        cache[page] = {element["id"] for element in soup.find_all(id=True)}
    return cache[page]


def test_every_internal_link_and_anchor_resolves(demo_site: Path) -> None:
    broken, ids = [], {}
    for page in sorted(demo_site.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for element in soup.find_all(["a", "link", "img", "script"]):
            url = element.get("href") or element.get("src")
            if not url or urlsplit(url).scheme or url.startswith("//"):
                continue
            path, fragment = urldefrag(unquote(url))
            base = demo_site if path.startswith("/") else page.parent  # 404.html is root-based
            target = (base / path.lstrip("/")).resolve() if path else page
            if target.is_dir():
                target = target / "index.html"
            where = f"{page.relative_to(demo_site)} → {url}"
            if not target.is_file():
                broken.append(f"{where}: no such file")
            elif fragment and target.suffix == ".html" and fragment not in _ids(target, ids):
                broken.append(f"{where}: no #{fragment}")
    assert broken == []


def test_every_page_passes_the_nu_html_checker(demo_site: Path) -> None:
    pages = sorted(str(page) for page in demo_site.rglob("*.html"))
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "gnu", *pages],
        capture_output=True,
        text=True,
    )
    errors = [line.replace(str(demo_site), "") for line in result.stderr.splitlines() if line]
    assert errors == []
    assert result.returncode == 0


@pytest.mark.parametrize("width", [412, 1280], ids=["phone", "desktop"])
@pytest.mark.parametrize("large_text", [False, True], ids=["normal text", "长辈版"])
def test_no_serious_accessibility_violation_and_no_script_error(
    demo_site: Path, large_text: bool, width: int
) -> None:
    found = []
    with serve(demo_site) as base, chromium() as browser:
        tab = browser.new_page(viewport={"width": width, "height": 900})
        errors = watch_errors(tab)
        if large_text:
            tab.add_init_script("localStorage.setItem('cg-text-size', 'large')")
        for address in SAMPLE:
            tab.goto(base + address, wait_until="networkidle")
            found += [f"/{address}: {rule} {targets}" for rule, targets in serious_violations(tab)]
    assert found == []
    assert errors == []


def test_no_page_requests_anything_from_another_host(demo_site: Path) -> None:
    outside = []
    with serve(demo_site) as base, chromium() as browser:
        origin = urlsplit(base).netloc
        tab = browser.new_page()
        errors = watch_errors(tab)

        def record(route, request) -> None:
            if urlsplit(request.url).netloc not in (origin, ""):
                outside.append(request.url)
                route.abort()
            else:
                route.continue_()

        tab.route("**/*", record)
        for address in SAMPLE:
            tab.goto(base + address, wait_until="networkidle")
        tab.keyboard.press("/")  # open the search, which loads its index and worker
        tab.keyboard.type("辅食")
        tab.wait_for_timeout(1500)
    assert outside == []
    assert errors == []


def test_checkers_are_installed() -> None:
    """The gates above would pass vacuously without their tools: `make test` installs them."""
    assert VNU.is_file() and AXE.is_file()
    version = json.loads((TOOLS / "axe-core/package.json").read_text())["version"]
    assert version.startswith("4.")
