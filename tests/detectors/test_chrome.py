"""The `chrome` family on whole documents: exact spans, a clean article, the founding examples."""

# ruff: noqa: E501  (the fixtures are article text: one paragraph per line, as scraped)

from __future__ import annotations

import re
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from newsqual.detectors import chrome
from newsqual.document import Document
from newsqual.html import OUTSIDE_MAIN, MarkupSpan
from newsqual.report import Flag

DETECTOR = chrome  # the module conftest's `flags_of` fixture runs
FlagsOf = Callable[[Document | str], list[Flag]]
Example = Callable[[str], str]


def _line_span(text: str, first: str, last: str | None = None) -> tuple[int, int]:
    start = text.index(first)
    end = text.index(last, start) + len(last) if last else start + len(first)
    return start, end


SCRAPED_PAGE = """\
Skip to content
Home › News › Environment
Floods Force Hundreds From Homes in River Valley | Environment | valley-post.staging.example.com

Floods Force Hundreds From Homes in River Valley

4
Floods force hundreds from homes in river valley
Share this:
Facebook Twitter WhatsApp Email

Hundreds of residents were moved to emergency shelters overnight after the river burst its banks in three places, the county council said on Sunday.

ADVERTISEMENT

Engineers said the water level had peaked at 5.2 metres, the highest since records began in 1968, and warned that more rain was expected on Tuesday.

Sign up for our morning newsletter
Previous article
Next post: County Fair Cancelled After Storm Damage

You may also like
Bridge Closure Extended Until Spring
Council Tax Rise Approved by Narrow Vote

Leave a Reply Cancel reply
Your email address will not be published. Required fields are marked *
Comment *
Name *
Email *
Save my name, email, and website in this browser for the next time I comment.
Post Comment
12 Comments
"""


def test_scraped_page_flags_every_piece_of_chrome_with_exact_spans(flags_of: FlagsOf) -> None:
    text = SCRAPED_PAGE
    got = {(f.kind, f.start, f.end) for f in flags_of(text)}
    counter = text.index("\n4\n") + 1
    # the lower-case copy of the headline is the repeat, not the first occurrence
    repeat = text.index("Floods force hundreds from homes in river valley")
    host = text.index("valley-post.staging.example.com")
    expected = {
        ("skip_link", *_line_span(text, "Skip to content")),
        ("breadcrumb", *_line_span(text, "Home › News › Environment")),
        ("site_name_line", *_line_span(text, "Floods Force Hundreds From Homes in River Valley |",
                                       "example.com")),
        ("comment_counter", counter, counter + 1),
        ("share_line", *_line_span(text, "Share this:")),
        ("share_line", *_line_span(text, "Facebook Twitter WhatsApp Email")),
        ("advertisement_label", *_line_span(text, "ADVERTISEMENT")),
        ("newsletter_prompt", *_line_span(text, "Sign up for our morning newsletter")),
        ("prev_next_link", *_line_span(text, "Previous article")),
        ("prev_next_link", *_line_span(text, "Next post: County Fair Cancelled After Storm Damage")),
        ("related_block", *_line_span(text, "You may also like", "Narrow Vote")),
        ("comment_form", *_line_span(text, "Leave a Reply Cancel reply", "Post Comment")),
        ("comment_counter", *_line_span(text, "12 Comments")),
        ("repeated_heading", repeat, repeat + len("Floods force hundreds from homes in river valley")),
        ("staging_domain", host, host + len("valley-post.staging.example.com")),
    }
    assert got == expected


def test_crlf_text_keeps_spans_off_the_carriage_returns(flags_of: FlagsOf) -> None:
    text = SCRAPED_PAGE.replace("\n", "\r\n")
    for f in flags_of(text):
        assert not f.evidence.endswith("\r") and not f.evidence.startswith("\r")
    assert {f.kind for f in flags_of(text)} == {f.kind for f in flags_of(SCRAPED_PAGE)}


CLEAN_ARTICLE = """\
River valley towns count the cost of worst floods in decades

By a staff reporter

Hundreds of residents spent a second night in emergency shelters on Monday after the River Calder burst its banks in three places, flooding homes, shops and a primary school.

Home owners in the lower town said the water rose faster than in 2015. "We had twenty minutes," said Margaret Hale, 71, who has lived on Mill Street for forty years. "Next time we will not wait for the sirens."

Share prices of the two regional water companies fell by 3 per cent after the Environment Agency said it would review how reservoirs upstream were managed during the storm.

What the council says

The council leader, Amir Khan, said 40 million pounds had been set aside for defences, but that the most recent plan was still waiting for government approval. Previous schemes had been delayed by disputes over land.

Related to the funding row, opposition councillors asked for an independent audit of the money spent since 2016.

What happens next

Engineers will inspect the town's two bridges on Tuesday. Residents can register for help at the leisure centre or by phone.

The Met Office has issued a yellow warning for rain covering:

Calderdale
Kirklees
Bradford

Most popular among residents was a plan for upstream storage ponds, a council survey found last year.

Comments from the public on the new plan can be submitted until the end of March.

Read more about the flood warning system in our explainer, published on Friday.

Next week, ministers are expected to visit the area.
"""


