"""Building the site so that the site parents see is never lost, half-written or mixed.

MkDocs empties ``site/`` before it writes, and in strict mode it only reports the warnings after
everything is written. So a build, holding the site's lock (:mod:`careguide.lock`) for the whole
time, first puts back a site an earlier crash left aside, then builds into a fresh folder and
puts it in place only when the build succeeded (:mod:`careguide.publish`); on failure the
previous site is left exactly as it was, and the message says so only when it is true.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from careguide import publish
from careguide.checkpoints import checkpoint
from careguide.errors import CareguideError, PublishError, file_error
from careguide.lock import build_lock
from careguide.public_address import PUBLISHING

DEFAULT_WAIT = 600.0
"""Seconds a build waits for another build of the same site (a large site takes minutes)."""


def build_site(
    config_file: Path, *, strict: bool = True, wait: float = DEFAULT_WAIT, publish: bool = False
) -> bool:
    """Build into a staging folder, then put it in place of the site folder.

    Returns whether the build succeeded; errors are printed, never raised as tracebacks. A
    ``publish`` build refuses an address that is not public (:mod:`careguide.public_address`).
    """
    token = PUBLISHING.set(publish)
    try:
        return _locked_build(config_file, strict, wait)
    finally:
        PUBLISHING.reset(token)


def _locked_build(config_file: Path, strict: bool, wait: float) -> bool:
    try:
        config = load_config(str(config_file.resolve()), strict=strict)
    except MkDocsException as error:
        print(f"\n{error}", file=sys.stderr)
        return False
    try:
        folders = publish.SiteFolders.of(Path(config.site_dir))
    except PublishError as error:
        print(f"\n{error}", file=sys.stderr)
        return False
    try:
        with build_lock(folders.lock, wait):
            checkpoint("build: the lock taken")
            notice = publish.recover(folders)
            if notice:
                print(notice, file=sys.stderr)
            checkpoint("build: the site recovered")
            config.site_dir = str(folders.staging)
            return _build_and_publish(config, folders)
    except PublishError as error:  # says itself what the site holds now
        print(f"\n{error}", file=sys.stderr)
        return False
    except CareguideError as error:
        print(f"\n{error}\n{_kept(folders)}", file=sys.stderr)
        return False
    except OSError as error:
        print(f"\n{file_error(error)}\n{_kept(folders)}", file=sys.stderr)
        return False


def _build_and_publish(config: MkDocsConfig, folders: publish.SiteFolders) -> bool:
    try:
        build(config)
    except MkDocsException as error:
        publish.remove(folders.staging)
        print(f"\n{error}\n{_kept(folders)}", file=sys.stderr)
        return False
    except BaseException:
        publish.remove(folders.staging)
        raise
    checkpoint("build: the new site complete")
    publish.publish(folders)
    return True


def _kept(folders: publish.SiteFolders) -> str:
    """What the visitor sees now, said only when it is true."""
    name = folders.site.name
    if folders.real.is_dir():
        return f"网站未更新：{name}/ 保持上一次成功生成的内容。"
    return f"网站未生成：还没有 {name}/（没有成功生成过，或已被删除）。"
