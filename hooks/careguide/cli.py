"""The ``careguide`` command.

``careguide check`` validates content without building the site; ``careguide build`` builds it
so that a failed build leaves the previous ``site/`` untouched (``make site`` runs it); a second
build of the same site waits for the first (``--wait`` seconds at most). Both remind the editors
of reviews over a year old and centres checked over six months ago; ``--strict`` makes those
reminders errors.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from mkdocs.__main__ import ColorFormatter

from careguide.build import DEFAULT_WAIT, build_site
from careguide.content.catalog import STRICT_DATES, load_catalog, reminders
from careguide.errors import CareguideError, ContentError

STRICT_HELP = "把超过一年未审核的小节、超过六个月未核对的指导中心当作错误（默认只提醒）"


def main(argv: list[str] | None = None) -> int:
    """Run a command; the exit status is 0 when all is well, 1 for content errors, 2 for usage."""
    parser = argparse.ArgumentParser(prog="careguide", description="careguide 内容工具")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="检查 content/ 下的内容文件，不生成网站")
    check.add_argument("content", nargs="?", default="content", type=Path, help="内容目录")
    check.add_argument("--strict", action="store_true", help=STRICT_HELP)
    build = commands.add_parser("build", help="生成网站；失败时保留上一次成功生成的 site/")
    build.add_argument("-f", "--config-file", default="mkdocs.yml", type=Path, help="MkDocs 配置")
    build.add_argument(
        "--wait",
        default=DEFAULT_WAIT,
        type=float,
        metavar="秒数",
        help=f"另一个生成正在进行时最多等待的秒数（默认 {DEFAULT_WAIT:g}）",
    )
    build.add_argument("--strict", action="store_true", help=STRICT_HELP)
    args = parser.parse_args(argv)
    if args.command == "build":
        if args.strict:
            os.environ[STRICT_DATES] = "1"
        return _build(args.config_file, args.wait)
    return _check(args.content, args.strict)


def _build(config_file: Path, wait: float) -> int:
    if not config_file.is_file():
        print(f"{config_file}: 找不到配置文件 — 请在项目根目录运行", file=sys.stderr)
        return 2
    handler = logging.StreamHandler()
    handler.setFormatter(ColorFormatter())
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        return 0 if build_site(config_file, wait=wait) else 1
    except KeyboardInterrupt:
        print(
            "\n已中断：本次生成没有完成 — 重新运行 make site 即可"
            "（它会先恢复、清理中断留下的文件）",
            file=sys.stderr,
        )
        return 130


def _check(content_dir: Path, strict: bool) -> int:
    """Validate ``content_dir`` as a build would, printing the same messages; nothing is written."""
    if not content_dir.is_dir():
        print(
            f"{content_dir}: 找不到内容目录 — 请在项目根目录运行，或写出目录路径", file=sys.stderr
        )
        return 2
    try:
        catalog = load_catalog(content_dir.resolve(), strict=strict)
    except ContentError as error:
        print(f"内容有 {len(error.problems)} 处错误：", *error.lines(), sep="\n", file=sys.stderr)
        return 1
    except CareguideError as error:  # a setting, e.g. SOURCE_DATE_EPOCH
        print(error, file=sys.stderr)
        return 1
    chapters = sum(len(book.chapters) for book in catalog.books)
    print(
        f"内容检查通过：{chapters} 个章节，{len(catalog.centres)} 个指导中心，"
        f"{len(catalog.classes)} 门课程。"
    )
    if catalog.stale:
        print(*reminders(catalog, content_dir.resolve().parent), sep="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
