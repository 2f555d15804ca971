"""Render text samples — the complete resolution per language — to PDF files."""

from __future__ import annotations

from pathlib import Path

from ..files import write_atomic
from ..layout.sample import sample_document
from ..model.content import LanguageTexts
from .pdf import pdf_bytes


def sample_pdf(language: LanguageTexts, size: float = 11.0) -> bytes:
    """The PDF text sample of ``language``."""
    return pdf_bytes(sample_document(language, size))


def write_sample(language: LanguageTexts, path: Path, size: float = 11.0) -> Path:
    """Write the sample of ``language`` to ``path`` atomically and return the path."""
    write_atomic(path, sample_pdf(language, size))
    return path
