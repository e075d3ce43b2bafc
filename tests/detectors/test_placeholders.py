"""End-to-end tests of the `placeholders` family on multi-line documents and founding examples."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsqual.detectors import placeholders
from newsqual.document import Document
from newsqual.report import Flag

DETECTOR = placeholders  # the module conftest's `flags_of` fixture runs
FLAG_OPTIONS = {"key": lambda f: f.start}  # by start only; ties keep rule order
FlagsOf = Callable[[Document | str], list[Flag]]
Example = Callable[[str], str]


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


def test_long_clean_story_raises_no_placeholder_flags(flags_of: FlagsOf) -> None:
    assert flags_of(CLEAN_STORY) == []


def test_chatbot_about_page_slots_each_get_an_exact_span(flags_of: FlagsOf) -> None:
    text = ("About us\n\nThe site was founded in [date] by [Your Name] to cover the region.\n"
            "Contact [Company Name] for details.\n")
    flags = [f for f in flags_of(text) if f.kind == "placeholder_instruction"]
    assert [f.evidence for f in flags] == ["[date]", "[Your Name]", "[Company Name]"]
    assert {f.severity for f in flags} == {"high"}


def test_placeholder_quoted_as_an_example_is_only_medium(flags_of: FlagsOf) -> None:
    text = 'A guide suggests titles such as "Best cafes in [City]" for local blogs.'
    flags = flags_of(text)
    assert [(f.kind, f.severity) for f in flags] == [("placeholder_instruction", "medium")]


def test_instruction_in_quotes_stays_high(flags_of: FlagsOf) -> None:
    text = '"[Insert quote from the mayor here]," the statement said.'
    assert [f.severity for f in flags_of(text)] == ["high"]


def test_template_and_null_tokens_in_a_feed_item(flags_of: FlagsOf) -> None:
    text = "Breaking: {{ headline }}\nPublished: undefined\nTurnout: NaN%\n"
    kinds = [f.kind for f in flags_of(text)]
    assert kinds == ["template_token", "null_in_prose", "null_in_prose"]


def test_lorem_ipsum_line_flagged_whole_and_mention_not(flags_of: FlagsOf) -> None:
    text = "Title\n  Lorem ipsum dolor sit amet, consectetur adipiscing elit.  \nEnd"
    flags = flags_of(text)
    assert len(flags) == 1 and flags[0].kind == "lorem_ipsum"
    assert flags[0].evidence == "Lorem ipsum dolor sit amet, consectetur adipiscing elit."


def test_shortcodes_and_image_title_token(flags_of: FlagsOf) -> None:
    text = "#image_title\n[gallery ids=\"1,2,3\"]\nThe council met.\n{{#each tags}}x{{/each}}"
    ev = [f.evidence for f in flags_of(text) if f.kind == "cms_token"]
    assert ev == ["#image_title", '[gallery ids="1,2,3"]', "{{#each tags}}", "{{/each}}"]


def test_founding_example_001_has_an_unfilled_bracket_slot(flags_of: FlagsOf,
                                                           founding_example: Example) -> None:
    flags = [f for f in flags_of(founding_example("001")) if f.kind == "placeholder_instruction"]
    assert flags, "001 leaves a date slot unfilled"
    assert all(f.evidence.startswith("[") and f.evidence.endswith("]") for f in flags)


def test_founding_example_003_image_title_token_is_a_line_of_its_own(
        flags_of: FlagsOf, founding_example: Example
) -> None:
    text = founding_example("003")
    doc = Document.from_text(text)
    cms = [f for f in flags_of(text) if f.kind == "cms_token"]
    assert len(cms) == 1
    line = doc.line_at(cms[0].start)
    assert line.text.strip() == cms[0].evidence


@pytest.mark.parametrize("prefix", ["000", "002", "004"])
def test_other_founding_examples_have_no_placeholders(prefix: str, flags_of: FlagsOf,
                                                      founding_example: Example) -> None:
    assert flags_of(founding_example(prefix)) == []


def test_template_tokens_in_an_indented_code_listing_are_medium(flags_of: FlagsOf) -> None:
    text = "Add this to your dashboard card:\n\n    {{ sensor_name }}\n\nHeadline: {{ title }}\n"
    flags = [(f.evidence, f.severity) for f in flags_of(text) if f.kind == "template_token"]
    assert flags == [("{{ sensor_name }}", "medium"), ("{{ title }}", "high")]


def test_code_lines_make_template_and_bracket_hits_medium(flags_of: FlagsOf) -> None:
    text = ('print(f"Error: {e}")\nflowchart: B -->|Large| C[Add Index]\n'
            "Our reporter {author_name} filed this story.\n")
    flags = [(f.kind, f.evidence, f.severity) for f in flags_of(text)]
    assert flags == [("template_token", "{e}", "medium"),
                     ("placeholder_instruction", "[Add Index]", "medium"),
                     ("template_token", "{author_name}", "high")]
