"""The DOCX writer: editable Word documents from a document's structure (python-docx)."""

from __future__ import annotations

from .writer import docx_bytes

__all__ = ["docx_bytes"]
