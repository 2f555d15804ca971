"""Where the shipped text files and fonts live, installed or in a checkout.

A wheel carries them inside the package (``safehaven_docs/_data``); a source
checkout keeps them at the top of the repository. Callers never guess.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def default_texts_dir() -> Path:
    """The folder of the shipped ``<tag>.toml`` text files."""
    return _data_dir("texts")


def fonts_dir() -> Path:
    """The folder of the bundled fonts and their manifest."""
    return _data_dir("fonts")


def example_roster() -> Path:
    """The shipped example district's roster (``examples/sites.csv``)."""
    return _data_dir("examples") / "sites.csv"


def translator_notes_dir() -> Path:
    """The folder of the translator notes (``<tag>.md``), shipped with the texts."""
    installed = _PACKAGE / "_data" / "translations"
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / "docs" / "translations"
