"""Injection payloads in every kind of text field reach readers as text, never as code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from icalendar import Calendar

from helpers import build_project

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>"\'&'
LINK = "[点我](javascript:alert(1))"


def inject(path: Path, edit: callable) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.fixture
def attacked_site(mini_project: Path) -> Path:
    content = mini_project / "content"

    def centre(data: dict) -> None:
        for field in ("name", "host", "address", "hours", "note"):
            data[field] = PAYLOAD + LINK
        data["services"] = [PAYLOAD]

    def classes(data: dict) -> None:
        for item in data["classes"]:
            for field in ("title", "description", "registration", "location"):
                item[field] = PAYLOAD + LINK

    def chapter(data: dict) -> None:
        data["title"] = data["summary"] = PAYLOAD
        section = data["sections"][0]
        section["title"] = PAYLOAD
        section["key_points"] = [PAYLOAD + LINK]
        section["blocks"] = [
            {"text": PAYLOAD + "\n\n" + LINK + "\n\n<a href='javascript:alert(2)'>x</a>"},
            {"table": {"caption": PAYLOAD, "columns": [PAYLOAD, "b"], "rows": [[LINK, PAYLOAD]]}},
            {
                "alert": {
                    "level": "call-120",
                    "title": PAYLOAD,
                    "symptoms": ["seizure-not-stopping"],
                    "actions": [LINK],
                    "note": PAYLOAD,
                }
            },
            {"checklist": {"title": PAYLOAD, "items": [PAYLOAD + LINK]}},
            {"steps": {"title": PAYLOAD, "items": [PAYLOAD, LINK], "note": PAYLOAD}},
            {"exclusion": {"title": PAYLOAD, "items": [LINK], "note": PAYLOAD}},
        ]

    def symptoms(data: dict) -> None:
        data["symptoms"][0]["text"] = PAYLOAD + LINK

    def sources(data: dict) -> None:
        data["sources"][0]["title"] = data["sources"][0]["issuer"] = PAYLOAD

    inject(content / "centres/zhengding.yml", centre)
    inject(content / "classes/2026.yml", classes)
    inject(content / "handbook/sleep.yml", chapter)
    inject(content / "sources/core.yml", sources)
    inject(content / "symptoms/illness.yml", symptoms)
    return build_project(mini_project)


def test_no_page_runs_injected_code(attacked_site: Path) -> None:
    found = []
    for page in attacked_site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        where = page.relative_to(attacked_site)
        for element in soup.find_all(True):
            handlers = [name for name in element.attrs if name.lower().startswith("on")]
            if handlers:
                found.append(f"{where}: <{element.name} {handlers}>")
            for name in ("href", "src"):
                if str(element.get(name, "")).strip().lower().startswith("javascript:"):
                    found.append(f"{where}: <{element.name} {name}=javascript:…>")
        for script in soup.find_all("script"):
            if "alert(" in (script.string or "") and script.get("type") != "application/ld+json":
                found.append(f"{where}: injected <script>")
    assert found == []


def test_the_payload_is_shown_as_text(attacked_site: Path) -> None:
    for address in ("centres/zhengding", "classes/future-class", "handbook/sleep"):
        soup = BeautifulSoup((attacked_site / address / "index.html").read_text(), "html.parser")
        assert '<script>alert("x")</script>' in soup.select_one("article").get_text()
        assert '<script>alert("x")</script>' in soup.title.get_text()


def test_structured_data_keeps_the_payload_as_data(attacked_site: Path) -> None:
    soup = BeautifulSoup(
        (attacked_site / "classes/future-class/index.html").read_text(), "html.parser"
    )
    event = json.loads(soup.find("script", type="application/ld+json").string)
    assert event["name"] == PAYLOAD + LINK
    calendar = Calendar.from_ical((attacked_site / "calendar/zhengding.ics").read_bytes())
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert PAYLOAD + LINK in summaries
    centres = json.loads((attacked_site / "api/centres.json").read_text())["centres"]
    assert PAYLOAD + LINK in [centre["name"] for centre in centres]


def test_the_sanitiser_drops_remote_images_and_the_theme_s_ids() -> None:
    """The last net behind the content checks (careguide.content.markup)."""
    from careguide.sanitize import clean

    html = clean(
        '<p id="__config" data-md-component="search">a</p>'
        '<img src="https://img.example.com/x.png" alt="x"><img src="//cdn.example.net/y.png">'
        '<img src="../images/local.png" alt="local">'
    )
    soup = BeautifulSoup(html, "html.parser")
    assert soup.p.attrs == {}
    assert [img.get("src") for img in soup.find_all("img")] == [None, None, "../images/local.png"]
