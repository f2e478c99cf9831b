"""Publishing settings in content/site.yml, built for real: where the public address comes from,
the warning on every build and the refusal of ``careguide build --publish`` when it is not
public, calendar UIDs that stay when the address changes, and the filing numbers in the footer."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar

from helpers import build_project, run_careguide
from test_atomic_build import snapshot

PUBLIC = "https://yuer.sjz-demo.cn/zhidao/"
"""A made-up public address for the tests (never fetched)."""

OTHER = "https://care.sjz-demo.cn/"
NO_ADDRESS = {"CAREGUIDE_SITE_URL": ""}
"""The environment of a build with no address set, whatever the test runner's has."""


def configure(project: Path, **settings: str) -> None:
    """Add top-level settings to the small site's content/site.yml."""
    site = project / "content/site.yml"
    lines = "".join(f"{key}: {value}\n" for key, value in settings.items())
    site.write_text(site.read_text(encoding="utf-8") + lines, encoding="utf-8")


def html(site: Path, address: str) -> BeautifulSoup:
    return BeautifulSoup((site / address / "index.html").read_text(encoding="utf-8"), "html.parser")


def canonical(site: Path, address: str) -> str:
    return html(site, address).find("link", rel="canonical")["href"]


def warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("警告：")]


def uids(feed: Path) -> list[str]:
    return sorted(str(event.uid) for event in Calendar.from_ical(feed.read_bytes()).events)


def test_a_build_without_an_address_warns_on_every_build_in_one_line(mini_project: Path) -> None:
    for _ in range(2):
        built = run_careguide("build", cwd=mini_project, env=NO_ADDRESS)
        assert built.returncode == 0, built.stderr
        [warning] = warnings(built.stderr)
        assert "没有设置网站的公开网址，暂用本机地址 http://127.0.0.1:8000/" in warning
        for what in ("二维码", "海报", "规范链接（canonical）", "日历", "开放数据"):
            assert what in warning
        assert "content/site.yml 里写上 url: https://" in warning
        assert "CAREGUIDE_SITE_URL" in warning
    site = mini_project / "site"
    assert canonical(site, "centres/zhengding") == "http://127.0.0.1:8000/centres/zhengding/"


def test_publish_refuses_a_site_without_an_address_and_keeps_the_previous_one(
    mini_project: Path,
) -> None:
    assert run_careguide("build", cwd=mini_project, env=NO_ADDRESS).returncode == 0
    before = snapshot(mini_project / "site")

    refused = run_careguide("build", "--publish", cwd=mini_project, env=NO_ADDRESS)

    assert refused.returncode == 1
    assert "Traceback" not in refused.stderr
    assert "不能发布（--publish）：没有设置网站的公开网址" in refused.stderr
    assert "网站未更新：site/ 保持上一次成功生成的内容。" in refused.stderr
    assert snapshot(mini_project / "site") == before
    assert not list(mini_project.glob(".site.building*"))


@pytest.mark.parametrize(
    ("env", "settings", "said"),
    [
        ({"CAREGUIDE_SITE_URL": "http://localhost:8000/"}, {}, "是本机地址"),
        (NO_ADDRESS, {"url": "http://127.0.0.1:8080/"}, "是本机地址"),
        (NO_ADDRESS, {"url": "https://care.example.org/"}, "是示例域名"),
    ],
    ids=["loopback in the environment", "loopback in site.yml", "example domain in site.yml"],
)
def test_publish_refuses_a_local_or_example_address(
    mini_project: Path, env: dict[str, str], settings: dict[str, str], said: str
) -> None:
    configure(mini_project, **settings)

    refused = run_careguide("build", "--publish", cwd=mini_project, env=env)

    assert refused.returncode == 1
    assert "Traceback" not in refused.stderr
    assert said in refused.stderr and "不能发布（--publish）" in refused.stderr
    assert not (mini_project / "site").exists()


def test_the_address_in_site_yml_is_published_everywhere(mini_project: Path) -> None:
    configure(mini_project, url=PUBLIC.removesuffix("/"))

    built = run_careguide("build", "--publish", cwd=mini_project, env=NO_ADDRESS)

    assert built.returncode == 0, built.stderr
    assert warnings(built.stderr) == []
    site = mini_project / "site"
    centre = f"{PUBLIC}centres/zhengding/"
    assert canonical(site, "centres/zhengding") == centre
    image = html(site, "centres/zhengding").select_one(".cg-qr img")["src"]
    qr = site / "centres/zhengding" / image
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(qr.resolve())], capture_output=True, text=True
    ).stdout.strip()
    assert decoded == centre
    data = json.loads((site / "api/centres.json").read_text(encoding="utf-8"))
    assert {record["url"] for record in data["centres"]} >= {centre}
    [event, *_] = Calendar.from_ical((site / "calendar/zhengding.ics").read_bytes()).events
    assert str(event["URL"]).startswith(f"{PUBLIC}classes/")


def test_calendar_uids_stay_when_the_address_changes_and_the_environment_wins(
    mini_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same site built for two addresses: site.yml's, then the environment's over it."""
    configure(mini_project, url=PUBLIC)
    monkeypatch.setenv("CAREGUIDE_SITE_URL", "")
    first = build_project(mini_project)
    feeds = ["calendar/all.ics", "calendar/zhengding.ics", "calendar/born/2026-11.ics"]
    before = {feed: uids(first / feed) for feed in feeds}
    address = {feed: (first / feed).read_text() for feed in feeds}
    first.rename(tmp_path / "first")

    monkeypatch.setenv("CAREGUIDE_SITE_URL", OTHER)
    second = build_project(mini_project)

    assert canonical(second, "centres/zhengding") == f"{OTHER}centres/zhengding/"
    for feed in feeds:
        assert PUBLIC in address[feed] and OTHER not in address[feed]
        assert OTHER in (second / feed).read_text() and PUBLIC not in (second / feed).read_text()
        assert before[feed] and uids(second / feed) == before[feed]
        assert all(uid.endswith("@careguide") for uid in before[feed])


def test_uids_end_in_the_uid_domain_of_site_yml(mini_project: Path) -> None:
    configure(mini_project, uid_domain="yuer.sjz-demo.cn")
    site = build_project(mini_project)
    found = uids(site / "calendar/all.ics") + uids(site / "calendar/born/2026-11.ics")
    assert "future-class@yuer.sjz-demo.cn" in found
    assert all(uid.endswith("@yuer.sjz-demo.cn") for uid in found)


ICP = "冀ICP备00000000号-1"
PUBLIC_SECURITY = "冀公网安备 00000000000000号"
"""Filing numbers in the right form, made up of zeros (no site has them)."""


def test_the_footer_shows_the_filing_numbers_linked_to_their_lookups(mini_project: Path) -> None:
    configure(mini_project, icp_filing=ICP, public_security_filing=f'"{PUBLIC_SECURITY}"')
    site = build_project(mini_project)
    for address in ("", "centres/zhengding", "handbook/fever", "classes"):
        links = html(site, address).select("footer .cg-filing a")
        assert [(a.get_text(strip=True), a["href"]) for a in links] == [
            (ICP, "https://beian.miit.gov.cn/"),
            (
                PUBLIC_SECURITY,
                "https://beian.mps.gov.cn/#/query/webSearch?code=00000000000000",
            ),
        ], address


def test_without_filing_numbers_the_footer_has_none(mini_site: Path) -> None:
    for address in ("", "centres/zhengding"):
        footer = html(mini_site, address).select_one("footer")
        assert footer is not None and footer.select(".cg-filing") == []
        assert "beian" not in str(footer)
