"""The studio end to end in a real browser, as a communications officer would use it.

The server runs as ``safehaven studio`` in a separate process on a free port;
Playwright drives Debian's ``chromium`` (Playwright's own browser download is
not used). Locally a missing browser skips these tests; on CI it fails them.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from safehaven_docs.preflight import preflight

from .conftest import pdf_text

CHROMIUM = next((path for path in (os.environ.get("SAFEHAVEN_CHROMIUM"),
                                   shutil.which("chromium"), shutil.which("chromium-browser"))
                 if path), None)
ON_CI = os.environ.get("CI", "") not in ("", "0", "false")

if not ON_CI:
    pytest.importorskip("playwright.sync_api")
if CHROMIUM is None:
    if ON_CI:
        pytest.fail("chromium is not installed (.ci/run installs it)", pytrace=False)
    pytest.skip("chromium is not installed", allow_module_level=True)

from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def studio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``safehaven studio`` on a free port (the example district), until the module ends."""
    port = _free_port()
    log = tmp_path_factory.mktemp("studio-server") / "server.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-c", "import sys; from safehaven_docs.entry import main; "
             "sys.exit(main())", "studio", "--port", str(port), "--jobs", "2"],
            stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_for(url + "api/health", server, log)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wait_for(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the studio stopped: {log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"the studio did not answer: {log.read_text(errors='replace')}")


@pytest.fixture
def page(studio: str) -> Iterator[Page]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        context = browser.new_context(accept_downloads=True, locale="en-US")
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()


def test_choose_arabic_and_a_site_preview_and_download_the_pdf(studio: str, page: Page,
                                                                tmp_path: Path) -> None:
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text)
            if message.type == "error" else None)
    page.goto(studio)
    expect(page.locator("#pages figure.loaded")).to_have_count(1, timeout=60_000)

    page.get_by_role("radio", name="Digest").check()
    page.get_by_role("radio", name=re.compile("Arabic")).check()
    page.get_by_role("combobox", name="School site").fill("Ashgrove Elementary School")

    image = page.locator("#pages img")
    expect(image).to_have_attribute("alt", re.compile(
        "digest in Arabic, for Ashgrove Elementary School"), timeout=60_000)
    expect(page.locator("#pages figure.loaded")).to_have_count(1, timeout=30_000)
    assert image.evaluate("img => img.naturalWidth") > 500
    expect(page.locator("#pages figure")).to_have_attribute("dir", "rtl")
    expect(page.locator("#pages figure")).to_have_attribute("lang", "ar")
    expect(page.locator("#draft")).to_be_visible()
    expect(page.locator("#draft")).to_contain_text("not yet checked by a qualified translator")
    expect(page.locator("#preflight")).to_contain_text("Print check passed")
    expect(page.get_by_role("link", name=re.compile("print pack"))).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download PDF").click()
    download = download_info.value
    assert download.suggested_filename == (
        "safehaven-digest-ar-tabloid-Ashgrove-Elementary-School.pdf")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    pdf = saved.read_bytes()
    assert preflight(pdf).ok
    assert "Ashgrove Elementary School" in pdf_text(pdf)
    assert problems == []


def test_language_names_carry_their_language_and_direction(studio: str, page: Page) -> None:
    page.goto(studio)
    arabic = page.locator("label[for=lang-ar] .native")
    expect(arabic).to_have_attribute("dir", "rtl")
    expect(arabic).to_have_attribute("lang", "ar")
    expect(page.locator("label[for=lang-rhg] .native")).to_have_attribute("dir", "rtl")
    expect(page.locator("label[for=lang-my] .native")).to_have_attribute("lang", "my")


def test_the_studio_works_from_the_keyboard(studio: str, page: Page) -> None:
    page.goto(studio)
    expect(page.locator("#pages figure.loaded")).to_have_count(1, timeout=60_000)
    page.get_by_role("radio", name="Poster").focus()
    page.keyboard.press("ArrowDown")  # the next document: the digest
    expect(page.get_by_role("radio", name="Digest")).to_be_checked()
    page.keyboard.press("Tab")  # into the languages
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("radio", name=re.compile("Arabic"))).to_be_checked()
    expect(page.locator("#pages img")).to_have_attribute(
        "alt", re.compile("digest in Arabic"), timeout=60_000)
    expect(page.locator("#progress")).to_have_text("Preview ready: 1 page.")


def test_a_bad_site_name_is_explained_on_the_page(studio: str, page: Page) -> None:
    page.goto(studio)
    page.get_by_role("radio", name="Digest").check()
    page.get_by_role("combobox", name="School site").fill("<b>Ashgrove</b>")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("contains < or >", timeout=30_000)
    expect(page.locator("#pages img")).to_have_count(0)


def test_a_schools_print_pack_downloads_from_the_page(studio: str, page: Page,
                                                      tmp_path: Path) -> None:
    page.goto(studio)
    page.get_by_role("combobox", name="School site").fill("Amberfield Elementary School")
    pack = page.get_by_role("link", name=re.compile("print pack"))
    expect(pack).to_be_visible(timeout=60_000)
    with page.expect_download(timeout=120_000) as download_info:
        pack.click()
        expect(page.locator("#pack-status")).to_contain_text("print pack")
    download = download_info.value
    assert download.suggested_filename == "safehaven-pack-E101.zip"
    saved = tmp_path / "pack.zip"
    download.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        assert "E101/print-E101.pdf" in archive.namelist()
    expect(page.locator("#pack-status")).to_have_text("The print pack is downloaded.")
