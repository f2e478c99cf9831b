"""The ``careguide`` command: ``careguide check`` validates content without building the site."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from careguide.catalog import load_catalog
from careguide.errors import ContentError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="careguide", description="careguide 内容工具")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="检查 content/ 下的内容文件，不生成网站")
    check.add_argument("content", nargs="?", default="content", type=Path, help="内容目录")
    args = parser.parse_args(argv)
    return _check(args.content)


def _check(content_dir: Path) -> int:
    if not content_dir.is_dir():
        print(
            f"{content_dir}: 找不到内容目录 — 请在项目根目录运行，或写出目录路径", file=sys.stderr
        )
        return 2
    try:
        catalog = load_catalog(content_dir.resolve())
    except ContentError as error:
        print(error.report(), file=sys.stderr)
        return 1
    chapters = sum(len(book.chapters) for book in catalog.books)
    print(
        f"内容检查通过：{chapters} 个章节，{len(catalog.centres)} 个指导中心，"
        f"{len(catalog.classes)} 门课程。"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
