"""Every route of the studio through its test client: answers, files and plain-word errors."""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image
from starlette.testclient import TestClient

from safehaven_docs import documents, load_texts
from safehaven_docs.preflight import preflight
from safehaven_docs.studio.app import create_app
from safehaven_docs.studio.catalog import Catalog
from safehaven_docs.studio.work import Renders

from .conftest import pdf_text

SAFE_DISPOSITION = re.compile(r'^(attachment|inline); filename="[A-Za-z0-9][A-Za-z0-9.-]*"$')


class _Page(HTMLParser):
    """The page's elements as (tag, attributes), in order."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Page()
    parser.feed(html)
    return parser.elements


def assert_plain_error(response: object, field: str | None = None) -> str:
    """A 400 with a JSON sentence (and the field), and no trace of Python inside."""
    assert response.status_code == 400, response.text  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert body["error"] and "Traceback" not in body["error"] and "File \"" not in body["error"]
    if field is not None:
        assert body["field"] == field
    return str(body["error"])


# -- the page -------------------------------------------------------------------------------------

def test_the_page_names_each_language_in_its_own_script_and_direction(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    spans = {attrs.get("lang"): attrs.get("dir") for tag, attrs in elements(response.text)
             if tag == "span" and "native" in (attrs.get("class") or "")}
    assert spans["ar"] == "rtl" and spans["rhg"] == "rtl"
    assert spans["en"] == "ltr" and spans["my"] == "ltr" and spans["ksw"] == "ltr"
    for language in load_texts():
        assert language.meta.native_name in response.text


def test_every_control_has_a_label_a_screen_reader_reads(client: TestClient) -> None:
    found = elements(client.get("/").text)
    labelled = {attrs["for"] for tag, attrs in found if tag == "label"}
    controls = [attrs for tag, attrs in found if tag in ("input", "select")]
    assert len(controls) > 15
    for attrs in controls:
        assert attrs.get("id") in labelled, attrs


def test_the_page_loads_nothing_from_elsewhere(client: TestClient) -> None:
    response = client.get("/")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    for tag, attrs in elements(response.text):
        for name in ("src", "href"):
            value = attrs.get(name) or ""
            assert not re.match(r"^(https?:)?//", value), (tag, value)
    for asset in ("/static/studio.js", "/static/studio.css"):
        answer = client.get(asset)
        assert answer.status_code == 200
        assert not re.search(r"https?://", answer.text), asset


def test_the_bundled_fonts_are_served_for_scripts_a_computer_may_lack(client: TestClient) -> None:
    css = client.get("/static/studio.css").text
    for font in re.findall(r'url\("(/fonts/[^"]+)"\)', css):
        response = client.get(font)
        assert response.status_code == 200 and len(response.content) > 10_000, font
    assert "NotoSansHanifiRohingya-Regular.ttf" in css


@pytest.mark.parametrize("path", ["/static/../../pyproject.toml", "/static/%2e%2e/app.py",
                                  "/fonts/../texts/en.toml", "/nothing-here"])
def test_no_path_outside_the_studio_is_served(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "[project]" not in response.text and "import" not in response.text


# -- the JSON API ---------------------------------------------------------------------------------

def test_health(client: TestClient) -> None:
    body = client.get("/api/health").json()
    assert body["status"] == "ok"
    assert body["languages"] == 9 and body["sites"] == 2
    assert set(body["formats"]) >= {"pdf", "png"}


def test_languages_give_tag_names_direction_and_status(client: TestClient) -> None:
    languages = {entry["tag"]: entry for entry in client.get("/api/languages").json()["languages"]}
    assert next(iter(languages)) == "en"
    assert languages["ar"]["native_name"] == "العربية"
    assert languages["ar"]["english_name"] == "Arabic"
    assert languages["ar"]["direction"] == "rtl" and languages["en"]["direction"] == "ltr"
    assert languages["en"]["status"] == "source"
    assert languages["so"]["status"] == "draft"
    assert "Draft translation" in languages["so"]["status_words"]
    assert languages["so"]["stale_sections"] == []


def test_stale_sections_are_named_in_plain_words(texts_copy: Path, roster: Path) -> None:
    from tests.conftest import replace_in

    replace_in(texts_copy / "en.toml", 'headline = "', 'headline = "Today: ')
    catalog = Catalog(texts_copy, roster)
    spanish = next(lang for lang in catalog.texts().languages if lang.tag == "es")
    assert spanish.stale == ("digest",)
    assert "The English text of the digest changed" in spanish.status_words


def test_sites_are_searchable(client: TestClient) -> None:
    everyone = client.get("/api/sites").json()
    assert [site["id"] for site in everyone["sites"]] == ["A1", "B2"]
    found = client.get("/api/sites", params={"q": "beta"}).json()["sites"]
    assert found == [{"id": "B2", "name": "Beta Academy", "languages": ["en", "ar"]}]


def test_a_preview_shows_every_page_status_and_print_check(client: TestClient) -> None:
    params = {"doc": "letter", "lang": "ar"}
    first = client.get("/api/preview", params=params).json()
    assert first["draft"] is True and first["language"]["direction"] == "rtl"
    assert "not yet checked by a qualified translator" in first["status"]
    assert len(first["pages"]) >= 2  # every page of the letter
    assert first["preflight"]["ok"] is True and first["preflight"]["problems"] == []
    assert any("8.5 × 11 inches" in check for check in first["preflight"]["checks"])
    for page in first["pages"]:
        image = client.get(page["image"])
        assert image.headers["content-type"] == "image/png"
        assert SAFE_DISPOSITION.match(image.headers["content-disposition"])
        with Image.open(io.BytesIO(image.content)) as png:
            assert png.height == 1000 and 700 < png.width < 800
        assert f"page {page['number']} of {len(first['pages'])}" in page["alt"]
    again = client.get("/api/preview", params=params).json()
    assert again["cached"] is True and again["pages"] == first["pages"]


def test_a_site_from_the_roster_offers_its_pack(client: TestClient) -> None:
    body = client.get("/api/preview", params={"doc": "digest", "lang": "es", "size": "letter",
                                              "site": "alpha school"}).json()
    assert body["site"] == {"printed": "alpha school", "id": "A1", "name": "Alpha School"}
    assert body["downloads"]["pack"] == "/api/pack?site_id=A1&branding=0"
    typed = client.get("/api/preview", params={"doc": "digest", "lang": "es", "size": "letter",
                                               "site": "Gamma Middle School"}).json()
    assert typed["site"]["id"] is None and typed["downloads"]["pack"] is None
    poster = client.get("/api/preview", params={"doc": "poster", "lang": "es", "size": "letter",
                                                "site": "Beta Academy"}).json()
    assert poster["site"] == {"printed": None, "id": "B2", "name": "Beta Academy"}
    assert poster["downloads"]["pack"] == "/api/pack?site_id=B2&branding=0"
    assert "Beta" not in poster["downloads"]["pdf"]  # the poster names no site


def test_the_pdf_download_is_the_checked_document_naming_the_site(client: TestClient) -> None:
    response = client.get("/api/render", params={
        "doc": "digest", "lang": "ar", "site": "Beta Academy", "format": "pdf"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == (
        'attachment; filename="safehaven-digest-ar-tabloid-Beta-Academy.pdf"')
    assert preflight(response.content).ok
    assert "Beta Academy" in pdf_text(response.content)


def test_png_without_a_page_shows_every_page_side_by_side(client: TestClient) -> None:
    response = client.get("/api/render", params={"doc": "letter", "lang": "en", "format": "png"})
    assert response.status_code == 200
    with Image.open(io.BytesIO(response.content)) as sheet:
        assert sheet.width > 2 * 700 and sheet.height > 1000


def test_the_multilingual_poster_takes_no_language(client: TestClient) -> None:
    body = client.get("/api/preview", params={"doc": "multilingual", "size": "letter"}).json()
    assert body["language"] is None and body["draft"] is True
    assert "Arabic" in body["status"] and "draft translations" in body["status"]
    assert body["downloads"]["pdf"] == "/api/render?doc=multilingual&size=letter&format=pdf"


def test_the_print_pack_is_the_sites_folder_zipped(client: TestClient) -> None:
    response = client.get("/api/pack", params={"site_id": "A1"})
    assert response.status_code == 200, response.text
    assert response.headers["content-disposition"] == (
        'attachment; filename="safehaven-pack-A1.zip"')
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = archive.namelist()
        assert all(name.startswith("A1/") and ".." not in name for name in names)
        assert {"A1/print-A1.pdf", "A1/order-A1.csv", "A1/poster-es-letter.pdf",
                "A1/digest-en-letter.pdf", "A1/warnings.txt"} <= set(names)
        assert "ar" not in {name.split("-")[1] for name in names if "-" in name}
        digest = archive.read("A1/digest-es-letter.pdf")
    assert "Alpha School" in pdf_text(digest)


@pytest.mark.skipif("docx" not in documents.FORMATS,
                    reason="this version of the library writes no Word files yet")
def test_the_word_file(client: TestClient) -> None:
    response = client.get("/api/render", params={"doc": "letter", "lang": "ar",
                                                 "format": "docx"})
    assert response.status_code == 200, response.text
    assert response.content.startswith(b"PK")
    assert response.headers["content-disposition"] == (
        'attachment; filename="safehaven-letter-ar.docx"')
    assert client.get("/api/preview", params={"doc": "letter", "lang": "ar"}).json()[
        "downloads"]["docx"] == "/api/render?doc=letter&lang=ar&format=docx"


@pytest.mark.skipif("docx" in documents.FORMATS, reason="the library writes Word files")
def test_word_files_are_refused_in_plain_words_until_the_library_writes_them(
        client: TestClient) -> None:
    response = client.get("/api/render", params={"doc": "letter", "lang": "ar",
                                                 "format": "docx"})
    assert "Word (DOCX) files are not available" in assert_plain_error(response, "format")
    assert client.get("/api/preview", params={"doc": "letter", "lang": "ar"}).json()[
        "downloads"]["docx"] is None
    assert "download-docx" not in client.get("/").text


# -- bad input ------------------------------------------------------------------------------

BAD = [
    ({"doc": "poster", "lang": "xx"}, "lang", "Unknown language 'xx'"),
    ({"doc": "poster"}, "lang", "Choose a language"),
    ({"doc": "flyer", "lang": "en"}, "doc", "Unknown document 'flyer'"),
    ({"doc": "poster", "lang": "en", "size": "huge"}, "size", "Unknown size 'huge'"),
    ({"doc": "digest", "lang": "en", "site": "S" * 5000}, "site",
     "5000 characters long; at most 120"),
    ({"doc": "digest", "lang": "en", "site": "<script>alert(1)</script>"}, "site", "< or >"),
    ({"doc": "digest", "lang": "en", "site": "<b>Alpha</b>"}, "site", "< or >"),
    ({"doc": "digest", "lang": "en", "site": "Alpha\nSchool"}, "site", "control character"),
    ({"doc": "digest", "lang": "en", "site": "Alpha \u202eloohcS"}, "site", "direction control"),
    ({"doc": "digest", "lang": "en", "site": "Alpha 😀"}, "site", "cannot be printed"),
    ({"doc": "poster", "lang": "en", "branding": "1"}, "branding", "Unknown branding '1'"),
    ({"doc": "poster", "lang": "en", "branding": "../../etc/branding.toml"}, "branding",
     "Unknown branding"),
    ({"doc": "poster", "lang": "en", "format": "exe"}, "format", "Unknown format 'exe'"),
    ({"doc": "poster", "lang": "en", "format": "png", "page": "0"}, "page", "Unknown page"),
    ({"doc": "poster", "lang": "en", "format": "png", "page": "-1"}, "page", "Unknown page"),
    ({"doc": "poster", "lang": "en", "out": "/etc/passwd"}, "out", "Unknown parameter 'out'"),
    ({"doc": "poster", "lang": "en", "filename": "../../x.pdf"}, "filename",
     "Unknown parameter 'filename'"),
    ({"doc": "handout", "lang": "en", "with_english": "maybe"}, "with_english",
     "true or false"),
]


@pytest.mark.parametrize(("params", "field", "words"), BAD)
def test_bad_input_is_a_plain_400(client: TestClient, params: dict[str, str], field: str,
                                  words: str) -> None:
    for route in ("/api/render", "/api/preview"):
        if route == "/api/preview" and field in ("format", "page"):
            continue
        message = assert_plain_error(client.get(route, params=params), field)
        assert words in message, message


def test_a_page_past_the_end_is_named(client: TestClient) -> None:
    message = assert_plain_error(client.get("/api/render", params={
        "doc": "poster", "lang": "en", "format": "png", "page": "3"}), "page")
    assert message == "The poster has 1 page(s); there is no page 3."


def test_a_document_that_does_not_fit_says_which_paper_does(client: TestClient) -> None:
    message = assert_plain_error(client.get("/api/preview", params={
        "doc": "poster", "lang": "my", "size": "letter"}))
    assert re.search(r"in Burmese does not fit on letter .*; choose the paper size \S+$",
                     message), message
    assert "--" not in message and "'my'" not in message


def test_an_unknown_site_id_is_refused(client: TestClient) -> None:
    message = assert_plain_error(client.get("/api/pack", params={"site_id": "../A1"}),
                                 "site_id")
    assert message.startswith("Unknown site: pick a school from the district's list")


@pytest.mark.parametrize("site", ["../../etc/passwd", "..\\..\\boot.ini",
                                  'Alpha"; filename="evil.exe', "École Saint-Éloi",
                                  "مدرسة النور", "/"])
def test_download_names_stay_safe_ascii_whatever_the_site(client: TestClient,
                                                          site: str) -> None:
    response = client.get("/api/render", params={"doc": "digest", "lang": "en",
                                                 "size": "letter", "site": site})
    assert response.status_code == 200, response.text
    header = response.headers["content-disposition"]
    assert SAFE_DISPOSITION.match(header), header
    name = header.split('"')[1]
    assert "/" not in name and "\\" not in name and ".." not in name
    assert name.startswith("safehaven-digest-en-letter") and name.endswith(".pdf")


def test_unknown_addresses_and_methods_answer_in_json(client: TestClient) -> None:
    missing = client.get("/api/nothing")
    assert missing.status_code == 404 and missing.json()["error"]
    posted = client.post("/api/render", params={"doc": "poster", "lang": "en"})
    assert posted.status_code == 405 and "GET" in posted.json()["error"]


def test_a_failure_inside_the_studio_is_a_sentence_not_a_traceback(roster: Path) -> None:
    class Broken(Renders):
        def start(self) -> None:
            pass

        async def run(self, fn, job):  # type: ignore[no-untyped-def]
            raise RuntimeError("secret internals")

    app = create_app(Catalog(roster=roster), Broken(1))
    with TestClient(app, raise_server_exceptions=False) as broken:
        response = broken.get("/api/preview", params={"doc": "poster", "lang": "en"})
    assert response.status_code == 500
    assert "Something went wrong" in response.json()["error"]
    assert "secret" not in response.text and "Traceback" not in response.text


def test_only_requests_addressed_to_this_computer_are_answered(roster: Path) -> None:
    class Idle(Renders):
        def start(self) -> None:
            pass

    app = create_app(Catalog(roster=roster), Idle(1), allowed_hosts=["127.0.0.1", "localhost"])
    with TestClient(app, base_url="http://127.0.0.1:8765") as local:
        assert local.get("/api/health").status_code == 200
        assert local.get("/api/health", headers={"host": "evil.example"}).status_code == 400


def test_several_branding_files_are_offered_by_number(roster: Path, tmp_path: Path) -> None:
    other = tmp_path / "north.toml"
    other.write_text('[branding]\nphone = "(414) 555-0199"\nmonogram = "NSD"\n',
                     encoding="utf-8")
    default = Path(__file__).parents[2] / "examples" / "branding.toml"
    app = create_app(Catalog(roster=roster, configs=[default, other]), Renders(1))
    with TestClient(app, raise_server_exceptions=False) as studio:
        options = [attrs for tag, attrs in elements(studio.get("/").text)
                   if tag == "option" and attrs.get("value") in ("0", "1")]
        assert len(options) == 2
        assert "branding.toml" in studio.get("/").text and "north.toml" in studio.get("/").text
        params = {"doc": "digest", "lang": "en", "size": "letter"}
        plain = studio.get("/api/render", params=params).content
        north = studio.get("/api/render", params={**params, "branding": "1"}).content
        assert "0199" in pdf_text(north) and "0199" not in pdf_text(plain)
        assert_plain_error(studio.get("/api/render", params={**params, "branding": "2"}),
                           "branding")
