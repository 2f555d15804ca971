"""The ``[pack]`` table of the config file: what a district chooses once for every build.

The same TOML file carries the branding (``[branding]``) and these settings, so
one ``--config`` describes a district. Every key is optional; errors name the
file, the key and what to write.
"""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path
from typing import Any

from ..errors import SafehavenError
from .plan import DOCUMENTS, Settings


class ConfigError(SafehavenError):
    """The ``[pack]`` table is wrong; the message names the key."""


def load_settings(config: Path | str | None, documents: list[str] | None = None,
                  docx: bool | None = None) -> Settings:
    """The pack settings in ``config`` (defaults when None); ``documents`` and ``docx``
    (``--documents``, ``--docx``) override the file's."""
    table: dict[str, Any] = {}
    if config is not None:
        path = Path(config)
        try:
            table = tomllib.loads(path.read_text(encoding="utf-8")).get("pack", {})
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            table = {}  # load_branding reads the same file first and reports these
        if not isinstance(table, dict):
            raise ConfigError(f"{path} [pack]: must be a table: write [pack] on its own line")
        _check_keys(path, table)
    chosen = documents if documents is not None else table.get("documents", list(DOCUMENTS))
    return Settings(_documents(chosen, "--documents" if documents is not None else
                               f"{config} [pack.documents]"),
                    _number(table, "letter_margin_percent", 10.0, 0, 500, config),
                    int(_number(table, "letter_margin_minimum", 2, 0, 1000, config)),
                    docx if docx is not None else _flag(table, "docx", config))


def _check_keys(path: Path, table: dict[str, Any]) -> None:
    known = ("documents", "letter_margin_percent", "letter_margin_minimum", "docx")
    for key in table:
        if key not in known:
            raise ConfigError(f"{path} [pack.{key}]: unknown key; known keys: "
                              f"{', '.join(known)}")


def _documents(chosen: Any, where: str) -> tuple[str, ...]:
    if isinstance(chosen, str):
        chosen = chosen.replace(",", " ").split()
    if not isinstance(chosen, list) or not chosen:
        raise ConfigError(f"{where}: list the documents, e.g. poster,digest")
    unknown = [name for name in chosen if name not in DOCUMENTS]
    if unknown:
        raise ConfigError(f"{where}: unknown document(s) {', '.join(map(str, unknown))}; "
                          f"choose from {', '.join(DOCUMENTS)}")
    return tuple(name for name in DOCUMENTS if name in chosen)


def _number(table: dict[str, Any], key: str, default: float, low: float, high: float,
            config: Any) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise ConfigError(f"{config} [pack.{key}]: {value!r} is not a number from {low} to "
                          f"{high}")
    return float(value)


def _flag(table: dict[str, Any], key: str, config: Any) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        raise ConfigError(f"{config} [pack.{key}]: {value!r} is not true or false")
    return value


def sha_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()

