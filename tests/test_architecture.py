"""The core stays backend-free: the model and text engine never load a writer library."""

from __future__ import annotations

import subprocess
import sys


def _loaded_after(statement: str) -> set[str]:
    code = f"{statement}\nimport sys\nprint(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    return set(out.split())


def test_core_imports_no_writer_library() -> None:
    modules = _loaded_after(
        "import safehaven_docs, safehaven_docs.text.typeset, safehaven_docs.layout.flow, "
        "safehaven_docs.layout.sample")
    assert "safehaven_docs.text.typeset" in modules
    assert not {m for m in modules if m.split(".")[0] in {"reportlab", "docx", "bidi"}}


def test_writer_does_not_shape_itself() -> None:
    modules = _loaded_after("import safehaven_docs.writers.pdf_text")
    # The PDF writer draws placed glyphs; it never calls HarfBuzz or python-bidi.
    assert "reportlab" in modules
    assert "bidi" not in modules


def test_the_package_says_it_is_typed() -> None:
    """District tools type-check their code against ours (PEP 561)."""
    from pathlib import Path

    import safehaven_docs

    assert (Path(safehaven_docs.__file__).parent / "py.typed").is_file()


def test_text_commands_load_no_pdf_library() -> None:
    """`languages` and `check` start without ReportLab, Pillow, qrcode, tomlkit or pypdf;
    `languages` without Babel too. `check` loads Babel to see that each file with no
    [dates] table names a CLDR locale whose dates can be printed."""
    heavy = {"reportlab", "PIL", "qrcode", "tomlkit", "pypdf", "pypdfium2"}
    listing = _loaded_after(
        "import os\nos.environ['SAFEHAVEN_NO_CACHE'] = '1'\n"
        "import contextlib, io\nfrom safehaven_docs.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n    main(['languages'])")
    assert not {m for m in listing if m.split(".")[0] in heavy | {"babel"}}
    checking = _loaded_after(
        "import contextlib, io\nfrom safehaven_docs.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n    main(['check'])")
    assert not {m for m in checking if m.split(".")[0] in heavy}
    assert "babel" in {m.split(".")[0] for m in checking}


def test_rendering_a_poster_loads_no_pdf_reader() -> None:
    """A render preflights its document, not its PDF: no parser is loaded to write one."""
    modules = _loaded_after(
        "import safehaven_docs as sh\nsh.render('poster', 'en')")
    assert "reportlab" in modules
    assert not {m for m in modules if m.split(".")[0] in {"pypdf", "pypdfium2", "qrcode"}}


def test_editable_structure_loads_no_writer_library() -> None:
    """The DOCX document structure is core: plain data, no python-docx, no ReportLab."""
    modules = _loaded_after("import safehaven_docs.layout.documents.editable")
    assert "safehaven_docs.layout.structure" in modules
    assert not {m for m in modules if m.split(".")[0] in {"reportlab", "docx", "bidi"}}


def test_docx_render_loads_python_docx_not_the_pdf_writer() -> None:
    """A DOCX render hands logical runs to python-docx: no PDF writer, no glyph drawing."""
    modules = _loaded_after(
        "import safehaven_docs as sh\nsh.render('letter', 'ar', fmt='docx')")
    assert "docx" in modules
    assert not {m for m in modules if m.split(".")[0] in {"reportlab", "pypdf", "bidi"}}
    assert "safehaven_docs.writers.pdf_text" not in modules
