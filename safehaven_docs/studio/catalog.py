"""What the studio offers: languages (with their status), the roster's sites, branding files.

All of it is read on the server from the folders and files given on the
command line; the browser only ever names an entry of these lists. The texts
are read again on every request that needs them (checking is cached by the
files' contents), so a translator's edit shows in the next preview, and the
``stamp`` of their contents is part of every render's cache key.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from msgspec import Struct

from ..branding import Branding, load_branding
from ..errors import TextsError
from ..model import TextSet, check_texts
from ..packs.roster import Site, read_roster
from ..resources import default_texts_dir, example_roster

#: Plain names of the sections a translation records (``[translated_from]``).
SECTIONS = {"resolution": "the complete resolution", "digest": "the digest",
            "letter": "the letter", "labels": "the labels (headings, footers)"}


class Language(Struct, frozen=True):
    """One language as the page and ``/api/languages`` show it."""

    tag: str
    native_name: str
    english_name: str
    script: str
    direction: str
    status: str
    reviewer: str
    reviewed_on: str
    stale: tuple[str, ...]

    @property
    def status_words(self) -> str:
        """The translation's state in one or two plain sentences."""
        if self.status == "source":
            words = "English is the original text of the resolution."
        elif self.status == "draft":
            words = ("Draft translation: not yet checked by a qualified translator. Every "
                     "page says so in small print.")
        else:
            by = f" by {self.reviewer}" if self.reviewer else ""
            on = f" on {self.reviewed_on}" if self.reviewed_on else ""
            words = f"Reviewed translation (checked{by}{on})."
        if self.stale:
            parts = ", ".join(SECTIONS.get(name, name) for name in self.stale)
            words += (f" The English text of {parts} changed after this translation was "
                      "made, so it may not say the same thing yet.")
        return words


class BrandingChoice(Struct, frozen=True):
    """A branding file the person may pick by its number."""

    label: str
    path: Path | None
    branding: Branding


class Texts(Struct, frozen=True):
    """The texts as they are now, and a stamp of their files' contents."""

    texts: TextSet
    languages: tuple[Language, ...]
    stamp: str


class Catalog:
    """The server's lists, made from the command line's ``--texts``, ``--roster``, ``--config``."""

    def __init__(self, texts: Path | None = None, roster: Path | None = None,
                 configs: list[Path] | None = None) -> None:
        self.texts_dir = texts
        self.brandings = _brandings(configs or [])
        self.roster_path = roster or example_roster()
        current = self.texts()
        checked = read_roster(self.roster_path, current.texts.tags)
        self.sites: tuple[Site, ...] = checked.sites
        self.roster_problems = tuple(str(p) for p in checked.problems if p.is_error)

    def texts(self) -> Texts:
        """The texts now on disk, checked; raises :class:`TextsError` if they are broken."""
        report = check_texts(self.texts_dir)
        if report.texts is None:
            raise TextsError(report.all_problems())
        stale = {f.tag: tuple(k.removeprefix("translated_from.") for k in f.stale)
                 for f in report.files}
        languages = tuple(Language(m.tag, m.native_name, m.english_name, m.script,
                                   m.direction.value, m.status.value, m.reviewer,
                                   m.reviewed_on, stale.get(m.tag, ()))
                          for m in (language.meta for language in report.texts))
        return Texts(report.texts, languages, _stamp(self.texts_dir or default_texts_dir()))

    def site_named(self, name: str | None) -> Site | None:
        """The roster's site printed as ``name`` (case and outer spaces do not matter)."""
        if not name:
            return None
        wanted = name.strip().casefold()
        return next((site for site in self.sites if site.name.casefold() == wanted), None)

    def site_with_id(self, site_id: str) -> Site | None:
        return next((site for site in self.sites if site.id == site_id), None)


def _brandings(configs: list[Path]) -> tuple[BrandingChoice, ...]:
    if not configs:
        return (BrandingChoice("Built-in (Milwaukee Public Schools)", None, load_branding(None)),)
    return tuple(BrandingChoice(path.name, path, load_branding(path)) for path in configs)


def _stamp(folder: Path) -> str:
    """A hash of every text file's name and bytes: changes whenever a text does."""
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.toml")):
        digest.update(path.name.encode("utf-8") + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"unreadable")
    return digest.hexdigest()[:16]
