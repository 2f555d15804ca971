"""safehaven_docs: the Safe Haven resolution as print-ready documents in every language.

The public API is small and typed::

    import safehaven_docs as sh
    texts = sh.load_texts()             # every language, checked
    english = texts["en"]
    english.digest.headline             # 'This school is a safe haven for every family'
    [m.tag for m in sh.languages()]     # ['en', 'ar', 'es', ...]
    report = sh.check_texts("my-texts") # every problem, never an exception
    pdf = sh.render("poster", "so", size="tabloid")          # bytes of a print-ready PDF
    sh.write("out/digest-ar.pdf", "digest", "ar", site="Hamilton High School")
    docx = sh.render("letter", "ar", fmt="docx")            # an editable Word document
    result = sh.build_pack("sites.xlsx", out="dist")   # every site's print pack

Bad input raises :class:`SafehavenError` subclasses whose message names the
file, key and line and says what to do.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing itself is not imported: importing the package stays instant

__version__ = "0.1.0"

if TYPE_CHECKING:
    from pathlib import Path

    from .documents import DOCUMENTS, SIZES, render, write
    from .errors import (
        Problem,
        RenderError,
        SafehavenError,
        Severity,
        TextsError,
        UnknownLanguageError,
    )
    from .model import (
        CheckReport,
        Direction,
        LanguageTexts,
        Meta,
        Status,
        TextSet,
        check_texts,
        load_texts,
    )
    from .packs.build import PackError, PackResult, build_pack
    from .packs.roster import RosterError

#: Every name is imported on first use: importing the package is instant (so a
#: Ctrl-C while a command starts is a message, not a traceback), and loading and
#: checking texts never loads the PDF writer.
_LAZY = {
    **dict.fromkeys(["Problem", "RenderError", "SafehavenError", "Severity", "TextsError",
                     "UnknownLanguageError"], "errors"),
    **dict.fromkeys(["DOCUMENTS", "SIZES", "render", "write"], "documents"),
    **dict.fromkeys(["CheckReport", "Direction", "LanguageTexts", "Meta", "Status", "TextSet",
                     "check_texts", "load_texts"], "model"),
    **dict.fromkeys(["PackError", "PackResult", "build_pack"], "packs.build"),
    "RosterError": "packs.roster",
}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'safehaven_docs' has no attribute {name!r}")


def languages(texts: Path | str | None = None) -> list[Meta]:
    """The metadata of every language in ``texts`` (default: the shipped texts)."""
    from .model import load_texts

    return [language.meta for language in load_texts(texts)]


__all__ = [
    "DOCUMENTS",
    "SIZES",
    "CheckReport",
    "Direction",
    "LanguageTexts",
    "Meta",
    "PackError",
    "PackResult",
    "Problem",
    "RenderError",
    "RosterError",
    "SafehavenError",
    "Severity",
    "Status",
    "TextSet",
    "TextsError",
    "UnknownLanguageError",
    "__version__",
    "build_pack",
    "check_texts",
    "languages",
    "load_texts",
    "render",
    "write",
]
