"""The built site as a phone gets it from a real web server configured by ``deploy/``.

nginx (Debian's, with the Brotli static module) and Caddy serve the small site with the very
configuration files the README tells an operator to install; real HTTP requests check what a
phone receives: the pre-compressed copy it asked for, byte for byte, the cache rules of each kind
of file (WeChat's browser caches aggressively: pages must be revalidated, fingerprinted assets
may be kept), the calendar's type, and the site's own 404 page.
"""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import webservers
from browser import chromium

IMMUTABLE = "public, max-age=31536000, immutable"


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


class Client:
    def __init__(self, base: str) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80

    def get(self, path: str, **headers: str) -> Answer:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
        try:
            names = {name.replace("_", "-"): value for name, value in headers.items()}
            connection.request("GET", path, headers=names)
            response = connection.getresponse()
            body = response.read()
            return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, body)
        finally:
            connection.close()


@pytest.fixture(scope="module", params=["nginx", "caddy"])
def client(
    request: pytest.FixtureRequest, mini_site: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Client]:
    absent = webservers.missing()
    if absent:
        pytest.fail(f"install Debian's {absent} (`make test` does)")
    work = tmp_path_factory.mktemp(request.param)
    server = webservers.nginx if request.param == "nginx" else webservers.caddy
    with server(mini_site, work) as base:
        yield Client(base)


def _one(site: Path, pattern: str) -> str:
    found = sorted(site.glob(pattern))
    assert found, pattern
    return "/" + found[0].relative_to(site).as_posix()


@pytest.mark.parametrize(("encoding", "suffix"), [("br", ".br"), ("gzip", ".gz")])
def test_a_page_comes_as_the_copy_the_phone_accepts(
    client: Client, mini_site: Path, encoding: str, suffix: str
) -> None:
    answer = client.get("/handbook/", accept_encoding=f"{encoding}, deflate")
    assert answer.status == 200
    assert answer.headers["content-encoding"] == encoding
    assert answer.body == (mini_site / f"handbook/index.html{suffix}").read_bytes()
    assert "accept-encoding" in answer.headers["vary"].lower()
    assert answer.headers["content-type"].lower() == "text/html; charset=utf-8"


def test_a_phone_that_accepts_neither_gets_the_file(client: Client, mini_site: Path) -> None:
    answer = client.get("/handbook/")
    assert answer.status == 200
    assert "content-encoding" not in answer.headers
    assert answer.body == (mini_site / "handbook/index.html").read_bytes()


def test_pages_are_revalidated_and_an_unchanged_page_costs_a_304(client: Client) -> None:
    """WeChat keeps pages: ``no-cache`` makes it ask every time, and the answer to an
    unchanged page is an empty 304."""
    first = client.get("/", accept_encoding="br")
    assert first.headers["cache-control"] == "no-cache"
    assert first.headers.get("etag") and first.headers.get("last-modified")
    again = client.get("/", accept_encoding="br", if_none_match=first.headers["etag"])
    assert again.status == 304 and again.body == b""


def test_fingerprinted_assets_are_kept_a_year(client: Client, mini_site: Path) -> None:
    for path in (
        _one(mini_site, "assets/stylesheets/main.*.min.css"),
        _one(mini_site, "assets/javascripts/bundle.*.min.js"),
        _one(mini_site, "pagefind/fragment/*.pf_fragment"),
        _one(mini_site, "pagefind/index/*.pf_index"),
        _one(mini_site, "pagefind/*.pf_meta"),
    ):
        answer = client.get(path, accept_encoding="br, gzip")
        assert answer.status == 200, path
        assert answer.headers["cache-control"] == IMMUTABLE, path
    css = client.get(_one(mini_site, "assets/stylesheets/main.*.min.css"), accept_encoding="br")
    assert css.headers["content-encoding"] == "br"


def test_pagefind_chunks_are_sent_as_they_are(client: Client, mini_site: Path) -> None:
    """Pagefind inflates its gzip chunks itself: a Content-Encoding would make the browser
    inflate them first, and Pagefind fail."""
    path = _one(mini_site, "pagefind/fragment/*.pf_fragment")
    answer = client.get(path, accept_encoding="br, gzip")
    assert "content-encoding" not in answer.headers
    assert answer.body == (mini_site / path.lstrip("/")).read_bytes()


