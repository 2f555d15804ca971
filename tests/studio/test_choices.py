"""Checking a request's parameters, and the names of downloads, without a server."""

from __future__ import annotations

import re
import socket
import sys

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from safehaven_docs.cli import main
from safehaven_docs.studio.choices import (
    BadInput,
    Choice,
    choice,
    download_name,
    safe_ascii,
)

TAGS = ["en", "ar", "es", "rhg-Latn"]
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.-]*\.(pdf|png|docx)$")


@given(site=st.text(max_size=200), doc=st.sampled_from(["digest", "handout", "poster"]),
       extension=st.sampled_from(["pdf", "png", "docx"]))
@example(site="../../etc/passwd", doc="digest", extension="pdf")
@example(site='a"; filename="x.exe', doc="digest", extension="pdf")
@example(site="\\\\server\\share\\..\\x", doc="handout", extension="docx")
def test_a_download_name_is_always_safe_ascii(site: str, doc: str, extension: str) -> None:
    name = download_name(Choice(doc, "rhg-Latn", "a4", site or None), extension)
    assert SAFE_NAME.match(name), name
    assert ".." not in name and len(name) < 120


def test_a_download_name_says_what_the_file_is() -> None:
    assert download_name(Choice("digest", "es", "letter", "École Saint-Éloi"), "pdf") == (
        "safehaven-digest-es-letter-Ecole-Saint-Eloi.pdf")
    assert download_name(Choice("letter", "ar"), "docx") == "safehaven-letter-ar.docx"
    assert download_name(Choice("multilingual", "en", "a3"), "png") == (
        "safehaven-multilingual-a3.png")
    assert safe_ascii("مدرسة") == ""


def test_choices_take_the_servers_spelling_and_drop_what_does_not_apply() -> None:
    chosen = choice({"doc": "poster", "lang": "RHG-latn", "site": "Alpha", "size": "a3"},
                    TAGS, 1)
    assert chosen == Choice("poster", "rhg-Latn", "a3", None)  # a poster names no site
    assert choice({"doc": "letter", "lang": "ar", "size": "a3"}, TAGS, 1).size == "tabloid"
    assert choice({"doc": "multilingual"}, TAGS, 1).lang == "en"
    handout = choice({"doc": "handout", "lang": "es", "with_english": "on"}, TAGS, 2)
    assert handout.with_english and handout.branding == 0


@given(st.text(max_size=30))
def test_branding_is_a_number_from_the_servers_list_or_refused(value: str) -> None:
    try:
        chosen = choice({"doc": "poster", "lang": "en", "branding": value}, TAGS, 3)
    except BadInput as exc:
        assert exc.field == "branding"
    else:
        assert chosen.branding in (0, 1, 2)


def test_a_port_in_use_is_a_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["studio", "--port", str(port)]) == 2
    error = capsys.readouterr().err
    assert f"port {port} is already in use" in error and "--port" in error


def test_without_the_studio_extra_the_command_says_what_to_install(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    assert main(["studio"]) == 2
    assert "pip install 'safehaven-docs[studio]'" in capsys.readouterr().err


def test_another_host_is_warned_about_and_open_opens_the_page(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import uvicorn

    from safehaven_docs.studio import server

    served: list[dict[str, object]] = []
    opened: list[str] = []

    class AtOnce:
        def __init__(self, delay: float, function: object, args: list[str]) -> None:
            self.args = args

        def start(self) -> None:
            opened.extend(self.args)

    monkeypatch.setattr(uvicorn, "run", lambda app, **options: served.append(options))
    monkeypatch.setattr(server.threading, "Timer", AtOnce)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert main(["studio", "--host", "0.0.0.0", "--port", str(port), "--open"]) == 0
    assert served == [{"host": "0.0.0.0", "port": port, "log_level": "warning"}]
    assert opened == [f"http://127.0.0.1:{port}/"]
    out, err = capsys.readouterr()
    assert "open to every computer" in err and "no log-in" in err
    assert f"http://127.0.0.1:{port}/" in out


def test_the_render_workers_load_no_web_framework() -> None:
    """Worker processes import only the studio's work module: no Starlette, no uvicorn."""
    import subprocess

    code = ("import sys, safehaven_docs.studio.work, safehaven_docs.cli\n"
            "print(' '.join(sorted(sys.modules)))")
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                check=True).stdout.split())
    assert "safehaven_docs.studio.work" in loaded
    assert not {m for m in loaded if m.split(".")[0] in {"starlette", "uvicorn", "jinja2"}}