def test_a_clean_article_gets_no_chrome_flags(flags_of: FlagsOf) -> None:
    assert flags_of(CLEAN_ARTICLE) == []


def test_dev_to_and_other_real_sites_are_not_staging_domains(flags_of: FlagsOf) -> None:
    text = ("The tutorial first appeared on dev.to and was later mirrored on github.io pages.\n"
            "See www.example.co.uk/news and developer.mozilla.org for details.\n")
    assert not [f for f in flags_of(text) if f.kind == "staging_domain"]
    flagged = flags_of("Preview it at https://news-site-git-fix.vercel.app/world before launch.\n"
                     "The draft sits on staging.example.co.uk until Monday.\n"
                     "Tested at http://127.0.0.1:8000/story.\n")
    assert [f.evidence for f in flagged if f.kind == "staging_domain"] == [
        "news-site-git-fix.vercel.app", "staging.example.co.uk", "http://127.0.0.1:8000",
    ]


def test_related_block_stops_at_a_real_paragraph(flags_of: FlagsOf) -> None:
    text = ("The vote is on Friday.\n\nRelated articles\n\nStrike Talks Collapse\n\nPort Reopens "
            "After Fire\n\nThe council will publish the full results next week, along with the "
            "turnout figures for each ward, officials said.\n")
    [flag] = [f for f in flags_of(text) if f.kind == "related_block"]
    assert flag.evidence == "Related articles\n\nStrike Talks Collapse\n\nPort Reopens After Fire"
    assert flag.severity == "medium"


def test_repeated_heading_accepts_a_changed_word_in_long_headings_only(flags_of: FlagsOf) -> None:
    long_pair = ("Ministers Promise New Funding For Rural Bus Routes\n"
                 "Ministers Promise Extra Funding For Rural Bus Routes\n")
    assert [f.kind for f in flags_of(long_pair)] == ["repeated_heading"]
    short_pair = "Leeds United 2\nLeeds United 3\n"
    assert flags_of(short_pair) == []
    roles = ("Jane Doe\nFormer minister of transport\n\nJohn Roe\nFormer minister of transport\n")
    assert flags_of(roles) == []


def _lines_of(doc: Document, flag: Flag) -> list[int]:
    return [ln.index for ln in doc.lines if ln.start < flag.end and ln.end > flag.start]


def test_example_003_breadcrumb_counter_and_repeated_title(flags_of: FlagsOf,
                                                           founding_example: Example) -> None:
    doc = Document.from_text(founding_example("003"))
    flags = flags_of(doc)
    nonblank = doc.nonblank_lines
    by_kind: dict[str, list[Flag]] = {}
    for f in flags:
        by_kind.setdefault(f.kind, []).append(f)
    # the first line is the breadcrumb (Home followed by section names, then the headline)
    [crumb] = by_kind["breadcrumb"]
    assert (crumb.start, crumb.end) == (nonblank[0].start, nonblank[0].end)
    assert crumb.evidence.split()[0] == "Home"
    # a bare number between the headline and its repeat is a comment counter
    [counter] = by_kind["comment_counter"]
    assert counter.evidence.isdigit()
    k = next(i for i, ln in enumerate(nonblank) if ln.start == counter.start)
    assert k <= 3
    # the headline's second copy is flagged, its first copy is not
    [rep] = by_kind["repeated_heading"]
    first = nonblank[1]
    assert rep.evidence.casefold() == first.text.casefold() and rep.start > first.start
    assert not [f for f in flags if f.start <= first.start < f.end]


def test_example_004_title_line_preview_domain_repeat_and_related_posts(
        flags_of: FlagsOf, founding_example: Example
) -> None:
    doc = Document.from_text(founding_example("004"))
    flags = flags_of(doc)
    nonblank = doc.nonblank_lines
    kinds = {f.kind for f in flags}
    assert {"site_name_line", "staging_domain", "repeated_heading", "related_block"} <= kinds
    [title] = [f for f in flags if f.kind == "site_name_line"]
    assert (title.start, title.end) == (nonblank[0].start, nonblank[0].end)
    [host] = [f for f in flags if f.kind == "staging_domain"]
    assert nonblank[0].start < host.start and host.end == nonblank[0].end
    assert "." in host.evidence and " " not in host.evidence
    [rep] = [f for f in flags if f.kind == "repeated_heading"]
    assert rep.evidence == nonblank[1].text and rep.start == nonblank[2].start
    [related] = [f for f in flags if f.kind == "related_block"]
    lines = _lines_of(doc, related)
    heading = doc.lines[lines[0]].text
    assert heading.lower().startswith("related")
    items = [doc.lines[i].text for i in lines[1:] if doc.lines[i].text.strip()]
    assert len(items) >= 3  # the headline list, a stray line inside it included
    last_line = doc.nonblank_lines[-1]
    assert related.end < last_line.start  # the consent text after the block is not part of it


