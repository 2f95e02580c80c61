"""Grammar and frames: sentence -> clauses with scopes -> claim frames (STYLE.md §8).

Two levels are checked. `clauses()` runs the lexicon and the LALR grammar on
one sentence and exposes each word's scope (negated, reported, conditional,
quoted...), found by its surface text so the tests do not depend on how the
vocabulary stems words. `frames()` runs the whole engine on a small document
and returns, per sentence, the names of the claim frames it asserts: this is
where page context (headings, list items, lead-in questions, testimonials,
news pages) comes in.

The sentences are invented for these tests. Behaviour the engine does not yet
get right is a strict xfail with the reason.
"""

from __future__ import annotations

import pytest

from exolint.engine import default_engine
from exolint.grammar import Clause, Word, parse
from exolint.model import UnitKind
from exolint.segment import split_sentences
from exolint.sources import parse_text

_PATHS = {"text": "page.txt", "markdown": "page.md", "html": "page.html"}


# --- helpers --------------------------------------------------------------------------


def clauses(sentence: str) -> list[Clause]:
    """The clauses of one sentence as the grammar scopes them."""
    parts = list(split_sentences(sentence))
    assert len(parts) == 1, f"not one sentence: {[p.text for p in parts]}"
    return parse(default_engine().lexicon.tokenize(sentence), len(sentence))


def word(sentence: str, cs: list[Clause], surface: str) -> Word:
    """The content word whose surface text starts with `surface` (case-insensitive)."""
    want = surface.casefold()
    found = [
        w for c in cs for w in c.words if sentence[w.token.start : w.token.end].casefold().startswith(want)
    ]
    assert found, f"no content word {surface!r} in {sentence!r}"
    return found[0]


def frames(text: str, fmt: str = "text") -> dict[str, set[str]]:
    """Sentence text -> names of the frames the engine reads in it (sentences without frames left out)."""
    doc = parse_text(text, _PATHS[fmt], fmt)
    out: dict[str, set[str]] = {}
    for item in default_engine().read(doc):
        out.setdefault(item.sentence.text, set()).update(f.name for f in item.frames)
    return out


def all_frames(text: str, fmt: str = "text") -> set[str]:
    return {name for names in frames(text, fmt).values() for name in names}


def frame_terms(text: str, name: str, fmt: str = "text") -> tuple[str, ...]:
    doc = parse_text(text, _PATHS[fmt], fmt)
    found = [f for item in default_engine().read(doc) for f in item.frames if f.name == name]
    return tuple(t for f in found for t in f.terms)


# --- negation scope ---------------------------------------------------------------------


def test_negation_ends_at_contrast_and_second_clause_is_a_claim() -> None:
    s = "Exosome therapy is not a cure for alopecia, but it helps thinning hair."
    cs = clauses(s)
    assert len(cs) == 2
    assert word(s, cs, "alopecia").negated
    assert cs[1].contrast
    assert word(s, cs, "helps").asserted
    assert word(s, cs, "thinning hair").asserted
    assert frames(s) == {s: {"disease_claim"}}


def test_negation_covers_a_comma_list() -> None:
    s = "We do not treat cancer, ALS or autism with exosomes."
    cs = clauses(s)
    for surface in ("treat", "cancer", "ALS", "autism"):
        assert word(s, cs, surface).negated, surface
    assert frames(s) == {}


def test_negator_after_the_subject_denies_it() -> None:
    s = "Exosome injections are not approved by the FDA."
    cs = clauses(s)
    assert word(s, cs, "Exosome injections").denied_after
    assert frames(s) == {}


def test_myth_label_denies_the_next_clause() -> None:
    s = "Myth: exosomes are FDA-approved."
    cs = clauses(s)
    assert word(s, cs, "FDA-approved").negated
    assert frames(s) == {}


def test_negator_in_a_because_clause_does_not_deny_the_main_claim() -> None:
    s = "Our exosome injections are popular because they do not hurt."
    cs = clauses(s)
    assert not word(s, cs, "exosome injections").denied_after
    assert "route_offer" in all_frames(s)


def test_faq_answer_no_is_a_sentence_of_its_own() -> None:
    text = "No. Our exosomes are exempt from FDA approval."
    assert [p.text for p in split_sentences(text)] == ["No.", "Our exosomes are exempt from FDA approval."]


# --- reported speech and attribution ---------------------------------------------------


