"""Putting a finished build in place of ``site/``, and putting ``site/`` back after a crash.

``site/`` is one of three things, and each is published its own way:

* a plain folder: the new site is built next to it (``.site.building``), then two renames swap
  it in (``site`` → ``.site.previous``, ``.site.building`` → ``site``) and the old one is
  deleted. A crash between the two renames leaves only ``.site.previous``; the next build puts it
  back first (:func:`recover`), so a complete site is always there or one rename away.
* a symbolic link (to a web server's folder, say ``/var/www/care``): the link is left alone and
  its target is replaced as above, the new site being built next to the target, so whatever
  serves the link or the target sees the new site.
* a mount point, or a folder that cannot be renamed for another reason: the new site is copied
  into it file by file (:func:`sync`), each file written beside its place and renamed over it,
  new files before the pages that link to them, and what the new site no longer has deleted last.
"""

from __future__ import annotations

import errno
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from careguide.checkpoints import checkpoint
from careguide.errors import PublishError, file_error

UNRENAMEABLE = (errno.EBUSY, errno.EXDEV)
"""What renaming a mount point (or a folder on another file system) fails with."""

KEPT_AT_TOP = frozenset({"lost+found"})
"""Entries of a mounted file system's root that are not the site's and are never deleted."""


@dataclass(frozen=True)
class SiteFolders:
    """``site/`` and the folders a build keeps next to the folder that really holds the site."""

    site: Path
    """As configured (``site_dir``): a folder, a symbolic link, or a mount point."""
    real: Path
    """The folder that holds the site: the link's target when ``site`` is a link."""

    @classmethod
    def of(cls, site_dir: Path) -> SiteFolders:
        try:
            real = site_dir.resolve() if site_dir.is_symlink() else site_dir
        except (OSError, RuntimeError):  # Python 3.11 raises RuntimeError for a loop of links
            raise PublishError(
                f"{site_dir}: 符号链接指向自己（循环链接），找不到网站文件夹 — "
                f"请用 ln -sfn 目标文件夹 {site_dir.name} 重新建立链接"
            ) from None
        return cls(site_dir, real)

    @property
    def staging(self) -> Path:
        return self.real.with_name(f".{self.real.name}.building")

    @property
    def retired(self) -> Path:
        return self.real.with_name(f".{self.real.name}.previous")

    @property
    def lock(self) -> Path:
        return self.site.with_name(f".{self.site.name}.lock")


def recover(folders: SiteFolders) -> str | None:
    """Put back the site a crash left aside, and remove what an interrupted build left.

    Returns a notice when the site was put back.
    """
    notice = None
    if not folders.real.exists() and folders.retired.is_dir():
        folders.retired.rename(folders.real)  # the crash came between the two renames
        notice = (
            f"上一次生成在替换网站时中断：已把 {folders.retired.name} 恢复为 {folders.site.name}/"
        )
    for leftover in (folders.staging, folders.retired):
        remove(leftover)
    return notice


def publish(folders: SiteFolders) -> None:
    """Put the finished build (``folders.staging``) in place of the site."""
    real, staging, retired = folders.real, folders.staging, folders.retired
    if real.is_dir() and os.path.ismount(real):
        _sync_and_remove(staging, real)
        return
    if real.exists():
        try:
            real.rename(retired)
        except OSError as error:
            if error.errno not in UNRENAMEABLE:
                raise
            _sync_and_remove(staging, real)  # e.g. a bind mount of a folder of the same disk
            return
        checkpoint("publish: the previous site set aside")
    try:
        staging.rename(real)
    except OSError:
        if retired.exists():
            retired.rename(real)
        raise
    checkpoint("publish: the new site in place")
    remove(retired)
    checkpoint("publish: the previous site deleted")


def _sync_and_remove(staging: Path, real: Path) -> None:
    try:
        sync(staging, real)
    except OSError as error:
        raise PublishError(
            f"{file_error(error)}\n网站只更新了一部分：{real.name}/ 里每个文件都是完整的，"
            "但新旧页面并存 — 解决上面的问题后重新运行 make site"
        ) from None
    remove(staging)
    checkpoint("publish: the build folder deleted")


def sync(source: Path, target: Path) -> None:
    """Make the folder ``target`` hold exactly the files of ``source``, keeping ``target`` itself.

    Every file is complete at every moment: each is written next to its place and renamed over
    it. Files other than pages come first (styles, scripts, images, the search index, deepest
    first), then the pages, the home page last, so a page never links to a file not there yet;
    files the new site no longer has are deleted at the end. Unchanged files are not rewritten.
    """
    files = sorted(
        (path.relative_to(source) for path in source.rglob("*") if not path.is_dir()),
        key=lambda relative: (relative.suffix == ".html", -len(relative.parts), str(relative)),
    )
    for relative in files:
        new, old = source / relative, target / relative
        if _same_file(new, old):
            continue
        _make_folder(target, relative.parent)
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old)
        temporary = old.with_name(f".{old.name}.careguide-new")
        shutil.copyfile(new, temporary, follow_symlinks=False)
        os.replace(temporary, old)
        checkpoint("publish: a file copied into the site")
    _delete_extra(target, set(files))


def _same_file(new: Path, old: Path) -> bool:
    try:
        if old.is_symlink() or not old.is_file() or new.stat().st_size != old.stat().st_size:
            return False
        return new.read_bytes() == old.read_bytes()
    except OSError:
        return False


def _make_folder(target: Path, relative: Path) -> None:
    """``target / relative`` as a folder, removing files that stand where a folder must be."""
    folder = target
    for part in relative.parts:
        folder = folder / part
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            folder.unlink()
        folder.mkdir(exist_ok=True)


def _delete_extra(target: Path, keep: set[Path]) -> None:
    """Delete what ``target`` holds beyond the files ``keep``, deepest first."""
    folders_kept = {parent for relative in keep for parent in relative.parents}
    entries = sorted(
        (p for p in target.rglob("*") if p.relative_to(target).parts[0] not in KEPT_AT_TOP),
        key=lambda path: -len(path.parts),
    )
    for path in entries:
        relative = path.relative_to(target)
        if relative in keep or relative in folders_kept:
            continue
        if path.is_dir() and not path.is_symlink():
            path.rmdir()  # deepest first: already empty of what is not kept
        else:
            path.unlink()


def remove(path: Path) -> None:
    """Delete a file, link or folder if it is there (a link is removed, never followed)."""
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