def test_example_001_categories_label_and_repeated_subheadings(flags_of: FlagsOf,
                                                               founding_example: Example) -> None:
    doc = Document.from_text(founding_example("001"))
    flags = flags_of(doc)
    nonblank = doc.nonblank_lines
    [cat] = [f for f in flags if f.kind == "category_line"]
    assert (cat.start, cat.end) == (nonblank[0].start, nonblank[1].end)
    reps = [f for f in flags if f.kind == "repeated_heading"]
    assert len(reps) >= 5
    for f in reps:  # each repeat has a near-identical heading two lines above, never itself prose
        k = next(i for i, ln in enumerate(nonblank) if ln.start == f.start)
        prev = nonblank[k - 1].text
        toks = re.findall(r"\w+", prev.casefold())
        assert toks == re.findall(r"\w+", f.evidence.casefold())
        assert not f.evidence.endswith(".")


def test_markup_chrome_only_for_html_documents(flags_of: FlagsOf) -> None:
    page = ("<html><body><nav><a>Home</a> <a>World</a></nav><div class='share-bar'>Share</div>"
            "<article><h1>Council backs plan</h1><p>" + "The council approved the plan on "
            "Tuesday after a long debate about costs. " * 5 + "</p></article>"
            "<footer>Contact us</footer></body></html>")
    html_doc = Document.from_html(page)
    marks = [f for f in flags_of(html_doc) if f.kind == "markup_chrome"]
    messages = {f.evidence: f.message for f in marks}
    assert "navigation" in messages["Home World"]
    assert "share" in messages["Share"]
    assert "footer" in messages["Contact us"]
    assert all("approved the plan" not in f.evidence for f in marks)
    text_doc = Document.from_text(html_doc.text)
    assert not [f for f in flags_of(text_doc) if f.kind == "markup_chrome"]


def test_markup_chrome_reports_outside_main_text_lines_once(flags_of: FlagsOf) -> None:
    text = "Top links\nMenu\nBody paragraph here.\nFooter line"
    doc = Document(text=text, source_format="html", markup=[
        MarkupSpan(0, 14, OUTSIDE_MAIN), MarkupSpan(10, 14, "navigation"),
        MarkupSpan(37, 48, OUTSIDE_MAIN)])
    marks = [(f.evidence, "navigation" in f.message) for f in flags_of(doc)
             if f.kind == "markup_chrome"]
    assert marks == [("Top links", False), ("Menu", True), ("Footer line", False)]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "Z", "com", ".", "-", "_", "@", "http://", "https://",
                                 "HTTPS://", "x", " ", ":8080", "/", "9", "dev", "staging.", "\n",
                                 "é", "wpengine", "a" * 70]), max_size=40).map("".join))
def test_host_matches_equal_a_full_scan(text: str) -> None:
    """The dotted-run search finds exactly the host names a full ``finditer`` finds."""
    full = [(m.span(), m.group(1)) for m in chrome._HOST_RE.finditer(text)]
    assert [(m.span(), m.group(1)) for m in chrome._host_matches(text)] == full


def test_repeated_heading_spares_the_headline_after_an_outside_copy(flags_of: FlagsOf) -> None:
    """HTML: a title copy outside the main text (already markup chrome) followed by the main
    text's own headline does not flag the headline; two copies inside the text still do."""
    title = "Flood Defences Fail in Three Towns"
    text = f"{title}\n{title}\nWater rose in the night and the council opened two shelters.\n"
    first_end = len(title)
    outside = [MarkupSpan(0, first_end, OUTSIDE_MAIN)]
    html_doc = Document(text=text, source_format="html", markup=outside)
    assert not [f for f in flags_of(html_doc) if f.kind == "repeated_heading"]
    for doc in (Document(text=text, source_format="html", markup=[]), Document.from_text(text)):
        repeats = [f for f in flags_of(doc) if f.kind == "repeated_heading"]
        assert [(f.start, f.end) for f in repeats] == [(first_end + 1, 2 * first_end + 1)]
    # Printed twice inside the article after the outside copy: the second inside copy repeats.
    thrice = f"{title}\n{title}\n{title}\nWater rose in the night and the council opened two shelters.\n"
    doc = Document(text=thrice, source_format="html", markup=outside)
    repeats = [f for f in flags_of(doc) if f.kind == "repeated_heading"]
    assert [(f.start, f.end) for f in repeats] == [(2 * first_end + 2, 3 * first_end + 2)]
