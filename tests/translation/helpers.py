"""Helpers for the translation tests: export a language, edit the returned file like a CAT tool."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from safehaven_docs.translation.export import export

NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}


def exported(tag: str, texts: Path, fmt: str = "xliff") -> Path:
    """Export ``tag`` from ``texts`` into a file beside the folder."""
    path = texts.parent / f"{tag}.{'po' if fmt == 'po' else 'xlf'}"
    path.write_bytes(export(tag, fmt, texts=texts))
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of ``folder`` by name, byte for byte."""
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def units(path: Path) -> dict[str, etree._Element]:
    tree = etree.parse(str(path))
    return {unit.get("id"): unit for unit in tree.iterfind(".//x:trans-unit", NS)}


def edit_xliff(path: Path, targets: dict[str, str] | None = None,
               approve: Iterable[str] | bool = ()) -> None:
    """Set target texts and approve units (``True``: all), as a reviewer's tool would."""
    tree = etree.parse(str(path))
    every = {unit.get("id"): unit for unit in tree.iterfind(".//x:trans-unit", NS)}
    for key, text in (targets or {}).items():
        target = every[key].find("x:target", NS)
        for child in list(target):
            target.remove(child)
        target.text = text
    chosen = every if approve is True else {key: every[key] for key in approve or ()}
    for unit in chosen.values():
        unit.set("approved", "yes")
        unit.find("x:target", NS).set("state", "final")
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def target_text(path: Path, key: str) -> str:
    return "".join(units(path)[key].find("x:target", NS).itertext())
