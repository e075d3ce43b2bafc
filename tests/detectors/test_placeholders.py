"""End-to-end tests of the `placeholders` family on multi-line documents and founding examples."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsqual.detectors import placeholders
from newsqual.document import Document
from newsqual.report import Flag


def _examples_dir() -> Path:
    shared = os.environ.get("NEWSQUAL_SHARED")
    base = Path(shared) if shared else Path(__file__).resolve().parents[2] / ".." / "shared"
    return base / "examples"


def _example(prefix: str) -> str:
    folder = _examples_dir()
    found = sorted(folder.glob(f"{prefix}_*.txt")) if folder.is_dir() else []
    if not found:
        pytest.skip(f"founding example {prefix} not found under {folder} (set NEWSQUAL_SHARED)")
    return found[0].read_text(encoding="utf-8")


def _flags(text: str) -> list[Flag]:
    doc = Document.from_text(text)
    out = [f for rule in placeholders.RULES for f in rule.detect(doc)]
    for f in out:
        assert text[f.start:f.end] == f.evidence
        assert f.family == "placeholders"
    return sorted(out, key=lambda f: f.start)


# Clean prose full of innocent brackets, braces, dollars and null-ish words.
CLEAN_STORY = """\
Court voids contract in $5 million software dispute

A judge on Monday declared the city's $5 million software contract null and void, ruling that
officials had skipped a required tender. "We told [the mayor] this would happen," said a council
member, who added that the vendor's claim was "baseless [sic] and late".

The vendor's own tests had produced a null result, according to filings.[1] Its lawyers said the
scope of the work was left undefined by the city. None of the parties commented on Tuesday.

Designers had mocked up the city's new portal with "lorem ipsum" text months before any code was
written, the filings show. The code used set notation such as {1, 2, 3} in its documentation.

"I laughed [laughs] when I saw the bill," one resident said. LONDON [Reuters] - Other cities are
watching the case. Nan Lee, a former city attorney, said 20% of such contracts are challenged.
"""


def test_long_clean_story_raises_no_placeholder_flags() -> None:
    assert _flags(CLEAN_STORY) == []


def test_chatbot_about_page_slots_each_get_an_exact_span() -> None:
    text = ("About us\n\nThe site was founded in [date] by [Your Name] to cover the region.\n"
            "Contact [Company Name] for details.\n")
    flags = [f for f in _flags(text) if f.kind == "placeholder_instruction"]
    assert [f.evidence for f in flags] == ["[date]", "[Your Name]", "[Company Name]"]
    assert {f.severity for f in flags} == {"high"}


def test_placeholder_quoted_as_an_example_is_only_medium() -> None:
    text = 'A guide suggests titles such as "Best cafes in [City]" for local blogs.'
    flags = _flags(text)
    assert [(f.kind, f.severity) for f in flags] == [("placeholder_instruction", "medium")]


def test_instruction_in_quotes_stays_high() -> None:
    text = '"[Insert quote from the mayor here]," the statement said.'
    assert [f.severity for f in _flags(text)] == ["high"]


def test_template_and_null_tokens_in_a_feed_item() -> None:
    text = "Breaking: {{ headline }}\nPublished: undefined\nTurnout: NaN%\n"
    kinds = [f.kind for f in _flags(text)]
    assert kinds == ["template_token", "null_in_prose", "null_in_prose"]


def test_lorem_ipsum_line_flagged_whole_and_mention_not() -> None:
    text = "Title\n  Lorem ipsum dolor sit amet, consectetur adipiscing elit.  \nEnd"
    flags = _flags(text)
    assert len(flags) == 1 and flags[0].kind == "lorem_ipsum"
    assert flags[0].evidence == "Lorem ipsum dolor sit amet, consectetur adipiscing elit."


def test_shortcodes_and_image_title_token() -> None:
    text = "#image_title\n[gallery ids=\"1,2,3\"]\nThe council met.\n{{#each tags}}x{{/each}}"
    ev = [f.evidence for f in _flags(text) if f.kind == "cms_token"]
    assert ev == ["#image_title", '[gallery ids="1,2,3"]', "{{#each tags}}", "{{/each}}"]


def test_founding_example_001_has_an_unfilled_bracket_slot() -> None:
    flags = [f for f in _flags(_example("001")) if f.kind == "placeholder_instruction"]
    assert flags, "001 leaves a date slot unfilled"
    assert all(f.evidence.startswith("[") and f.evidence.endswith("]") for f in flags)


def test_founding_example_003_image_title_token_is_a_line_of_its_own() -> None:
    text = _example("003")
    doc = Document.from_text(text)
    cms = [f for f in _flags(text) if f.kind == "cms_token"]
    assert len(cms) == 1
    line = doc.line_at(cms[0].start)
    assert line.text.strip() == cms[0].evidence


@pytest.mark.parametrize("prefix", ["000", "002", "004"])
def test_other_founding_examples_have_no_placeholders(prefix: str) -> None:
    assert _flags(_example(prefix)) == []


def test_template_tokens_in_an_indented_code_listing_are_medium() -> None:
    text = "Add this to your dashboard card:\n\n    {{ sensor_name }}\n\nHeadline: {{ title }}\n"
    flags = [(f.evidence, f.severity) for f in _flags(text) if f.kind == "template_token"]
    assert flags == [("{{ sensor_name }}", "medium"), ("{{ title }}", "high")]


def test_code_lines_make_template_and_bracket_hits_medium() -> None:
    text = ('print(f"Error: {e}")\nflowchart: B -->|Large| C[Add Index]\n'
            "Our reporter {author_name} filed this story.\n")
    flags = [(f.kind, f.evidence, f.severity) for f in _flags(text)]
    assert flags == [("template_token", "{e}", "medium"),
                     ("placeholder_instruction", "[Add Index]", "medium"),
                     ("template_token", "{author_name}", "high")]
