"""The settings of publishing in ``content/site.yml``: the public address, the domain that names
the calendar events, and the filing numbers (备案号) a site hosted in mainland China shows in its
footer. Each is a field type with its check and its message in Chinese."""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, StringConstraints

from careguide.content.fields import Url, fail, show

_ADDRESS_EXAMPLE = "例如 url: https://care.example.org/"


def _site_address(value: str) -> str:
    parts = urlsplit(value)
    if parts.query or parts.fragment or value.endswith(("?", "#")):
        raise fail(
            f"网站地址 “{show(value)}” 带有 ? 或 # 后面的部分",
            f"只写到网站的根目录，{_ADDRESS_EXAMPLE}",
        )
    if parts.username is not None or parts.password is not None:
        raise fail("网站地址里不能有用户名或密码", f"去掉 @ 和它前面的部分，{_ADDRESS_EXAMPLE}")
    if parts.path.endswith("/"):
        return value
    if "." in parts.path.rpartition("/")[2]:
        raise fail(
            f"网站地址 “{show(value)}” 指向一个文件",
            f"只写到网站的根目录，去掉最后的文件名，{_ADDRESS_EXAMPLE}",
        )
    return value + "/"


_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_DOMAIN = re.compile(rf"{_LABEL}(?:\.{_LABEL})*")


def _check_domain(value: str) -> str:
    if len(value) > 253 or not _DOMAIN.fullmatch(value):
        raise fail(
            f"uid_domain “{show(value)}” 不是域名",
            "只用小写英文字母、数字、“-”和“.”，例如 uid_domain: care.example.org；"
            "一经发布就不要再改",
        )
    return value


_PROVINCES = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川蜀贵黔云滇藏陕秦甘陇青宁新"
"""The one-character names of the provinces that begin a filing number (冀 for Hebei)."""

_ICP = re.compile(rf"[{_PROVINCES}]ICP备[0-9]{{6,12}}号(?:-[0-9]{{1,3}})?")
_PUBLIC_SECURITY = re.compile(rf"[{_PROVINCES}]公网安备 ?[0-9]{{14}}号")


def _check_icp(value: str) -> str:
    if "ICP证" in value:
        raise fail(
            f"“{show(value)}” 是 ICP 经营许可证编号，不是备案号",
            "icp_filing 写工信部的 ICP 备案号（…ICP备…号）；还没有备案号就删掉这一行",
        )
    if not _ICP.fullmatch(value):
        raise fail(
            f"ICP 备案号 “{show(value)}” 格式不对",
            "照工信部备案系统里的写法原样抄写：省份简称、“ICP备”、数字和“号”，"
            "有网站序号时后面再加“-1”这样的序号；还没有备案号就删掉这一行",
        )
    return value


def _check_public_security(value: str) -> str:
    if not _PUBLIC_SECURITY.fullmatch(value):
        raise fail(
            f"公安备案号 “{show(value)}” 格式不对",
            "照全国互联网安全管理服务平台上的写法抄写：省份简称、“公网安备”、14 位数字和“号”；"
            "没有公安备案号就删掉这一行",
        )
    return value


SiteAddress = Annotated[Url, AfterValidator(_site_address)]
"""The site's public address (http or https), normalised to end in ``/``."""

UidDomain = Annotated[
    str, StringConstraints(min_length=1, max_length=300), AfterValidator(_check_domain)
]
"""A lowercase domain name that ends every calendar event's UID."""

IcpFiling = Annotated[str, StringConstraints(max_length=40), AfterValidator(_check_icp)]
"""An ICP filing number (ICP 备案号): 冀ICP备, digits, 号, and a site number such as -1."""

PublicSecurityFiling = Annotated[
    str, StringConstraints(max_length=40), AfterValidator(_check_public_security)
]
"""A public-security filing number (公安备案号): 冀公网安备, 14 digits, 号."""
