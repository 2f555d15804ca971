"""The exchange files themselves: XLIFF 1.2 that CAT tools accept, PO that gettext accepts."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

import safehaven_docs as sh
from safehaven_docs.translation.export import export, translator_notes
from tests.translation.helpers import NS

TAGS = [tag for tag in sh.load_texts().tags if tag != "en"]
SCHEMA = etree.XMLSchema(etree.parse(str(Path(__file__).with_name("xliff-1.2-subset.xsd"))))

# OASIS's own XLIFF 1.2 strict schema, as Debian ships it with Symfony's translation component
# (`.ci/run` installs php-symfony-translation for it). Its xml:lang import names the W3C's URL,
# which is resolved to the copy beside it: the tests never reach the network.
OASIS_SCHEMAS = Path("/usr/share/php/Symfony/Component/Translation/Resources/schemas")
W3C_XML_SCHEMA = "http://www.w3.org/2001/xml.xsd"


class _LocalXmlSchema(etree.Resolver):
    def resolve(self, system_url, public_id, context):  # type: ignore[no-untyped-def]
        if system_url == W3C_XML_SCHEMA:
            return self.resolve_filename(str(OASIS_SCHEMAS / "xml.xsd"), context)
        return None


def _oasis_schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_LocalXmlSchema())
    return etree.XMLSchema(etree.parse(str(OASIS_SCHEMAS / "xliff-core-1.2-strict.xsd"), parser))


@pytest.mark.parametrize("tag", TAGS)
def test_the_xliff_export_is_valid_xliff_1_2(tag: str) -> None:
    document = etree.fromstring(export(tag, "xliff"))
    assert SCHEMA.validate(document), SCHEMA.error_log
    file = document.find("x:file", NS)
    assert (file.get("source-language"), file.get("target-language")) == ("en", tag)


@pytest.mark.skipif(not (OASIS_SCHEMAS / "xliff-core-1.2-strict.xsd").exists(),
                    reason="OASIS XLIFF 1.2 schema not installed (Debian: php-symfony-translation)")
def test_every_xliff_export_validates_against_the_official_oasis_schema() -> None:
    schema = _oasis_schema()
    for tag in TAGS:
        document = etree.fromstring(export(tag, "xliff"))
        assert schema.validate(document), (tag, schema.error_log)
    broken = etree.fromstring(export("es", "xliff"))
    broken.find(".//x:target", NS).set("state", "approved-by-me")
    assert not schema.validate(broken), "the schema must refuse a state XLIFF 1.2 does not define"


def test_placeholders_are_locked_codes_and_states_follow_the_status() -> None:
    document = etree.fromstring(export("es", "xliff"))
    unit = next(u for u in document.iterfind(".//x:trans-unit", NS)
                if u.get("id") == "labels.page_of")
    codes = [ph.text for ph in unit.find("x:source", NS).iterfind("x:ph", NS)]
    assert codes == ["{page}", "{pages}"]
    assert [ph.text for ph in unit.find("x:target", NS).iterfind("x:ph", NS)] == codes
    assert "{" not in "".join(unit.find("x:source", NS).xpath("text()"))
    states = {t.get("state") for t in document.iterfind(".//x:target", NS)}
    assert states == {"needs-review-translation"}, "every shipped text is a draft"


def test_the_export_carries_the_translator_notes_and_each_key_and_section() -> None:
    document = etree.fromstring(export("hmn", "xliff"))
    note = document.find("x:file/x:header/x:note", NS).text
    assert note == translator_notes("hmn") and "Hmong" in note
    unit = document.find(".//x:trans-unit", NS)
    assert unit.find("x:note", NS).text == "key: resolution.title\nsection: resolution"
    assert "Rohingya" in translator_notes("rhg-Latn"), "rhg-Latn shares rhg.md"


def test_exports_are_deterministic() -> None:
    assert export("my", "xliff") == export("my", "xliff")
    assert export("my", "po") == export("my", "po")


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext not installed")
@pytest.mark.parametrize("tag", ["es", "ar", "my", "rhg"])
def test_gettext_accepts_the_po_export_and_its_placeholders(tag: str, tmp_path: Path) -> None:
    path = tmp_path / f"{tag}.po"
    path.write_bytes(export(tag, "po"))
    subprocess.run(["msgfmt", "--check", "-o", str(tmp_path / "out.mo"), str(path)],
                   check=True, capture_output=True)