def test_unfingerprinted_files_are_revalidated(client: Client, mini_site: Path) -> None:
    for path in (
        "/assets/javascripts/careguide.js",
        "/assets/stylesheets/careguide.css",
        "/pagefind/pagefind.js",
        _one(mini_site, "api/*.json"),
        _one(mini_site, "downloads/*.pdf"),
    ):
        answer = client.get(path, accept_encoding="gzip")
        assert answer.status == 200, path
        assert answer.headers["cache-control"] == "no-cache", path


def test_types_of_calendars_open_data_and_pdfs(client: Client, mini_site: Path) -> None:
    calendar = client.get("/calendar/all.ics", accept_encoding="gzip")
    assert calendar.headers["content-type"].lower() == "text/calendar; charset=utf-8"
    assert calendar.headers["content-encoding"] == "gzip"
    assert calendar.body == (mini_site / "calendar/all.ics.gz").read_bytes()
    assert calendar.headers["cache-control"] == "no-cache"
    data = client.get(_one(mini_site, "api/*.json"))
    assert data.headers["content-type"].lower() == "application/json; charset=utf-8"
    book = client.get(_one(mini_site, "downloads/*.pdf"))
    assert book.headers["content-type"] == "application/pdf"
    assert book.body.startswith(b"%PDF")


def test_a_missing_page_shows_the_sites_404_page(client: Client, mini_site: Path) -> None:
    answer = client.get("/no-such-page/", accept_encoding="identity")
    assert answer.status == 404
    assert answer.body == (mini_site / "404.html").read_bytes()
    assert answer.headers["content-type"].lower() == "text/html; charset=utf-8"


def test_a_small_file_is_sent_as_it_is(client: Client, mini_site: Path) -> None:
    """Files under the copies' size threshold have none: the server sends them plain."""
    path = "/pagefind/pagefind-entry.json"
    assert not (mini_site / f"{path.lstrip('/')}.br").exists()
    answer = client.get(path, accept_encoding="br, gzip")
    assert answer.status == 200
    assert answer.body == (mini_site / path.lstrip("/")).read_bytes()


def test_a_phone_loads_a_styled_page_from_nginx_with_nothing_missing(
    mini_site: Path, tmp_path: Path
) -> None:
    """In Chromium, through nginx: every request of the first load succeeds (none for the parts
    of Material that were left out: its palette stylesheet, its search worker and lunr), the
    header has careguide's colour, and the theme's script runs (the drawer opens)."""
    if webservers.missing():
        pytest.fail(f"install Debian's {webservers.missing()} (`make test` does)")
    failed: list[str] = []
    loaded: list[str] = []
    with webservers.nginx(mini_site, tmp_path / "nginx") as base, chromium() as browser:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.on("response", lambda r: (failed if r.status >= 400 else loaded).append(r.url))
        page.on("requestfailed", lambda r: failed.append(r.url))
        page.goto(base + "handbook/", wait_until="networkidle")
        header = page.eval_on_selector(".md-header", "e => getComputedStyle(e).backgroundColor")
        page.click("label.md-header__button[for=__drawer]")
        page.wait_for_timeout(300)
        drawer = page.eval_on_selector("#__drawer", "e => e.checked")
    assert failed == []
    assert not [url for url in loaded if "palette" in url or "lunr" in url or "worker" in url]
    assert header == "rgb(0, 105, 92)"  # #00695c, careguide.css
    assert drawer is True
    assert not (mini_site / "assets/javascripts/lunr").exists()
    assert not (mini_site / "assets/javascripts/workers").exists()


def test_the_readme_shows_the_tested_configuration() -> None:
    """An operator copies the README's nginx block: it must be the file these tests serve with."""
    readme = (webservers.REPO / "README.md").read_text(encoding="utf-8")
    assert webservers.NGINX_CONF.read_text(encoding="utf-8") in readme
