"""A reference implementation of our documents in Typst, for benchmarks.

The same texts (``texts/*.toml`` through :func:`safehaven_docs.load_texts`), the
same Noto fonts (``fonts/``), the same page sizes and a similar structure as
``safehaven_docs/layout/documents/*.py``, so a benchmark can set "Typst
compiling the same documents one by one" beside ``safehaven pack``::

    from benchmarks.typst_reference import typst_source, compile_one
    pdf = compile_one(typst_source("poster", "so", size="tabloid"))

:func:`typst_source` returns one self-contained Typst file: the templates in
``safehaven.typ`` followed by ``#let data = (...)`` (every text a Typst *string
literal*, so markup characters in a translation are printed, never
interpreted) and a call such as ``#poster(data)``. Work that is not layout —
loading the TOML files, formatting the letter's date with CLDR, the QR code's
modules — happens here in Python, outside the compile being timed.

Like ours, posters, digests, handouts and the multilingual poster are set at
the largest body size that fits (bisection to 0.1 pt, each step a Typst
``measure`` of the content); ``body_size=`` skips that search.
"""

from __future__ import annotations

import math
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

import typst

import safehaven_docs as sh
from safehaven_docs.branding import DEFAULT_BRANDING, Branding
from safehaven_docs.dates import format_month_year, format_number
from safehaven_docs.layout.documents.common import SHEETS
from safehaven_docs.model import LanguageTexts, TextSet
from safehaven_docs.text.scripts import script_info

__all__ = ["DOCUMENTS", "SIZES", "compile_one", "typst_source"]

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
FONTS = REPO / "fonts"
TEMPLATE = HERE / "safehaven.typ"

DOCUMENTS = ("poster", "digest", "letter", "handout", "multilingual")
#: The sheets our documents use, in points (all but the handout's half-letter).
SIZES: dict[str, tuple[float, float]] = {name: size for name, size in SHEETS.items()
                                         if name != "half-letter"}
FSI, PDI = "\u2068", "\u2069"
#: Each script's usual ink ascent and descent, in multiples of the type size,
#: as our engine measures the lines of the shipped texts (text/typeset.py); a
#: paragraph's first line starts and its last line ends at these.
EDGES: dict[str, tuple[float, float]] = {
    "Latn": (0.77, 0.24), "Arab": (1.02, 0.50), "Mymr": (1.00, 0.47), "Rohg": (1.08, 0.22),
}


def typst_source(doc: str, lang: str, *, size: str = "tabloid", site: str | None = None,
                 texts: TextSet | Path | str | None = None, branding: Branding | None = None,
                 body_size: float | None = None) -> str:
    """Typst markup for one document.

    ``doc`` is one of :data:`DOCUMENTS`; ``size`` one of :data:`SIZES` (poster,
    digest, multilingual; the letter is always US Letter, the handout Letter
    landscape); ``site`` prints "Posted at {site}" on digests and handouts.
    ``lang`` is ignored for ``multilingual`` (every language). ``body_size``
    (points) sets that body size instead of searching for the largest that fits.
    """
    if doc not in DOCUMENTS:
        raise ValueError(f"unknown document {doc!r}; choose one of {', '.join(DOCUMENTS)}")
    if size not in SIZES:
        raise ValueError(f"unknown size {size!r}; choose one of {', '.join(SIZES)}")
    text_set = texts if isinstance(texts, TextSet) else _load(texts)
    brand = branding or DEFAULT_BRANDING
    english = text_set.source
    width, height = SIZES[size]
    data: dict[str, Any] = {"width": width, "height": height, "size": body_size,
                            "brand": _brand(brand, with_qr=doc in ("digest", "handout"))}
    if doc == "multilingual":
        data["kits"] = [_kit(language, english, brand, ("digest",)) for language in text_set]
        drafts = any(language.meta.is_draft for language in text_set)
        data["draft"] = english.labels["draft_notice"] if drafts else None
    else:
        language = text_set[lang]
        parts = {"poster": ("resolution",), "digest": ("digest",), "handout": ("digest",),
                 "letter": ("resolution", "letter")}[doc]
        kit = _kit(language, english, brand, parts)
        if doc == "poster":
            kit["others"] = [_isolate(other.meta.native_name) for other in text_set
                             if other.tag != language.tag]
        data["kit"] = kit
        data["site"] = (language.labels.format("posted_at", site=_isolate(site))
                        if site else None)
    return f"{_template()}\n#let data = {_literal(data)}\n#{doc}(data)\n"


@lru_cache(maxsize=1)
def _compiler() -> typst.Compiler:
    return typst.Compiler(font_paths=[str(FONTS)], ignore_system_fonts=True)


def compile_one(source: str) -> bytes:
    """``source`` compiled by Typst to PDF bytes, with only the fonts in ``fonts/``.

    One compiler (its font book) is kept for the process, as a warm district
    build would; Typst's own memoization is process-wide either way, so
    compiling an unchanged source again is partly answered from its cache.
    """
    pdf = _compiler().compile(input=source.encode("utf-8"), format="pdf")
    assert isinstance(pdf, bytes)
    return pdf


