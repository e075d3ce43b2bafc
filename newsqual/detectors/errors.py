"""Detectors of the `errors` family: server, database and runtime error text left in a page.

A scraper that fetched a page while the site's database or application was failing stores the error
message as if it were article text (seed 001 ends in a PDO ``SQLSTATE`` trailer). Such text alone
makes a page unfit to publish, so these rules are ``high`` severity, except a "page not found" line
inside an otherwise long document (``medium``: it may be a stray widget heading).

Every pattern keeps to one line (``[^\\n]`` classes, bounded repetitions) so matching stays linear
on hostile input. Formats are written from the engines' documented message shapes (sources cited
per rule); no third-party pattern list is copied.

>>> from newsqual.document import Document
>>> doc = Document.from_text("Story.\\n. . Erreur : SQLSTATE[HY000] [2002] Connection refused")
>>> [(f.kind, f.evidence) for r in RULES for f in r.detect(doc)]
[('sql_error', 'Erreur : SQLSTATE[HY000] [2002] Connection refused')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from newsqual.detectors._rule import (
    Hit,
    Rule,
    hint_line_spans,
    strip_span,
    stripped_matches,
    trigger_lines,
)
from newsqual.document import Document
from newsqual.report import Severity

FAMILY = "errors"

# --- helpers -----------------------------------------------------------------------------------


def _short_doc(doc: Document, words: int = 120) -> bool:
    """True when the document is short enough to *be* an error page rather than contain one."""
    return len(doc.words) <= words


# --- sql_error ---------------------------------------------------------------------------------
# PHP PDO formats driver errors as "SQLSTATE[%s] [%d] %s" (ext/pdo_mysql/mysql_driver.c,
# ext/pdo_pgsql/pgsql_driver.c): a 5-character SQLSTATE class in brackets, then the driver's error
# number in brackets, then its message. Applications often print it behind a localised label
# ("Erreur :", "Error:", "Fehler:"), which belongs to the evidence.
_SQLSTATE = re.compile(r"SQLSTATE\[[0-9A-Z]{5}\]")
# Up to three words and a colon right before SQLSTATE (e.g. "Database error:", "Erreur :").
_WRAPPER_BEFORE = re.compile(r"(?:^|(?<=[\s.>:;|]))[^\W\d_]{2,20}(?: [^\W\d_]{2,20}){0,2} ?: ?$")
# Client error messages of other engines, in their documented shapes:
_SQL_CLIENT = re.compile(
    # MySQL command-line client: "ERROR 1045 (28000): Access denied for user ..." (MySQL manual,
    # "Error Message Components": number, SQLSTATE, message).
    r"\bERROR \d{4,5} \([0-9A-Z]{5}\)(?: at line \d{1,6})?: [^\r\n]{1,300}"
    # MySQL server error 1064 (ER_PARSE_ERROR) text.
    r"|You have an error in your SQL syntax;[^\r\n]{0,300}"
    # libmysqlclient CR_CONN_HOST_ERROR / CR_CONNECTION_ERROR (2003 / 2002).
    r"|Can't connect to (?:local )?MySQL server (?:on|through socket) [^\r\n]{1,200}"
    # PHP mysqli/mysql connect warnings carry "(HY000/2002)" style codes.
    r"|\bmysqli?_[a-z_]{3,30}\(\): \([0-9A-Z]{5}/\d{1,5}\): [^\r\n]{1,300}"
    # Oracle: "ORA-12154: TNS:could not resolve ..." (five-digit ORA code, colon, message;
    # Oracle Database Error Messages reference).
    r"|\bORA-\d{5}: [^\r\n]{1,300}"
    # PostgreSQL libpq: severity word, colon and two spaces ("ERROR:  relation ... does not exist",
    # "FATAL:  password authentication failed"; PostgreSQL docs "Error Message Reporting").
    r"|\b(?:ERROR|FATAL|PANIC):  [^\r\n]{1,300}"
    r"|\bpg_(?:connect|query|exec|prepare)\(\): [^\r\n]{1,300}"
    # Microsoft ODBC / OLE DB: vendor and driver in stacked brackets, e.g.
    # "[Microsoft][ODBC Driver 17 for SQL Server][SQL Server]Invalid object name"
    r"|\[(?:Microsoft|unixODBC|DataDirect|IBM|MySQL|Oracle)\]\[[^\]\n]{1,60}\][^\r\n]{0,300}"
    r"|Microsoft OLE DB Provider for (?:SQL Server|ODBC Drivers)[^\r\n]{0,300}"
    # SQL Server messages: "Msg 208, Level 16, State 1, Line 1" and the quotation-mark error.
    r"|\bMsg \d{1,6}, Level \d{1,2}, State \d{1,3}[^\r\n]{0,300}"
    r"|Unclosed quotation mark after the character string[^\r\n]{0,300}"
    # Python DB-API exceptions printed raw: "sqlite3.OperationalError: no such table: posts".
    r"|\b(?:sqlite3|psycopg2?|pymysql|MySQLdb|mysql\.connector|sqlalchemy\.exc)\.[A-Za-z]{2,40}"
    r"(?:Error|Exception): [^\r\n]{1,300}"
)


_SQL_TRIGGER = re.compile(r"SQLSTATE\[|ERROR|FATAL|PANIC|SQL|ORA-|mysql|pg_|\]\[|Msg |Unclosed|"
    r"sqlite|"
                          r"psycopg|MySQLdb|sqlalchemy")


def _find_sql_errors(doc: Document) -> Iterator[Hit]:
    for line in trigger_lines(doc, _SQL_TRIGGER):
        m = _SQLSTATE.search(line.text)
        if m:
            start = m.start()
            w = _WRAPPER_BEFORE.search(line.text, 0, start)
            if w:
                start = w.start()
            yield Hit(line.start + start, line.start + len(line.text.rstrip()))
            continue
        m = _SQL_CLIENT.search(line.text)
        if m:
            yield Hit(line.start + m.start(), line.start + len(line.text.rstrip()))


SQL_ERROR = Rule(
    kind="sql_error",
    family=FAMILY,
    description="A database error message (PDO SQLSTATE, MySQL, PostgreSQL, Oracle, SQL Server, "
    "ODBC) printed into the page.",
    severity="high",
    message="A database error message was captured as page text: the page was scraped while its "
    "site was failing.",
    positives=(
        "The minister spoke on Friday.\nError: SQLSTATE[HY000] [2002] No such file or directory",
        "Fehler: SQLSTATE[08006] [7] could not connect to server: Connection refused",
        "... . . Database error: SQLSTATE[42S02]: Base table or view not found: 1146 Table 'x.posts"
        "'",
        "ERROR 1045 (28000): Access denied for user 'web'@'localhost' (using password: YES)",
        "You have an error in your SQL syntax; check the manual that corresponds to your MySQL "
        "server version for the right syntax to use near '' at line 1",
        "ORA-12154: TNS:could not resolve the connect identifier specified",
        'ERROR:  relation "wp_posts" does not exist',
        "[Microsoft][ODBC Driver 17 for SQL Server][SQL Server]Invalid object name 'dbo.News'.",
        "Warning text above\nCan't connect to local MySQL server through socket "
        "'/var/run/mysqld/mysqld.sock' (2)",
        "sqlite3.OperationalError: no such table: articles",
    ),
    negatives=(
        "Hackers used an SQL injection flaw to breach the retailer's customer database, the company"
        " "
        "said on Tuesday.",
        "Oracle reported a database error rate well below its target, executives told analysts.",
        "The error, officials said, was a fatal one: the MySQL server had not been patched since "
        "2019.",
        "ERROR: the headline on an earlier version of this story misstated the date.",
        "Microsoft's SQL Server team said the fix would ship in the next cumulative update.",
        "The agency's ORA-2 programme funds rural clinics.",
    ),
    finder=_find_sql_errors,
)

# --- php_error ---------------------------------------------------------------------------------
# PHP's display_errors format: "<level>: <message> in <file> on line <n>", levels "Warning",
# "Notice", "Deprecated", "Fatal error", "Parse error", "Strict Standards", "Catchable fatal error",
# "Recoverable fatal error"; with html_errors on the level and file are wrapped in <b>
# (main/main.c, php_error_cb). Uncaught exceptions add "Stack trace:" and "#0 {main}" frames.
_PHP_LEVEL = (r"(?:PHP )?(?:Warning|Notice|Deprecated|Fatal error|Parse error|Strict Standards|"
              r"Catchable fatal error|Recoverable fatal error|User (?:Warning|Notice|Error))")
_PHP_ERROR = re.compile(
    r"(?:<b>)?" + _PHP_LEVEL + r"(?:</b>)?: {1,2}[^\r\n]{1,400}? in (?:<b>)?[^\s<]{1,300}?"
    r"\.(?:php|inc|phtml|module)(?:</b>)?(?::\d{1,6}| on line (?:<b>)?\d{1,6})"
)
_PHP_TRACE = re.compile(r"^\s{0,4}(?:Stack trace:\s*$|#\d{1,3} (?:\{main\}|[^\s(]{1,200}\.php\(\d{1"
    r",6}\): ))")
_PHP_UNCAUGHT = re.compile(r"(?:PHP )?Fatal error: {1,2}Uncaught [A-Za-z\\_]{2,80}[^\r\n]{0,300}")


_PHP_TRIGGER = re.compile(r"Warning|Notice|Deprecated|error|Strict|Stack trace:|#\d{1,3} ")


def _find_php_errors(doc: Document) -> Iterator[Hit]:
    for line in trigger_lines(doc, _PHP_TRIGGER):
        s = line.text
        m = _PHP_ERROR.search(s) or _PHP_UNCAUGHT.search(s)
        if m:
            yield Hit(line.start + m.start(), line.start + m.end())
        elif _PHP_TRACE.search(s):
            stripped = s.strip()
            off = s.index(stripped)
            yield Hit(line.start + off, line.start + off + len(stripped))


PHP_ERROR = Rule(
    kind="php_error",
    family=FAMILY,
    description="A PHP warning, notice or fatal error ('... in /path/file.php on line N') or an "
    "uncaught-exception stack trace.",
    severity="high",
    message="A PHP error message was captured as page text.",
    positives=(
        "Warning: mysqli_connect(): (HY000/1045): Access denied in /var/www/html/db.php on line 12",
        "<b>Notice</b>:  Undefined index: author in <b>/home/site/public_html/single.php</b> on "
        "line "
        "<b>44</b>",
        "Police said the road was closed.\nDeprecated: Function create_function() is deprecated in "
        "/srv/wp/wp-content/plugins/old/old.php on line 3",
        "PHP Fatal error:  Uncaught Error: Call to undefined function get_header()",
        "Some text\nStack trace:\n#0 /var/www/index.php(17): require()\n#1 {main}",
        "Parse error: syntax error, unexpected '}' in C:\\xampp\\htdocs\\news\\view.php on line 88",
    ),
    negatives=(
        "Warning: the following story contains descriptions of violence.",
        "Forecasters issued a flood warning in Cork on Tuesday, the first notice of its kind this "
        "year.",
        "The senator called the plan a fatal error in judgment that would cost the state on every "
        "line.",
        "Deprecated features in the new iPhone software include the old keyboard, Apple said.",
        "The stack trace of the crash, published by researchers, pointed to a graphics driver.",
    ),
    finder=_find_php_errors,
)

# --- db_connection_error -----------------------------------------------------------------------
# WordPress's dead_db() page (wp-includes/functions.php) prints "Error establishing a database
# connection"; Joomla prints "Database connection error (n): ...". As a page line, not a quotation.
_DB_CONN = re.compile(
    r"^[ \t]{0,8}(?:<h1>)?(?:Error establishing a database connection|Error establishing a Redis "
    r"connection|Database connection error \(\d{1,4}\)[^\r\n]{0,200}|Could not connect to (?:the )?"
    r"database[.!]?)[ \t.!]{0,4}(?:</h1>)?[ \t]*(?=\r?$)",
    re.MULTILINE,
)

DB_CONNECTION_ERROR = Rule(
    kind="db_connection_error",
    family=FAMILY,
    description="A CMS's 'Error establishing a database connection' page (WordPress, Joomla).",
    severity="high",
    message="The page is a CMS database-connection error page, not an article.",
    positives=(
        "Error establishing a database connection",
        "\n\nError establishing a database connection.\n",
        "Latest news\nDatabase connection error (2): Could not connect to MySQL.\n",
        "Could not connect to the database!",
    ),
    negatives=(
        'Visitors to the ministry site on Monday saw only the words "Error establishing a database '
        'connection" for several hours, a spokesperson said.',
        "An error establishing a database connection took the election results page offline.",
        "Engineers could not connect to the database until the outage ended, the bank said.",
    ),
    finder=stripped_matches(_DB_CONN),
)

# --- stack_trace -------------------------------------------------------------------------------
# Python: "Traceback (most recent call last):" and '  File "x.py", line 3, in f' frames
# (traceback module docs). Java: 'Exception in thread "main" java.lang.X' and
# "\tat pkg.Cls.m(F.java:9)"
# frames (Throwable.printStackTrace docs). .NET: "   at Ns.Cls.Method(args) in C:\\x.cs:line 9".
# ASP.NET's yellow screen of death is titled "Server Error in '/' Application."
_STACK = re.compile(
    r"^[ \t]{0,8}(?:"
    r"Traceback \(most recent call last\):"
    r"|File \"[^\"\n]{1,300}\", line \d{1,6}(?:, in [^\r\n]{1,120})?"
    r"|at (?:[A-Za-z_$][\w$]{0,80}\.){2,12}[\w$<>]{1,80}\((?:[\w$]{1,80}\.(?:java|kt|scala|groovy)"
    r":\d{1,6}|Native Method|Unknown Source)\)"
    r"|at (?:[A-Za-z_][\w`]{0,80}\.){2,12}[\w<>`]{1,80}\([^)\r\n]{0,200}\)(?: in "
    r"[^\r\n]{1,200}:line \d{1,6})?"
    r"|Exception in thread \"[^\"\n]{1,80}\" [\w.$]{3,120}"
    r"|Server Error in '[^'\n]{1,120}' Application\."
    # Django's debug page title "<Exception> at /path" (django/views/templates/technical_500.html).
    r"|[A-Z][A-Za-z]{2,60}(?:Error|Exception|DoesNotExist) at /[^\s]{0,200}(?=\r?$)"
    # CodeIgniter's error views: "A Database Error Occurred", "A PHP Error was encountered".
    r"|A Database Error Occurred(?=\r?$)|A PHP Error was encountered(?=\r?$)"
    # Laravel's old default error page and Ruby on Rails' public/500.html.
    r"|Whoops, looks like something went wrong\.(?=\r?$)"
    r"|We're sorry, but something went wrong\.(?=\r?$)"
    r")[^\r\n]{0,300}",
    re.MULTILINE,
)

STACK_TRACE = Rule(
    kind="stack_trace",
    family=FAMILY,
    description="A program stack trace: Python tracebacks, Java/.NET 'at pkg.Class.method(' frames,"
        " "
    "'Exception in thread', ASP.NET 'Server Error in ... Application.'",
    severity="high",
    message="A program stack trace was captured as page text.",
    positives=(
        "Traceback (most recent call last):\n  File \"/app/render.py\", line 41, in <module>",
        "Exception in thread \"main\" java.lang.NullPointerException",
        "\tat com.newsroom.cms.ArticleService.load(ArticleService.java:118)",
        "   at System.Data.SqlClient.SqlConnection.OnError(SqlException exception) in "
        "C:\\src\\Db.cs:line 52",
        "Server Error in '/' Application.",
        "Body text.\n    at org.apache.catalina.core.StandardWrapperValve.invoke(Unknown Source)",
        "OperationalError at /news/2024/budget/",
        "A Database Error Occurred\nError Number: 1054",
        "Whoops, looks like something went wrong.",
    ),
    negatives=(
        "The mayor spoke at City Hall (on Tuesday) about the budget.",
        "Exception in thread: the court allowed one exception, the judge wrote.",
        "Researchers at U.S. Army Research Lab. (ARL) said the file, line by line, was checked.",
        "He was at home.The police arrived later (around 9 p.m.).",
        "The traceback of the funds, officials said, led to accounts in three countries.",
        "\"We're sorry, but something went wrong,\" the airline said in a statement.",
        "A database error occurred at the tax office last year, auditors found.",
    ),
    finder=stripped_matches(_STACK),
)

# --- gateway_error -----------------------------------------------------------------------------
# Web-server / CDN error pages: status titles ("502 Bad Gateway", "504 Gateway Time-out" are
# nginx's built-in page titles; RFC 9110 reason phrases), nginx's signature line ("nginx" or
# "nginx/1.x.y", ngx_http_special_response.c), Cloudflare's "Ray ID: <16 hex>", WordPress's
# maintenance page ("Briefly unavailable for scheduled maintenance. Check back in a minute.",
# wp-includes/load.php) and 404 pages standing as the page.
_STATUS_LINE = re.compile(
    r"^[ \t]{0,8}(?:HTTP (?:Error )?|Error )?(?:500 Internal Server Error|502 Bad Gateway|503 "
    r"Service "
    r"(?:Temporarily )?Unavailable|504 Gateway Time-?out|520 Web server is returning an unknown "
    r"error|"
    r"521 Web server is down|522 Connection timed out|523 Origin is unreachable|524 A timeout "
    r"occurred|"
    r"403 Forbidden|429 Too Many Requests)[ \t.!]{0,3}(?=\r?$)",
    re.MULTILINE | re.IGNORECASE,
)
_NGINX_VERSION = re.compile(r"^[ \t]{0,8}(?:nginx|openresty|Apache|LiteSpeed)/\d{1,2}\.\d{1,3}(?:\."
    r"\d{1,4})?"
                            r"(?: \([^)\r\n]{1,40}\))?(?: Server at [^\r\n]{1,120})?[ \t]*(?=\r?$"
                            r")", re.MULTILINE)
_NGINX_BARE = re.compile(r"^[ \t]{0,8}(?:nginx|openresty|cloudflare)[ \t]*(?=\r?$)", re.MULTILINE)
_CDN = re.compile(
    r"(?:Cloudflare )?Ray ID: ?[0-9a-f]{16}\b[^\r\n]{0,80}"
    r"|Performance & security by Cloudflare"
    r"|Checking your browser before accessing[^\r\n]{0,120}"
    r"|Briefly unavailable for scheduled maintenance\.?(?: Check back in a minute\.)?"
    r"|^[ \t]{0,8}(?:This )?(?:Web)?site is (?:currently )?down for maintenance[^\r\n]{0,120}"
    # Cloudflare block and challenge pages.
    r"|Sorry, you have been blocked\b[^\r\n]{0,80}"
    r"|Enable JavaScript and cookies to continue"
    # Apache httpd's default 404/403 bodies and IIS's default 404 text.
    r"|^[ \t]{0,8}The requested URL [^\s]{0,300} ?was not found on this server\.[^\r\n]{0,120}"
    r"|^[ \t]{0,8}You don't have permission to access [^\r\n]{0,300}on this server\.[^\r\n]{0,80}"
    r"|The resource you are looking for has been removed, had its name changed, or is "
    r"temporarily unavailable\."
    r"|^[ \t]{0,8}HTTP Error \d{3}(?:\.\d{1,2})? - [A-Z][^\r\n]{0,60}"
    # Apache Tomcat's error page title and Express's default 404 body.
    r"|^[ \t]{0,8}HTTP Status \d{3} [–-] [A-Z][^\r\n]{0,60}"
    r"|^[ \t]{0,8}Cannot (?:GET|POST|PUT|DELETE) /[^\s]{0,200}(?=\r?$)"
    # Akamai's "Access Denied" page reference number.
    r"|Reference #\d{1,3}\.[0-9a-f]{6,12}\.\d{8,12}\.[0-9a-f]{6,12}",
    re.MULTILINE | re.IGNORECASE,
)
# Lines that are an error page only when the whole document is short (a news story may use them
# as a heading).
_SHORT_PAGE_LINE = re.compile(
    r"^[ \t]{0,8}(?:Just a moment\.{3}|Why have I been blocked\?|Access Denied|Forbidden|Not Found|"
    r"Service Unavailable|Bad Gateway|Internal Server Error)[ \t.!]{0,3}(?=\r?$)",
    re.MULTILINE | re.IGNORECASE,
)
# A 404 page's own line: short, nothing but the not-found wording (a sentence about a 404 is longer
# and has other words in it).
_NOT_FOUND = re.compile(
    r"^[ \t]{0,8}(?:O{1,2}o{0,4}ps[!.…, ]{0,6})?(?:Error[ :-]{0,3}404|404[ :|–—-]{0,5}(?:Error[ :|–"
    r"—-]{0,5})?"
    r"(?:Page |File )?Not Found|(?:Error[ :–—-]{0,3})?Page Not Found|That page can[’']t be found|"
    r"The page you (?:are|were) looking for (?:could not be found|does not exist|cannot be found|"
    r"can[’']t be found|was not found|doesn[’']t exist))[ \t.!…]{0,6}(?=\r?$)",
    re.MULTILINE | re.IGNORECASE,
)


# Literals every match of each pattern contains (lower case): a substring test skips the regex scan
# on the many documents that hold none of them.
_STATUS_ANCHORS = ("500 ", "502 ", "503 ", "504 ", "520 ", "521 ", "522 ", "523 ", "524 ", "403 ",
                   "429 ")
_SERVER_ANCHORS = ("nginx", "openresty", "apache/", "litespeed/", "cloudflare")
_CDN_ANCHORS = ("ray id", "cloudflare", "checking your browser", "briefly unavailable",
                "http status", "cannot ",
                "down for maintenance", "you have been blocked", "enable javascript",
                "was not found on this server", "permission to access",
                "resource you are looking for", "http error", "reference #")
_NOT_FOUND_ANCHORS = ("404", "not found", "be found", "exist")


def _in_spans(text: str, pattern: re.Pattern[str],
              spans: list[tuple[int, int]]) -> Iterator[re.Match[str]]:
    for a, b in spans:
        yield from pattern.finditer(text, a, b)


def _find_gateway_errors(doc: Document) -> Iterator[Hit]:
    text = doc.text
    short = _short_doc(doc)
    status_lines = set()
    # Every pattern here matches within one line and holds one of its anchors: run each only over
    # the lines holding an anchor.
    for m in _in_spans(text, _STATUS_LINE, hint_line_spans(doc, _STATUS_ANCHORS)):
        status_lines.add(doc.line_at(m.start()).index)
        yield Hit(*strip_span(text, m.start(), m.end()))
    server = hint_line_spans(doc, _SERVER_ANCHORS, lower=True)
    for m in _in_spans(text, _NGINX_VERSION, server):
        yield Hit(*strip_span(text, m.start(), m.end()))
    for m in _in_spans(text, _NGINX_BARE, server):
        idx = doc.line_at(m.start()).index
        if short or any(abs(idx - s) <= 6 for s in status_lines):
            yield Hit(*strip_span(text, m.start(), m.end()))
    for m in _in_spans(text, _CDN, hint_line_spans(doc, _CDN_ANCHORS, lower=True)):
        yield Hit(*strip_span(text, m.start(), m.end()))
    if short:
        for m in _SHORT_PAGE_LINE.finditer(text):
            yield Hit(*strip_span(text, m.start(), m.end()))
    for m in _in_spans(text, _NOT_FOUND, hint_line_spans(doc, _NOT_FOUND_ANCHORS, lower=True)):
        sev: Severity = "high" if short else "medium"
        yield Hit(*strip_span(text, m.start(), m.end()), severity=sev,
                  message=None if short else "A 'page not found' line inside the text: part "
                  "of the page may be a 404 error page.")


GATEWAY_ERROR = Rule(
    kind="gateway_error",
    family=FAMILY,
    description="A web server, CDN or maintenance error page: 5xx titles, an nginx signature line, "
    "Cloudflare Ray ID, 'down for maintenance', a 404 page.",
    severity="high",
    message="The text is (or contains) a web server or CDN error page, not an article.",
    positives=(
        "502 Bad Gateway\n\nnginx/1.18.0 (Ubuntu)",
        "504 Gateway Time-out\nnginx",
        "Attention Required!\nCloudflare Ray ID: 7d2f4c1a9b3e5f60 • Your IP: hidden",
        "Website is Down For Maintenance\nPlease check back soon.",
        "Ooops... Error 404\nSorry, but the page you are looking for doesn't exist.",
        "Page not found",
        "Briefly unavailable for scheduled maintenance. Check back in a minute.",
        "Not Found\nThe requested URL /news/2024/story.html was not found on this server.",
        "Access Denied\nYou don't have permission to access \"http://www.example.com/\" on this "
        "server.\nReference #18.4f2d1b2c.1700000000.9a8b7c6d",
        "Sorry, you have been blocked\nYou are unable to access example.com",
        "Just a moment...\nEnable JavaScript and cookies to continue",
        "HTTP Status 500 – Internal Server Error",
        "Cannot GET /politics/story-123",
    ),
    negatives=(
        "The ministry's website returned a 502 Bad Gateway error for most of Tuesday, users said.",
        "Engineers said the outage began when an nginx configuration change was pushed to servers.",
        "Readers who followed the old link saw an Error 404 page, the newspaper acknowledged.",
        "Page not found? The library says its new catalogue will fix missing entries.",
        "The park is down for maintenance until spring, the city said.",
        "Cloudflare said its Ray ID system helps customers trace blocked requests.",
        "Access Denied\n" + "The museum's archive stayed closed to the public for a decade. " * 20,
        "Why was access denied? Lawyers for the paper said the court had no reason to refuse.",
        "Voters cannot get to polling stations in /r/ threads, the moderator claimed.",
    ),
    finder=_find_gateway_errors,
)

RULES: list[Rule] = [SQL_ERROR, PHP_ERROR, DB_CONNECTION_ERROR, STACK_TRACE, GATEWAY_ERROR]
