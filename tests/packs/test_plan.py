"""The plan: which files each site gets and how many copies, as pure data (nothing rendered)."""

from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from msgspec.structs import asdict

from safehaven_docs.packs.config import ConfigError, load_settings
from safehaven_docs.packs.plan import (
    DOCUMENTS,
    PAPER,
    Item,
    Render,
    Settings,
    SitePlan,
    plan_pack,
    plan_site,
    shard_of,
)
from safehaven_docs.packs.roster import Site, folder_for


def site(site_id: str = "A1", name: str = "Alpha School", *, sizes: tuple[str, ...] = ("tabloid",),
         copies: int = 1, address: str | None = None, phone: str | None = None,
         **families: int) -> Site:
    counts = tuple((tag.replace("_", "-"), count) for tag, count in families.items())
    return Site(site_id, name, folder_for(site_id), counts, sizes, copies, address, phone)


def files(plan: SitePlan) -> list[str]:
    return [item.file for item in plan.items]


def item(plan: SitePlan, name: str) -> Item:
    (found,) = [i for i in plan.items if i.file == name]
    return found


def test_files_of_a_site_in_print_order(known_tags: tuple[str, ...]) -> None:
    plan = plan_site(site(en=10, es=5, ar=0), known_tags, Settings())
    assert files(plan) == [
        "poster-en-tabloid.pdf", "poster-es-tabloid.pdf",
        "digest-en-tabloid.pdf", "digest-es-tabloid.pdf",
        "multilingual-tabloid.pdf",
        "letter-en.pdf", "letter-es.pdf",
        "handout-en.pdf", "handout-es.pdf",
    ]
    assert (plan.print_file, plan.order_file) == ("print-A1.pdf", "order-A1.csv")


def test_english_posters_always_other_languages_only_with_families(
        known_tags: tuple[str, ...]) -> None:
    plan = plan_site(site(en=0, es=0, ar=3), known_tags, Settings())
    assert files(plan) == [
        "poster-en-tabloid.pdf", "poster-ar-tabloid.pdf",
        "digest-en-tabloid.pdf", "digest-ar-tabloid.pdf",
        "multilingual-tabloid.pdf",
        "letter-ar.pdf", "handout-ar.pdf",  # no English families: no English letter
    ]


def test_languages_follow_the_texts_order_not_the_roster_columns(
        known_tags: tuple[str, ...]) -> None:
    plan = plan_site(site(es=1, ar=1, en=1), known_tags, Settings(documents=("letter",)))
    order = [tag for tag in known_tags if tag in ("en", "es", "ar")]
    assert files(plan) == [f"letter-{tag}.pdf" for tag in order]


def test_every_poster_size_and_one_multilingual_at_the_first_size(
        known_tags: tuple[str, ...]) -> None:
    plan = plan_site(site(sizes=("letter", "24x36"), copies=3, en=5, es=2), known_tags,
                     Settings(documents=("poster", "digest", "multilingual")))
    assert files(plan) == [
        "poster-en-letter.pdf", "poster-es-letter.pdf",
        "digest-en-letter.pdf", "digest-es-letter.pdf",
        "poster-en-24x36.pdf", "poster-es-24x36.pdf",
        "digest-en-24x36.pdf", "digest-es-24x36.pdf",
        "multilingual-letter.pdf",
    ]
    for each in plan.items:
        assert each.copies == 3
        assert each.paper == PAPER[each.render.size]
    assert item(plan, "multilingual-letter.pdf").render == Render("multilingual", "mul", "letter")


@pytest.mark.parametrize(("families", "letters", "sheets"), [
    (1, 3, 2),      # margin at least 2
    (11, 13, 7),    # 10 % = 1.1 → 2, the minimum
    (20, 22, 11),   # 10 % = 2
    (21, 24, 12),   # 10 % = 2.1 → 3
    (155, 171, 86),  # the example in docs/roster.md
])
def test_letter_copies_and_handout_sheets(known_tags: tuple[str, ...], families: int,
                                          letters: int, sheets: int) -> None:
    plan = plan_site(site(en=families), known_tags, Settings(documents=("letter", "handout")))
    letter, handout = item(plan, "letter-en.pdf"), item(plan, "handout-en.pdf")
    assert (letter.copies, letter.duplex, letter.paper) == (letters, True, PAPER["letter"])
    assert (handout.copies, handout.finishing) == (sheets, "cut in half")
    assert handout.render.size == "letter-landscape"


