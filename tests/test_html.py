"""HTML -> text: line structure, robustness, chrome spans from markup and from trafilatura."""

from __future__ import annotations

import pytest

import newsqual.html as html_mod
from newsqual.document import Document
from newsqual.html import OUTSIDE_MAIN, MarkupSpan, html_to_text, looks_like_html, render_html

BODY = (
    "The regional council approved a new flood defence plan on Tuesday after a three-hour debate, "
    "committing 40 million pounds to walls, pumps and upstream storage over the next five years."
)
BODY2 = (
    "Residents of the riverside estates, who were evacuated twice last winter, said the plan came "
    "too late, but engineers told the meeting that the first pumps could be working by autumn."
)
BODY3 = (
    "Opposition members questioned the cost estimates and asked for an independent review, which "
    "the council leader agreed to publish before the first contracts are signed in the spring."
)


def _page(article: str, *, chrome: str = "", footer: str = "") -> str:
    return (
        "<!DOCTYPE html><html><head><title>Flood plan | Region | Example News</title>"
        "<style>p { color: red }</style><script>var tracking = 'do not render me';</script></head>"
        f"<body>{chrome}<main><article>{article}</article></main>{footer}</body></html>"
    )


ARTICLE = f"<h1>Council backs flood plan</h1><p>{BODY}</p><p>{BODY2}</p><p>{BODY3}</p>"