def test_reported_speech_is_not_a_claim() -> None:
    s = "FDA warned clinics that claim exosomes treat COVID-19."
    cs = clauses(s)
    assert cs[0].attributed
    for surface in ("exosomes", "treat", "COVID-19"):
        assert word(s, cs, surface).reported, surface
    assert frames(s) == {}


def test_contrast_ends_the_attribution() -> None:
    s = "FDA warned about IV exosomes, but we offer exosome infusions every day."
    cs = clauses(s)
    assert word(s, cs, "IV").reported
    assert word(s, cs, "exosome infusions").asserted
    assert frames(s) == {s: {"route_offer"}}


def test_attribution_after_a_quotation_reports_it() -> None:
    s = '"It is completely safe," the clinic owner said of its exosome drips.'
    cs = clauses(s)
    safe = word(s, cs, "completely safe")
    assert safe.quoted
    assert safe.reported
    assert frames(s) == {}


@pytest.mark.parametrize(
    "sentence",
    [
        "The untitled letter said the firm promoted its exosome product for lupus and spinal cord injury.",
        "Regulators say some med spas advertise exosome injections for knee pain.",
    ],
)
def test_news_attribution_clears_the_claim(sentence: str) -> None:
    assert frames(sentence) == {}


def test_news_page_reports_rather_than_sells() -> None:
    """On a page that reports, an unattributed route mention is no offer; on a clinic page it is."""
    news = (
        "# FDA steps up warnings on exosome clinics\n\n"
        "The FDA has sent warning letters to several clinics, regulators said on Tuesday. "
        "According to the agency, the companies marketed unapproved exosome products, "
        "and the letters cited claims about hair loss and joint pain.\n\n"
        "Exosome injections cost up to $5,000 per session.\n\n"
        "Researchers quoted in the report said the evidence in people is thin, "
        "and the FDA said no exosome product is approved.\n"
    )
    clinic = "Exosome injections cost up to $5,000 per session. Book today."
    assert all_frames(news, "markdown") == set()
    assert all_frames(clinic) == {"route_offer"}


# --- questions ------------------------------------------------------------------------


def test_yes_no_question_asks_and_asserts_nothing() -> None:
    s = "Are exosomes FDA approved?"
    cs = clauses(s)
    assert cs[0].question == "yes_no"
    assert frames(s) == {}


def test_wh_question_presupposes_its_content() -> None:
    s = "How do exosomes regrow hair?"
    cs = clauses(s)
    assert cs[0].question == "wh"
    assert frames(s) == {s: {"sf_claim"}}


def test_lead_in_question_carries_its_condition_to_the_answer() -> None:
    text = "Struggling with arthritis? Exosomes can help."
    assert frames(text) == {"Exosomes can help.": {"disease_claim"}}
    assert any("arthritis" in t for t in frame_terms(text, "disease_claim"))


def test_lead_in_question_alone_is_no_claim() -> None:
    text = "Struggling with arthritis? Our front desk is open until 7 pm. We also offer exosome facials."
    assert frames(text) == {}


# --- conditionals and advice ----------------------------------------------------------


def test_conditional_supposes_and_asserts_nothing() -> None:
    s = "If a clinic says exosomes cure arthritis, ask for proof."
    cs = clauses(s)
    assert word(s, cs, "cure").conditional
    assert frames(s) == {}


def test_new_subject_ends_a_conditional() -> None:
    s = "If you are nervous about needles, our nurses inject exosomes with a numbing cream first."
    cs = clauses(s)
    assert word(s, cs, "inject").asserted
    assert "route_offer" in all_frames(s)


def test_conditional_audience_still_makes_a_disease_claim() -> None:
    s = "If you have knee arthritis, our exosome injections can help."
    assert "disease_claim" in all_frames(s)


def test_advice_to_the_reader_is_not_a_claim() -> None:
    assert frames("Be skeptical of any clinic that says exosomes can reverse heart failure.") == {}


# --- hedges -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Exosomes may help hair loss.",
        "Exosome therapy could reduce acne scarring.",
        "Exosomes show promise for chronic knee pain.",
    ],
)
def test_hedge_is_still_a_claim(sentence: str) -> None:
    cs = clauses(sentence)
    assert any(c.hedged for c in cs)
    doc = parse_text(sentence, "page.txt", "text")
    found = [f for item in default_engine().read(doc) for f in item.frames if f.name == "disease_claim"]
    assert found, "a hedged disease claim is still a claim"
    assert all(f.hedged for f in found)


