"""End-to-end tests of the `errors` family on multi-line documents and the founding examples."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import newsqual
from newsqual.detectors import errors
from newsqual.document import Document
from newsqual.report import Flag

DETECTOR = errors  # the module conftest's `flags_of` fixture runs
FLAG_OPTIONS = {"key": None}  # keep rule order: tests read flags as the rules raise them
FlagsOf = Callable[[Document | str], list[Flag]]
Example = Callable[[str], str]


# A long clean article that talks *about* outages, databases and error pages in prose.
CLEAN_OUTAGE_STORY = """\
Bank's website outage traced to failed database upgrade

LONDON, March 3 (Wire) - A nine-hour outage that left customers of a British bank unable to log in
was caused by a failed upgrade of its Oracle database, the bank said on Tuesday, rejecting claims
that hackers had used an SQL injection attack.

Customers trying to reach the site saw a "502 Bad Gateway" message for most of the morning, and
some reported an Error 404 page when following links from the bank's app. Engineers said a change
to the nginx configuration made matters worse before it was rolled back.

"The stack trace pointed us to the storage layer within minutes," the bank's technology chief told
reporters, adding that there was no fatal error in the payment systems themselves. "Warning signs
were there on Monday, and we should have acted on them."

The regulator said it would examine whether the bank had followed its own notice on line
maintenance windows. Cloudflare, which protects the site, said its Ray ID logs showed no attack.

The bank said all services were restored by 6 p.m. and that no data was lost.
"""


def test_long_clean_story_about_outages_raises_no_error_flags(flags_of: FlagsOf) -> None:
    assert flags_of(CLEAN_OUTAGE_STORY) == []


def test_sql_trailer_span_runs_from_localised_wrapper_to_line_end(flags_of: FlagsOf) -> None:
    text = ("The talks ended on Friday.\n\nAuthor : Desk\n\n"
            "... . . . Fehler : SQLSTATE[08006] [7] could not connect to server\n")
    flags = [f for f in flags_of(text) if f.kind == "sql_error"]
    assert len(flags) == 1
    f = flags[0]
    assert f.evidence.startswith("Fehler :")
    assert text[f.end] == "\n"  # runs to the end of its line
    assert f.severity == "high"


def test_crlf_offsets_index_the_callers_string(flags_of: FlagsOf) -> None:
    text = "Story line one.\r\nError: SQLSTATE[HY000] [2002] Connection refused\r\nmore\r\n"
    flags = flags_of(text)
    assert [f.kind for f in flags] == ["sql_error"]
    assert not flags[0].evidence.endswith("\r")


def test_score_rejects_a_sql_trailer() -> None:
    report = newsqual.score("Pages ended here. SQLSTATE[HY000] [2002] Connection refused")
    assert "sql_error" in report.kinds
    assert report.label == "reject"


def test_php_error_in_html_mode_and_trace_lines(flags_of: FlagsOf) -> None:
    text = ("Officials confirmed the figures.\n"
            "<b>Warning</b>:  Undefined variable $post in <b>/var/www/site/single.php</b> on line "
            "<b>12</b>\n"
            "PHP Fatal error:  Uncaught Exception: boom in /srv/app/x.php:4\n"
            "Stack trace:\n#0 {main}\n")
    kinds = [f.kind for f in flags_of(text)]
    assert kinds.count("php_error") == 4  # warning, uncaught, 'Stack trace:', '#0 {main}'


def test_java_trace_flags_every_frame_line(flags_of: FlagsOf) -> None:
    text = ("Exception in thread \"main\" java.lang.IllegalStateException: closed\n"
            "\tat com.example.cms.Render.page(Render.java:42)\n"
            "\tat com.example.cms.Main.main(Main.java:7)\n")
    flags = [f for f in flags_of(text) if f.kind == "stack_trace"]
    assert len(flags) == 3
    assert all(not f.evidence.startswith("\t") for f in flags[1:])


def test_404_page_is_high_when_short_medium_inside_a_long_text(flags_of: FlagsOf) -> None:
    short = "Oops! Page not found\nTry searching for what you need."
    assert {f.severity for f in flags_of(short) if f.kind == "gateway_error"} == {"high"}
    long_text = CLEAN_OUTAGE_STORY + "\nPage Not Found\n"
    gw = [f for f in flags_of(long_text) if f.kind == "gateway_error"]
    assert len(gw) == 1 and gw[0].severity == "medium"
    assert gw[0].evidence == "Page Not Found"


def test_bare_nginx_line_needs_a_status_line_or_a_short_page(flags_of: FlagsOf) -> None:
    page = "503 Service Temporarily Unavailable\n\nnginx\n"
    ev = sorted(f.evidence for f in flags_of(page))
    assert ev == ["503 Service Temporarily Unavailable", "nginx"]
    story = CLEAN_OUTAGE_STORY + "\nnginx\n"
    assert flags_of(story) == []


def test_wordpress_db_error_page_line_but_not_quotation(flags_of: FlagsOf) -> None:
    assert [f.kind for f in flags_of("\nError establishing a database connection\n")] == [
        "db_connection_error"]
    quoted = ('Readers saw the words "Error establishing a database connection" on Monday.\n')
    assert flags_of(quoted) == []


def test_founding_example_001_last_line_is_an_sql_error(flags_of: FlagsOf,
                                                        founding_example: Example) -> None:
    text = founding_example("001")
    doc = Document.from_text(text)
    last = doc.nonblank_lines[-1]
    sql = [f for f in flags_of(text) if f.kind == "sql_error"]
    assert len(sql) == 1
    f = sql[0]
    assert last.start < f.start and f.end == last.start + len(last.text.rstrip())
    # The evidence starts at the localised wrapper word, not at the punctuation before it.
    assert f.evidence[0].isalpha() and "SQLSTATE[" in f.evidence


@pytest.mark.parametrize("prefix", ["000", "002", "003", "004"])
def test_founding_examples_without_server_errors_raise_none(prefix: str, flags_of: FlagsOf,
                                                            founding_example: Example) -> None:
    assert flags_of(founding_example(prefix)) == []
