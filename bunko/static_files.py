"""The imported site's static files (images, downloads), copied to the same path of the output.

An old post's ``/assets/images/x.png`` is then a file of the archive, at the path the old site
served it, and ``post_links`` points each page at it relatively. Copied at
``build-finished`` through the output manifest, so an unchanged file is not copied again and
a file that left the Jekyll folder leaves the output. A static file never replaces what
another part of the build writes there (a page, a feed, a redirect, Sphinx's own folders):
it is refused with one warning naming the file and the owner.
"""

from __future__ import annotations

from pathlib import Path

from .output import OutputManifest, file_stamp
from .site_urls import SiteUrls, reserved_owner


def copy_static_files(urls: SiteUrls, manifest: OutputManifest,
                      owners: dict[str, str]) -> list[tuple[str, str]]:
    """Copy every static file; ``owners`` names who writes each output path this build
    already has. Returns a (source path relative to the source folder's Jekyll folder,
    warning) for each file refused."""
    folder = urls.jekyll.folder
    if folder is None:
        return []
    problems = []
    for name in sorted(urls.static.values()):
        owner = owners.get(name) or urls.refused_static.get(name) or reserved_owner(name)
        source = folder / name
        if owner:
            problems.append((name, f"would be copied to {name}, which is {owner}; not copied"))
        elif source.is_symlink() and not _inside(source.resolve(), folder):
            problems.append((name, "is a link to a file outside the Jekyll folder; not copied"))
        elif not manifest.copy(name, source):
            problems.append((name, f"cannot be copied to {name}; not copied"))
    return problems


def static_files_state(urls: SiteUrls) -> str:
    """What the copies depend on: each static file's name, size and modification time."""
    folder = urls.jekyll.folder
    if folder is None:
        return ""
    return "\n".join(f"{name}:{file_stamp(folder / name) or '-'}"
                     for name in sorted(urls.static.values()))


def _inside(path: Path, folder: Path) -> bool:
    return folder == path or folder in path.parents