# ---------------------------------------------------------------- data


@lru_cache(maxsize=1)
def _template() -> str:
    return TEMPLATE.read_text(encoding="utf-8")


@lru_cache(maxsize=4)
def _load(folder: Path | str | None) -> TextSet:
    return sh.load_texts(folder)


@lru_cache(maxsize=1)
def _size_adjust() -> dict[str, float]:
    """Family → size_adjust from fonts/manifest.toml (Naskh Arabic: 1.15)."""
    manifest = tomllib.loads((FONTS / "manifest.toml").read_text(encoding="utf-8"))
    return {font["family"]: float(font.get("size_adjust", 1.0)) for font in manifest["font"]}


def _isolate(value: str) -> str:
    return f"{FSI}{value}{PDI}"


def _fill(text: str, brand: Branding) -> str:
    """Kit.fill: the phone number unbreakable, phone and address bidi-isolated."""
    phone = brand.phone.replace(" ", "\u00a0").replace("-", "\u2011")
    url = brand.url.removeprefix("https://").removeprefix("http://").rstrip("/")
    return text.format(phone=_isolate(phone), url=_isolate(url))


def _draft(language: LanguageTexts, english: LanguageTexts) -> str | None:
    """common.draft_notice: the notice in the language and in English."""
    if not language.meta.is_draft:
        return None
    own, theirs = language.labels["draft_notice"], english.labels["draft_notice"]
    return own if own == theirs else f"{own} · {FSI}{theirs}{PDI}"


def _kit(language: LanguageTexts, english: LanguageTexts, brand: Branding,
         parts: tuple[str, ...]) -> dict[str, Any]:
    meta = language.meta
    info = script_info(meta.script)
    families = list(info.families)
    if "Noto Sans" not in families:
        families.append("Noto Sans")
    kit: dict[str, Any] = {
        "tag": meta.tag,
        "lang": meta.tag.split("-")[0].lower(),
        "rtl": meta.direction.value == "rtl",
        "fonts": families,
        "scale": _size_adjust().get(families[0], 1.0),
        "leading": info.leading,
        "edges": EDGES.get(meta.script, EDGES["Latn"]),
        "spaced": info.spaces_between_words,
        "native_name": meta.native_name,
        "draft": _draft(language, english),
        "digits": "".join(format_number(language, d) for d in range(10)),
        "labels": dict(language.labels.values),
    }
    if "resolution" in parts:
        res = language.resolution
        kit["resolution"] = {
            "title": res.title, "subtitle": res.subtitle, "preamble": list(res.preamble),
            "commitments_intro": res.commitments_intro,
            "commitments": [{"text": c.text, "items": [i.text for i in c.items]}
                            for c in res.commitments],
        }
    if "digest" in parts:
        dig = language.digest
        kit["digest"] = {
            "headline": dig.headline, "summary": dig.summary,
            "points": [point.text for point in dig.points],
            "ask": {"heading": dig.ask.heading, "text": _fill(dig.ask.text, brand),
                    "full_text": _fill(dig.ask.full_text, brand)},
        }
    if "letter" in parts:
        let = language.letter
        kit["letter"] = {
            "date": format_month_year(language, let.date),
            "salutation": let.salutation, "opening": list(let.opening),
            "closing_paragraphs": list(let.closing_paragraphs), "closing": let.closing,
            "signatories": [{"name": _isolate(s.name), "role": s.role,
                             "organization": s.organization} for s in let.signatories],
        }
    return kit


def _brand(brand: Branding, *, with_qr: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "primary": brand.primary_color, "accent": brand.accent_color,
        "monogram": brand.monogram, "address": _isolate(brand.address), "qr": None,
    }
    if with_qr:
        matrix = _qr_matrix(brand.url)
        data["qr"] = {"size": len(matrix), "runs": _runs(matrix)}
    return data


def _qr_matrix(url: str) -> tuple[tuple[bool, ...], ...]:
    """The very code our digest prints (the same modules, so the same work to draw)."""
    from safehaven_docs.layout.qr import qr_matrix

    return qr_matrix(url)


def _runs(matrix: tuple[tuple[bool, ...], ...]) -> list[tuple[int, int, int]]:
    """Each horizontal run of dark modules, as our digest draws them."""
    from safehaven_docs.layout.qr import dark_runs

    return dark_runs(matrix)


def _literal(value: Any) -> str:
    """``value`` (str, number, bool, None, list, tuple, dict) as a Typst code literal."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"cannot write {value!r} in Typst")
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, (list, tuple)):
        # A trailing comma keeps a one-item array an array: (x,).
        return "(" + "".join(_literal(item) + ", " for item in value) + ")"
    if isinstance(value, dict):
        if not value:
            return "(:)"
        return "(" + ", ".join(f"{_string(str(k))}: {_literal(v)}"
                               for k, v in value.items()) + ")"
    raise TypeError(f"cannot write {type(value).__name__} in Typst")


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _string(text: str) -> str:
    """A Typst string literal: backslash, quote and control characters escaped."""
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{{{ord(char):x}}}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'