def test_the_margin_comes_from_the_config(tmp_path: Path, known_tags: tuple[str, ...]) -> None:
    config = tmp_path / "district.toml"
    config.write_text("[pack]\nletter_margin_percent = 25\nletter_margin_minimum = 5\n"
                      'documents = ["letter"]\n', encoding="utf-8")
    chosen = load_settings(config)
    plan = plan_site(site(en=8, es=100), known_tags, chosen)
    assert [(i.file, i.copies) for i in plan.items] == [("letter-en.pdf", 13),
                                                        ("letter-es.pdf", 125)]


@settings(deadline=None)
@given(families=st.integers(0, 100_000), tenths=st.integers(0, 5000),
       minimum=st.integers(0, 1000))
@example(families=1500, tenths=22, minimum=0)  # 2.2 % of 1500 is exactly 33
def test_copies_are_families_plus_the_margin_rounded_up(families: int, tenths: int,
                                                        minimum: int) -> None:
    percent = tenths / 10  # as the TOML float 2.2 is read
    chosen = Settings(letter_margin_percent=percent, letter_margin_minimum=minimum)
    margin = max(minimum, math.ceil(Fraction(tenths, 10) * families / 100))
    assert chosen.with_margin(families) == (families + margin if families else 0)


def test_shared_renders_are_shared_and_digests_are_per_site(
        known_tags: tuple[str, ...]) -> None:
    first = site("A1", "Alpha School", en=10, es=5)
    second = site("B2", "Beta School", en=3, es=7, ar=2)
    plan = plan_pack([first, second], known_tags, Settings())
    a, b = plan.sites
    assert item(a, "poster-es-tabloid.pdf").render is not None
    assert item(a, "poster-es-tabloid.pdf").render == item(b, "poster-es-tabloid.pdf").render
    assert item(a, "letter-es.pdf").render == item(b, "letter-es.pdf").render
    assert item(a, "digest-es-tabloid.pdf").render != item(b, "digest-es-tabloid.pdf").render
    assert item(b, "digest-es-tabloid.pdf").render.site_name == "Beta School"
    renders = plan.renders()
    assert len(renders) == len(set(renders))
    shared = plan.shared_renders()
    assert shared.count(Render("poster", "es", "tabloid")) == 1
    assert all(r.doc != "digest" for r in shared)
    digests = [r for r in renders if r.doc == "digest"]
    assert len(digests) == 2 + 3  # one per site and language
    # 2 sites × (poster, multilingual, letter, handout) minus what they share:
    assert {(r.doc, r.lang) for r in shared} == {
        ("poster", "en"), ("poster", "es"), ("poster", "ar"), ("multilingual", "mul"),
        ("letter", "en"), ("letter", "es"), ("letter", "ar"),
        ("handout", "en"), ("handout", "es"), ("handout", "ar")}
    assert len(shared) == 10


def test_own_address_and_phone_make_their_own_letter_and_handout(
        known_tags: tuple[str, ...]) -> None:
    plain = site("A1", en=5)
    own = site("B2", address="1 Main St.", phone="(414) 555-0100", en=5)
    a, b = plan_pack([plain, own], known_tags, Settings()).sites
    assert item(b, "letter-en.pdf").render.address == "1 Main St."
    assert item(a, "letter-en.pdf").render != item(b, "letter-en.pdf").render
    assert item(b, "handout-en.pdf").render.phone == "(414) 555-0100"
    assert item(a, "handout-en.pdf").render != item(b, "handout-en.pdf").render
    assert item(a, "poster-en-tabloid.pdf").render == item(b, "poster-en-tabloid.pdf").render