def test_plain_claim_is_not_hedged() -> None:
    doc = parse_text("Exosomes treat acne scarring.", "page.txt", "text")
    found = [f for item in default_engine().read(doc) for f in item.frames if f.name == "disease_claim"]
    assert found
    assert not any(f.hedged for f in found)


# --- headings, list items, lead-ins -----------------------------------------------------


def test_list_items_inherit_a_treat_heading() -> None:
    text = "# Exosome therapy\n\n## Conditions we treat:\n\n- Eczema\n- Psoriasis\n"
    got = frames(text, "markdown")
    assert got["Eczema"] == {"condition_listing"}
    assert got["Psoriasis"] == {"condition_listing"}


def test_treat_list_ends_at_the_next_section() -> None:
    text = (
        "# Exosome therapy\n\n## Conditions we treat:\n\n- Eczema\n\n"
        "## Our team\n\n- Dr. Lee, board certified since 2009\n- Rosacea awareness month volunteer\n"
    )
    got = frames(text, "markdown")
    assert "Eczema" in got
    assert "Rosacea awareness month volunteer" not in got


def test_serious_items_become_serious_listings() -> None:
    html = (
        "<h2>Exosome IV therapy: what we treat</h2><ul><li>Multiple sclerosis</li><li>Tennis elbow</li></ul>"
    )
    got = frames(html, "html")
    assert got["Multiple sclerosis"] == {"serious_listing"}
    assert got["Tennis elbow"] == {"condition_listing"}


def test_list_without_a_lead_in_is_not_a_treat_list() -> None:
    text = "# Exosome facial aftercare\n\nAvoid these for 48 hours:\n\n- Retinol\n- Saunas\n- Eczema creams\n"
    assert "condition_listing" not in all_frames(text, "markdown")


def test_heading_that_names_product_and_condition_is_a_claim() -> None:
    text = "## Exosome Therapy for Plantar Fasciitis\n\nCall us to book.\n"
    assert "disease_claim" in all_frames(text, "markdown")


# --- testimonials -------------------------------------------------------------------------


def test_testimonial_blockquote_is_a_claim() -> None:
    text = "> Two exosome sessions and my knee pain is gone. — Rob, 52\n"
    doc = parse_text(text, "page.md", "markdown")
    items = list(default_engine().read(doc))
    assert items
    assert items[0].unit.kind is UnitKind.QUOTE
    assert "disease_claim" in {f.name for f in items[0].frames}


# --- investigational / IND language ---------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Exosome therapy is investigational and available only in a clinical trial under an FDA IND.",
        "In this IND study, participants receive three IV doses of the exosome product.",
        "This exosome product is not approved by the FDA.",
        "Ask your provider for the FDA IND number before you join any exosome study.",
    ],
)
def test_lawful_investigational_language_asserts_nothing(sentence: str) -> None:
    assert frames(sentence) == {}


def test_investigational_plus_efficacy_is_still_a_claim() -> None:
    s = "Investigational exosomes that regrow hair are now available at our clinic."
    assert "sf_claim" in all_frames(s)


def test_studied_under_ind_for_a_condition_is_no_claim() -> None:
    s = "Exosomes are being studied for stroke recovery in a clinical trial under an FDA IND."
    assert frames(s) == {}


# --- appearance-only cosmetic language and out-of-scope products ------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Our exosome serum leaves skin looking smoother.",
        "Our exosome serum improves the look of fine lines.",
        "Exosome sheet masks hydrate and moisturize dull-looking skin.",
    ],
)
def test_appearance_only_is_not_structure_function(sentence: str) -> None:
    assert "sf_claim" not in all_frames(sentence)


def test_body_function_is_structure_function() -> None:
    s = "Our exosome serum boosts collagen production for firmer skin."
    assert "sf_claim" in all_frames(s)


def test_page_about_other_products_only_is_out_of_scope() -> None:
    assert frames("Botox Cosmetic temporarily smooths frown lines and fillers restore lost volume.") == {}


def test_other_product_sentence_on_an_exosome_page_is_not_judged() -> None:
    text = "We offer exosome facials. Minoxidil foam treats hereditary hair loss in men."
    assert "Minoxidil foam treats hereditary hair loss in men." not in frames(text)
