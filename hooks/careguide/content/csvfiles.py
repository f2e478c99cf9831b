"""CSV files as Excel and WPS save them in China: UTF-8 (with or without a byte-order mark) or
GBK/GB18030, told apart without asking, never read garbled.

Excel on Chinese Windows saves "CSV (逗号分隔)" in the ANSI code page, GBK, and only "CSV UTF-8"
in UTF-8 (with a mark). Bytes that are valid UTF-8 are read as UTF-8: GBK text is almost never
valid UTF-8 as well. Otherwise they are read as GB18030 (a superset of GBK), and the result is
kept only when it holds Chinese text, the headers at least, so that a file in a third encoding
(Big5, Shift-JIS, Latin-1) gets a clear message rather than a page of mojibake.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from careguide.errors import Origin, Problem

_SAVE_AS = "请在 Excel 里“另存为” → 文件类型选“CSV UTF-8（逗号分隔）”；WPS 选“CSV”并保存为 UTF-8"
_CHINESE = re.compile(r"[\u4e00-\u9fff]")
_UNLIKELY = re.compile(r"[\ue000-\uf8ff\u3040-\u30ff]")
"""GBK's user-defined areas and Japanese kana: Big5 (Traditional Chinese Windows) read as GBK
gives these, while Chinese class lists hardly ever hold them."""


def decode_csv(path: Path) -> str | Problem:
    """The text of a CSV file with ``\\n`` line endings, or why it cannot be read as such."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        return Problem(Origin(path), f"无法读取文件（{error.strerror or error}）", _SAVE_AS, 1, 1)
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Problem(Origin(path), "文件是 UTF-16 编码（“Unicode 文本”）", _SAVE_AS, 1, 1)
    if raw.startswith(codecs.BOM_UTF8):
        return _utf8(path, raw[len(codecs.BOM_UTF8) :])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return _lines(text)
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError as error:
        return _unknown(path, raw, error.start)
    if not _CHINESE.search(text) or _UNLIKELY.search(text):
        return _unknown(path, raw, 0)
    return _lines(text)


def _utf8(path: Path, raw: bytes) -> str | Problem:
    try:
        return _lines(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        return _unknown(path, raw, error.start, utf8_mark=True)


def _unknown(path: Path, raw: bytes, offset: int, *, utf8_mark: bool = False) -> Problem:
    line = raw[:offset].count(b"\n") + 1
    what = (
        "文件开头标明是 UTF-8，内容却不是 UTF-8"
        if utf8_mark
        else "文件既不是 UTF-8 编码，也不是 GBK/GB18030 编码"
    )
    message = f"{what}（第 {line} 行无法识别），读出来会是乱码"
    return Problem(Origin(path), message, _SAVE_AS, line, 1)


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