def test_a_subset_of_documents(known_tags: tuple[str, ...]) -> None:
    chosen = load_settings(None, ["letter", "digest"])
    assert chosen.documents == ("digest", "letter")  # always in print order
    plan = plan_site(site(en=4, es=2), known_tags, chosen)
    assert files(plan) == ["digest-en-tabloid.pdf", "digest-es-tabloid.pdf",
                           "letter-en.pdf", "letter-es.pdf"]
    assert load_settings(None, None).documents == DOCUMENTS
    with pytest.raises(ConfigError, match="unknown document"):
        load_settings(None, ["digest", "flyer"])


def test_shard_of_is_stable_across_runs() -> None:
    # Fixed values: a change (e.g. Python's salted hash()) would move sites between shards.
    assert [shard_of(i, 2) for i in ("A1", "B2", "C3", "E101", "H304")] == [1, 2, 1, 2, 2]
    assert [shard_of(i, 8) for i in ("A1", "B2", "C3", "E101", "H304")] == [5, 2, 3, 6, 4]
    assert shard_of("anything", 1) == 1


@settings(deadline=None)
@given(ids=st.lists(st.text(min_size=1, max_size=20), unique=True, max_size=50),
       count=st.integers(1, 16))
def test_shards_partition_every_id(ids: list[str], count: int) -> None:
    shards = {index: [i for i in ids if shard_of(i, count) == index]
              for index in range(1, count + 1)}
    assert sorted(i for members in shards.values() for i in members) == sorted(ids)
    assert all(1 <= shard_of(i, count) <= count for i in ids)
    assert [shard_of(i, count) for i in ids] == [shard_of(i, count) for i in ids]


def test_a_full_letter_handout_is_ordered_by_the_sheet(known_tags: tuple[str, ...]) -> None:
    """A language whose handout cannot be half a sheet prints one handout per Letter page."""
    chosen = Settings(documents=("handout",))
    plan = plan_site(site(en=10, my=10), known_tags, chosen, full_handouts=frozenset({"my"}))
    half, full = item(plan, "handout-en.pdf"), item(plan, "handout-my.pdf")
    assert (half.copies, half.finishing, half.render.size) == (6, "cut in half",
                                                              "letter-landscape")
    assert (full.copies, full.finishing, full.render.size) == (12, "", "letter")
    assert (half.label, full.label) == ("Family handout, 2-up", "Family handout, full sheet")


def test_docx_adds_an_editable_twin_after_each_letter_and_digest(
        known_tags: tuple[str, ...]) -> None:
    plain = plan_site(site(en=10, es=5), known_tags, Settings())
    plan = plan_site(site(en=10, es=5), known_tags, Settings(docx=True))
    assert plan.items[:len(plain.items)] == plain.items
    twins = plan.items[len(plain.items):]
    assert [i.file for i in twins] == ["digest-en-tabloid.docx", "digest-es-tabloid.docx",
                                       "letter-en.docx", "letter-es.docx"]
    for twin in twins:
        original = item(plan, twin.file.removesuffix(".docx") + ".pdf")
        assert twin.render.fmt == "docx" and not twin.printed and twin.copies == 0
        assert twin.render == Render(**{**asdict(original.render), "fmt": "docx"})
    assert plan.printed == plain.items  # the order sheet and print file do not change


def test_docx_twins_only_for_documents_the_pack_makes(known_tags: tuple[str, ...]) -> None:
    plan = plan_site(site(en=10), known_tags, Settings(documents=("poster", "letter"), docx=True))
    assert [i.file for i in plan.items if not i.printed] == ["letter-en.docx"]


def test_docx_from_the_config_file_and_the_command_line(tmp_path: Path) -> None:
    config = tmp_path / "district.toml"
    config.write_text("[pack]\ndocx = true\n", encoding="utf-8")
    assert load_settings(config).docx is True
    assert load_settings(config, docx=False).docx is False
    assert load_settings(None, docx=True).docx is True
    config.write_text('[pack]\ndocx = "yes"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[pack.docx\]: 'yes' is not true or false"):
        load_settings(config)
