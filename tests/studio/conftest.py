"""The studio app with its test client, on a small roster; and reading back what it gives."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from starlette.testclient import TestClient

from safehaven_docs.studio.app import create_app
from safehaven_docs.studio.catalog import Catalog
from safehaven_docs.studio.work import Renders

ROSTER = ("site_id,site_name,poster_sizes,en,es,ar\n"
          "A1,Alpha School,letter,10,5,0\n"
          "B2,Beta Academy,,3,0,2\n")


@pytest.fixture(scope="session")
def roster(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("studio") / "sites.csv"
    path.write_text(ROSTER, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def client(roster: Path) -> Iterator[TestClient]:
    """One studio (two worker processes) for the whole test run; tests only read from it."""
    app = create_app(Catalog(roster=roster), Renders(2))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def pdf_text(data: bytes) -> str:
    """Every page's text in logical order (pypdf), spaces normalised.

    (PDFium gives a Latin name inside an Arabic line with its words in reverse
    order, a limit of that reader described in docs/pdf-text-extraction.md.)
    """
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
