"""Content keys: what a file's bytes depend on, hashed, so unchanged work is never redone.

A render's key covers the code and fonts of this package, the branding, the
render's own fields and exactly the text files it reads: a poster in Somali
reads ``so.toml``, English (for the draft notice) and every language's native
name (the "also in" line); the multilingual poster reads every file. Changing
``es.toml`` therefore changes only the keys of Spanish documents, the posters'
language lists, the multilingual poster and the print files that hold them.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from msgspec import Struct
from msgspec.structs import asdict

from ..branding import Branding
from ..model import TextSet
from ..resources import fonts_dir
from .plan import Render

_PACKAGE = Path(__file__).resolve().parent.parent


class Fingerprints(Struct, frozen=True):
    """Hashes of everything outside a render's own fields that its bytes depend on."""

    code: str
    branding: str
    files: tuple[tuple[str, str], ...]  # tag → sha256 of its text file
    names: str  # every language's native name, for the posters' "also in" line
    source: str = "en"

    def of(self, tag: str) -> str:
        return dict(self.files)[tag]


def fingerprints(texts: TextSet, branding: Branding) -> Fingerprints:
    """The fingerprints of ``texts`` and ``branding`` for this installed package."""
    files = tuple((language.tag, _sha(language.path.read_bytes())) for language in texts)
    names = _sha(json.dumps([language.meta.native_name for language in texts]).encode())
    brand = asdict(branding)
    if branding.logo is not None:
        brand["logo"] = _sha(Path(branding.logo).read_bytes())
    return Fingerprints(code_fingerprint(), _sha(json.dumps(brand, default=str).encode()),
                        files, names, texts.source.tag)


def render_key(render: Render, prints: Fingerprints) -> str:
    """The content key of ``render``: equal keys mean byte-identical files."""
    if render.doc == "multilingual":
        texts = [sha for _, sha in prints.files]
    else:
        texts = [prints.of(render.lang), prints.of(prints.source)]
        if render.doc == "poster":
            texts.append(prints.names)
    fields = [render.doc, render.lang, render.size, render.site_name, render.phone,
              render.address, render.fmt]
    return combine([prints.code, prints.branding, *texts, json.dumps(fields)])


def combine(parts: list[str]) -> str:
    """One key for an ordered list of keys and values."""
    return _sha("\x1e".join(parts).encode("utf-8"))


@cache
def code_fingerprint() -> str:
    """A hash of this package's source and bundled fonts: a new version rebuilds everything."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    for path in sorted(fonts_dir().iterdir()):
        stat = path.stat()
        digest.update(f"{path.name}:{stat.st_size}".encode())
    return digest.hexdigest()


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
