"""What the Markdown of a text field may do: the checks every text field passes.

Text fields become Markdown on the site's pages, so a field can do more than show words:

- an image from another host makes every visitor's phone request that host (tracking, and a
  page that breaks when the host does): images come from the site itself;
- an attribute list (``{#__config}``, ``{: .md-header}``, ``{data-md-component=…}``) gives a
  page element an id, a class or an attribute of the theme's own, which its scripts then find
  instead of theirs (DOM clobbering): content writes no attributes;
- Python-Markdown's work grows with the square of the brackets ``[`` and ``<`` in a paragraph
  and its recursion with list markers in a row, so one pasted field could stall or crash a
  build: each field has a budget of them.

The sanitiser (:mod:`careguide.sanitize`) removes the same things from the HTML as a last net;
here they are refused with the file and line, so the editor learns about them.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

MAX_BRACKETS = 300
"""The most ``[`` (links, images) or ``<`` one field may have: hundreds of links in a paragraph
are far more than any page needs, and keep Python-Markdown's work per field in milliseconds."""

MAX_MARKERS = 10
"""The most list or quote markers (``- ``, ``1. ``, ``> ``) one line may start with."""

_INLINE_IMAGE = re.compile(r"!\[[^\]\n]*\]\(\s*<?([^)\s>]*)")
_REFERENCE_IMAGE = re.compile(r"!\[([^\]\n]*)\](?:\[([^\]\n]*)\])?(?!\()")
_DEFINITION = re.compile(r"^[ ]{0,3}\[([^\]\n]+)\]:[ \t]*<?([^\s>]+)", re.MULTILINE)
_ATTRIBUTES = re.compile(r"\{:?[ \t]*[#.:][^}\n]*\}|\{:[^}\n]*\}|\{[^}\n=]*=[^}\n]*\}")
_MARKERS = re.compile(rf"^[ \t]*(?:(?:[-*+>]|[0-9]+[.)])[ \t]+){{{MAX_MARKERS},}}", re.MULTILINE)


def markdown_problem(value: str) -> tuple[str, str] | None:
    """Why a field's Markdown is refused (message, hint): a remote image, an attribute list, or
    more Markdown work than a field may take; None when it is fine."""
    for opener in ("[", "<"):
        count = value.count(opener)
        if count > MAX_BRACKETS:
            return (
                f"文字里的 “{opener}” 太多（{count} 个，每段最多 {MAX_BRACKETS} 个）",
                "删掉多余的符号，或把内容拆成几段；这么多符号会让网站生成得极慢",
            )
    if _MARKERS.search(value):
        return (
            f"一行开头的列表或引用符号太多（最多 {MAX_MARKERS} 层）",
            "删掉行首多余的“- ”“1. ”或“> ”",
        )
    if "!" in value:
        host = _remote_image(value)
        if host is not None:
            return (
                f"文字里的图片来自其他网站（{host}）",
                "网站只用本站的图片：删掉这张图片，或改成链接 [图片说明](网址)，"
                "让读者自己决定是否打开",
            )
    if "{" in value:
        found = _ATTRIBUTES.search(value)
        if found:
            return (
                f"文字里不能写属性 “{found.group()}”",
                "花括号里的 # . = 会给网页元素设编号、样式或属性，可能顶替网站自身的元素："
                "删掉它；要显示花括号请写成 \\{",
            )
    return None


def _remote_image(value: str) -> str | None:
    """The host of the first image that is not the site's own, if any."""
    addresses = [found.group(1) for found in _INLINE_IMAGE.finditer(value)]
    references = [
        (found.group(2) or found.group(1)).lower() for found in _REFERENCE_IMAGE.finditer(value)
    ]
    if references:
        defined = {name.lower(): url for name, url in _DEFINITION.findall(value)}
        addresses += [defined[name] for name in references if name in defined]
    for address in addresses:
        if _remote(address):
            return urlsplit(address).hostname or address.split(":", 1)[0] + ": 地址"
    return None


def _remote(address: str) -> bool:
    """Whether an image address leaves the site: a scheme (``https:``, ``data:``) or ``//``."""
    return address.startswith("//") or bool(re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", address))
