"""Shared fixtures: a private copy of the shipped texts that a test may break."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from safehaven_docs.resources import default_texts_dir


@pytest.fixture
def texts_copy(tmp_path: Path) -> Path:
    """A copy of the shipped text files in a temporary folder."""
    folder = tmp_path / "texts"
    shutil.copytree(default_texts_dir(), folder)
    return folder


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    """Edit a text file in place; fails loudly if ``old`` is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


# The suite never reads or writes the user's cache on disk (a test's monkeypatched
# layout must not be answered from it, nor leave answers there); the tests of the cache
# itself turn it on with a folder of their own. Child processes inherit this.
os.environ["SAFEHAVEN_NO_CACHE"] = "1"