def _roles(text: str, spans: list[MarkupSpan]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for s in spans:
        out.setdefault(s.role, []).append(text[s.start:s.end])
    return out


def test_blocks_become_lines_and_inline_elements_stay_joined() -> None:
    html = (
        "<html><body><h2>Results</h2><p>The <b>home</b> side <a href='#'>won</a> easily.</p>"
        "<ul><li>First item</li><li>Second <i>item</i></li></ul>"
        "<table><tr><th>Team</th><th>Points</th></tr><tr><td>Leeds</td><td>42</td></tr></table>"
        "<p>Line one<br>Line two<br/>Line three</p><div>Tail text</div></body></html>"
    )
    text, _, _ = render_html(html)
    assert text.split("\n") == [
        "Results", "The home side won easily.", "First item", "Second item",
        "Team", "Points", "Leeds", "42", "Line one", "Line two", "Line three", "Tail text",
    ]


def test_whitespace_is_collapsed_but_pre_is_kept() -> None:
    text, _, _ = render_html("<body><p>  a \n\t b  </p><pre>x  y\nz</pre></body>")
    assert text.split("\n") == ["a b", "x  y", "z"]


def test_scripts_styles_and_comments_are_not_text() -> None:
    html = _page(ARTICLE) .replace(
        "<main>", "<main><!-- hidden note --><noscript>Enable JS</noscript><template>T</template>")
    text, _, title = html_to_text(html)
    assert "do not render me" not in text
    assert "color" not in text
    assert "hidden note" not in text and "Enable JS" not in text
    assert title == "Flood plan | Region | Example News"
    assert "Flood plan |" not in text  # the <title> is metadata, not a line of the page


def test_entities_are_decoded() -> None:
    html = "<body><p>Fish &amp; chips &ndash; &#8220;fine&#8221;&nbsp;food</p></body>"
    text, _, _ = render_html(html)
    assert text == "Fish & chips \u2013 \u201cfine\u201d food"


def test_malformed_markup_is_rendered_not_raised() -> None:
    html = "<html><body><p>Unclosed <b>bold <i>italic</p><div>next<table><tr><td>cell</div>" \
           "</td><p>after</body>"
    text, spans, _ = html_to_text(html)
    assert text.split("\n")[0] == "Unclosed bold italic"
    for needle in ("next", "cell", "after"):
        assert needle in text
    assert all(0 <= s.start < s.end <= len(text) for s in spans)


def test_empty_and_declaration_inputs() -> None:
    assert html_to_text("") == ("", [], None)
    declared = "<?xml version='1.0' encoding='utf-8'?><html><body><p>Hi</p></body></html>"
    text, _, _ = html_to_text(declared)
    assert text == "Hi"


def test_deep_nesting_falls_back_to_tag_stripping() -> None:
    html = ("<html><body><p>Top line</p>" + "<div>" * 5000 + "<p>Deep line</p>"
            "<script>var x = '<p>not text</p>';</script>" + "</div>" * 5000 + "</body></html>")
    text, _, _ = html_to_text(html)
    assert text.split("\n") == ["Top line", "Deep line"]


def test_chrome_containers_become_spans_with_roles() -> None:
    html = _page(
        ARTICLE,
        chrome="<nav><ul><li>Home</li><li>World</li><li>Sport</li></ul></nav>"
               "<div class='cookie-banner'>We use cookies to improve your experience. Accept</div>"
               "<div role='search'>Search the site</div>",
        footer="<footer><p>Contact us</p><p>Terms of use</p></footer>",
    )
    text, spans, _ = html_to_text(html, main_text=False)
    roles = _roles(text, spans)
    assert roles["navigation"][0] == "Home\nWorld\nSport"
    assert roles["consent"] == ["We use cookies to improve your experience. Accept"]
    assert roles["footer"] == ["Contact us\nTerms of use"]
    assert "Search the site" in roles["navigation"]
    for s in spans:
        assert text[s.start:s.end].strip() == text[s.start:s.end]


def test_heading_ids_are_not_mistaken_for_chrome() -> None:
    html = _page(f"<h2 id='how-social-media-changed-news'>How social media changed news</h2>"
                 f"<p>{BODY}</p>")
    text, spans, _ = html_to_text(html, main_text=False)
    assert not [s for s in spans if "social media" in text[s.start:s.end]]


def test_syntax_highlighting_classes_in_code_are_not_chrome() -> None:
    # highlighters mark code comments and tags with classes such as "hljs-comment", "token tag"
    html = _page(f"<p>{BODY}</p><pre><code class='language-bash'>"
                 "<span class='hljs-comment'># delete a branch remotely</span>\n"
                 "git push origin --delete old-branch</code></pre>"
                 "<p>Inline <code><span class='token tag'>nav</span></code> markup.</p>",
                 footer="<div class='comments'><p>Reader comment: great piece</p></div>")
    text, spans, _ = html_to_text(html, main_text=False)
    roles = _roles(text, spans)
    assert roles.get("comments") == ["Reader comment: great piece"]
    assert "tags" not in roles


def test_adobe_component_prefix_is_not_a_consent_box() -> None:
    html = _page(f"<div class='cmp-text cmp-text--article'><p>{BODY}</p></div>",
                 footer="<div id='qc-cmp2-container'>We value your privacy. Agree</div>")
    text, spans, _ = html_to_text(html, main_text=False)
    assert _roles(text, spans) == {"consent": ["We value your privacy. Agree"]}


def test_a_chrome_class_wrapping_the_article_is_not_a_span() -> None:
    # ASP.NET pages wrap everything in one <form>; themes put "has-sidebar" on the page wrapper.
    html = (f"<html><body><form id='aspnetForm'><div class='layout has-sidebar'>{ARTICLE}"
            "<aside>Most read</aside></div></form></body></html>")
    text, spans, _ = html_to_text(html, main_text=False)
    roles = _roles(text, spans)
    assert roles.get("aside") == ["Most read"]
    assert "form" not in roles
    assert all(BODY not in t for texts in roles.values() for t in texts)


def test_trafilatura_marks_lines_outside_the_main_text() -> None:
    html = _page(
        ARTICLE,
        chrome="<div class='top'><a href='/'>Example News</a> "
               "<a href='/x'>Subscribe today</a></div>",
        footer="<div class='bottom'><p>Copyright 2024 Example News Ltd</p></div>",
    )
    text, spans, _ = html_to_text(html)
    lines = text.split("\n")
    outside = [s for s in spans if s.role == OUTSIDE_MAIN]
    assert outside, "chrome lines around the article must be reported"
    covered = {text[s.start:s.end] for s in outside}
    assert "Example News Subscribe today" in covered
    assert "Copyright 2024 Example News Ltd" in covered
    for s in outside:  # whole lines only
        assert s.start == 0 or text[s.start - 1] == "\n"
        assert s.end == len(text) or text[s.end] == "\n"
        assert BODY not in text[s.start:s.end] and BODY2 not in text[s.start:s.end]
    assert BODY in lines and BODY3 in lines


def test_main_text_can_be_switched_off() -> None:
    text, spans, _ = html_to_text(_page(ARTICLE, chrome="<div>Top links</div>"), main_text=False)
    assert "Top links" in text
    assert not [s for s in spans if s.role == OUTSIDE_MAIN]


def test_a_breadcrumb_trafilatura_keeps_is_still_reported(monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:

    monkeypatch.setattr(html_mod, "_extract_main", lambda html: f"Home World Europe\n{BODY}")
    html = _page(f"<div class='breadcrumbs'>Home World Europe</div><p>{BODY}</p>",
                 chrome="<nav>Home World Sport</nav>")
    text, spans, _ = html_to_text(html)
    roles = _roles(text, spans)
    assert roles["breadcrumb"] == ["Home World Europe"]
    assert "Home World Sport" in roles["navigation"]


def test_main_text_is_claimed_once_and_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    # A contents box repeats the subheadings below it. When the main text holds each heading
    # once, only the copy that sits in order with the paragraphs is main text.

    main = f"Why the river floods\n{BODY}\nWhat the plan pays for\n{BODY2}"
    monkeypatch.setattr(html_mod, "_extract_main", lambda html: main)
    html = _page(
        "<div class='toc'><p>Contents</p><ul><li>Why the river floods</li>"
        "<li>What the plan pays for</li></ul></div>"
        f"<h2>Why the river floods</h2><p>{BODY}</p><h2>What the plan pays for</h2><p>{BODY2}</p>"
    )
    text, spans, _ = html_to_text(html)
    lines = text.split("\n")
    assert lines == ["Contents", "Why the river floods", "What the plan pays for",
                     "Why the river floods", BODY, "What the plan pays for", BODY2]
    outside = [(s.start, s.end) for s in spans if s.role == OUTSIDE_MAIN]
    assert outside == [(0, len("\n".join(lines[:3])))]


def test_a_subheading_trafilatura_dropped_between_kept_paragraphs_is_main_text(
        monkeypatch: pytest.MonkeyPatch) -> None:

    # trafilatura kept both paragraphs but not the h3 between them, nor the h3 after the last
    # paragraph, nor the plain <p> label between them.
    main = f"{BODY}\n{BODY2}\n{BODY3}"
    monkeypatch.setattr(html_mod, "_extract_main", lambda html: main)
    html = _page(f"<p>{BODY}</p><h3>What the plan pays for</h3><p>{BODY2}</p>"
                 f"<p>Advertisement</p><p>{BODY3}</p><h3>More stories</h3><p>Share this page</p>")
    text, spans, _ = html_to_text(html)
    outside = [text[s.start:s.end] for s in spans if s.role == OUTSIDE_MAIN]
    assert "What the plan pays for" not in "\n".join(outside)
    assert "Advertisement" in outside  # not a heading
    assert "More stories\nShare this page" in outside  # a heading, but not between main text


def test_a_dropped_subheading_may_sit_one_short_line_from_the_main_text(
        monkeypatch: pytest.MonkeyPatch) -> None:

    # A "Book now" button above the h3 and a photo credit below it are not main text; the h3
    # still introduces the next kept paragraph. Two short lines, or a long non-main line, in
    # between are too far.
    main = f"{BODY}\n{BODY2}\n{BODY3}"
    monkeypatch.setattr(html_mod, "_extract_main", lambda html: main)
    html = _page(f"<p>{BODY}</p><p>Book now</p><h3>What the plan pays for</h3>"
                 f"<p>Photo: City council</p><p>{BODY2}</p><p>Book now</p><p>Sponsored</p>"
                 f"<h3>Where the money goes</h3><p>{BODY3}</p>")
    text, spans, _ = html_to_text(html)
    outside = "\n".join(text[s.start:s.end] for s in spans if s.role == OUTSIDE_MAIN)
    assert "What the plan pays for" not in outside
    assert "Photo: City council" in outside and "Book now" in outside
    assert "Where the money goes" in outside


def test_footnote_marks_and_moved_blocks_still_match(monkeypatch: pytest.MonkeyPatch) -> None:

    # trafilatura put the fact box first and dropped the footnote mark "1"
    main = f"{BODY3}\n{BODY}\n{BODY2}"
    monkeypatch.setattr(html_mod, "_extract_main", lambda html: main)
    html = _page(f"<p>{BODY}</p><p>{BODY2}</p><div><p>{BODY3}<sup>1</sup></p></div>"
                 "<p>Share this page</p>")
    text, spans, _ = html_to_text(html)
    outside = [text[s.start:s.end] for s in spans if s.role == OUTSIDE_MAIN]
    assert outside == ["Share this page"]


def test_huge_page_is_handled() -> None:
    block = (f"<div class='item'><h3>Item</h3><p>{BODY}</p><ul><li>one</li><li>two</li></ul></div>")
    html = "<html><body><nav>Home</nav>" + block * 12_000 + "</body></html>"  # ~3.6 MB
    assert len(html) > 3_000_000
    doc = Document.from_html(html)
    assert doc.text.startswith("Home\nItem\n" + BODY)
    assert all(0 <= s.start < s.end <= len(doc.text) for s in doc.markup)
    assert any(s.role == "navigation" for s in doc.markup)


def test_a_page_large_only_by_its_scripts_still_gets_a_main_text_verdict() -> None:
    chrome = "<div class='top'><a href='/'>Example News</a> <a href='/x'>Subscribe today</a></div>"
    small = _page(ARTICLE, chrome=chrome)
    filler = '"x",' * (html_mod.MAIN_TEXT_MAX_HTML // 4 + 10)
    script = f"<script>var state = {filler};</script>"
    big = small.replace("</body>", script + "<svg><text>icon</text></svg></body>")
    assert len(big) > html_mod.MAIN_TEXT_MAX_HTML
    text, spans, _ = html_to_text(big)
    assert "icon" not in text and "var state" not in text
    assert text == html_to_text(small)[0]
    outside = {text[s.start:s.end] for s in spans if s.role == OUTSIDE_MAIN}
    assert "Example News Subscribe today" in outside


def test_text_after_a_cut_script_is_kept() -> None:
    slim = html_mod._without_code("<div><p>One<script>x()</script> two</p><style>p{}</style>"
                                  "three</div>")
    assert "script" not in slim and "style" not in slim
    assert "One two" in slim and "three" in slim


def test_looks_like_html() -> None:
    assert looks_like_html("<!doctype html><p>x</p>")
    assert looks_like_html("<div><p>One</p><p>Two</p><span>x</span></div>")
    assert not looks_like_html("Use <b> for bold, the style guide says.")
    assert not looks_like_html("Revenue rose 5% to $3bn, the company said.")


def test_document_from_html_raises_markup_chrome_flags() -> None:
    from newsqual.detectors.chrome import RULES

    html = _page(ARTICLE, chrome="<nav><a>Home</a> <a>World</a></nav>",
                 footer="<footer>Contact us</footer>")
    doc = Document.from_html(html)
    flags = [f for r in RULES if r.kind == "markup_chrome" for f in r.detect(doc)]
    assert {f.evidence for f in flags} >= {"Home World", "Contact us"}
    for f in flags:
        assert doc.text[f.start:f.end] == f.evidence
        assert f.severity == "low" and f.family == "chrome"
    nav = next(f for f in flags if f.evidence == "Home World")
    assert "navigation" in nav.message
    assert not [f for f in flags if BODY in f.evidence]
