"""Building the site so that a failed build never leaves a half-written site behind.

MkDocs empties ``site/`` before it writes, and in strict mode it only reports the warnings after
everything is written. So the site is built into a fresh folder next to ``site/`` and swapped in
only when the build succeeded; on failure the previous ``site/`` is left exactly as it was.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException


def build_site(config_file: Path, *, strict: bool = True) -> bool:
    """Build into a staging folder, then swap it in place of the site folder.

    Returns whether the build succeeded; errors are printed, never raised as tracebacks.
    """
    try:
        config = load_config(str(config_file.resolve()), strict=strict)
    except MkDocsException as error:
        print(f"\n{error}", file=sys.stderr)
        return False
    site_dir = Path(config.site_dir)
    staging = site_dir.with_name(f".{site_dir.name}.building")
    retired = site_dir.with_name(f".{site_dir.name}.previous")
    for leftover in (staging, retired):
        shutil.rmtree(leftover, ignore_errors=True)
    config.site_dir = str(staging)
    try:
        build(config)
    except MkDocsException as error:
        shutil.rmtree(staging, ignore_errors=True)
        kept = f"网站未更新：{site_dir.name}/ 保持上一次成功生成的内容。"
        print(f"\n{error}\n{kept}", file=sys.stderr)
        return False
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if site_dir.exists():
        site_dir.rename(retired)
    staging.rename(site_dir)
    shutil.rmtree(retired, ignore_errors=True)
    return True
