"""The site's public address: which setting gives it, and what goes wrong when it is not public.

The environment variable ``CAREGUIDE_SITE_URL`` (mkdocs.yml's ``site_url``) wins over ``url`` in
``content/site.yml``; with neither, the site is built for the local preview address. QR codes,
posters, canonical links, the links in calendars and the addresses in the open data all name
it, so a build for a local or example address warns on every build, and a publishing build
(``careguide build --publish``) refuses it.
"""

from __future__ import annotations

import ipaddress
import sys
from contextvars import ContextVar
from urllib.parse import urlsplit

from careguide.content.site import Site
from careguide.errors import SettingsError

LOOPBACK = "http://127.0.0.1:8000/"
"""The address of a build with no address set: ``make serve``'s."""

PUBLISHING: ContextVar[bool] = ContextVar("careguide_publishing", default=False)
"""Whether the build running is a publishing one (``careguide build --publish``)."""

_EXAMPLE_NAMES = ("example", "example.com", "example.net", "example.org", "test", "invalid")
"""Names reserved for examples and tests (RFC 2606, RFC 6761), and the names under them."""


def public_address(configured: str | None, site: Site, *, preview: bool = False) -> str:
    """The address the site is built for: ``configured`` (from mkdocs.yml, where
    ``CAREGUIDE_SITE_URL`` lands) if given, else ``url`` of site.yml, else :data:`LOOPBACK`.

    Unless this is a ``preview`` (``mkdocs serve``, always local), an address that is not
    public prints one warning line, or stops a publishing build with that message.
    """
    address = configured or site.url or LOOPBACK
    problem = None if preview else not_public(address, site, configured)
    if problem and PUBLISHING.get():
        raise SettingsError(f"不能发布（--publish）：{problem}")
    if problem:
        print(f"警告：{problem}", file=sys.stderr)
    return address


def not_public(address: str, site: Site, configured: str | None) -> str | None:
    """Why ``address`` cannot be the published site's, with what follows and how to fix it, on
    one line; ``None`` for an address on the Internet."""
    host = (urlsplit(address).hostname or "").lower()
    if not configured and site.url is None:
        what = f"没有设置网站的公开网址，暂用本机地址 {address}"
    elif _local(host):
        what = f"网站的公开网址 {address} 是本机地址"
    elif host in _EXAMPLE_NAMES or host.endswith(tuple(f".{name}" for name in _EXAMPLE_NAMES)):
        what = f"网站的公开网址 {address} 是示例域名"
    else:
        return None
    return (
        f"{what}：中心的二维码和海报、每页的规范链接（canonical）、日历里的课程链接和"
        "开放数据里的网址都会指向它，别人扫码或点开都打不开 — 在 content/site.yml 里写上 "
        "url: https://网站的域名/（或生成时设置环境变量 CAREGUIDE_SITE_URL，它优先），再重新生成"
    )


def _local(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return ip.is_loopback or ip.is_unspecified
