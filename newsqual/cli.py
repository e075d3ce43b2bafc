"""The ``newsqual`` command line: parses arguments, calls the library, prints. No logic lives here.

    newsqual score PATH... [-o OUT] [--format jsonl|csv|parquet|table] [-j N] [--resume]
    newsqual filter FEED -o accepted.xml --history DIR [--rejected rejected.jsonl]
    newsqual report RESULTS -o report.html

Exit status: 0 when the work was done (bad documents become error rows, not failures), 2 for
usage errors (bad options, impossible combinations).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from newsqual._version import __version__

USAGE_ERROR = 2


def _score_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("score", help="score files, directories, globs or stdin; one row per doc",
                       description="Score every document; write one row per input document.")
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="file, directory (recursive), glob, or - for stdin")
    p.add_argument("-o", "--output", default="-", help="output file (default: stdout)")
    p.add_argument("--format", choices=("jsonl", "csv", "parquet", "table"), default=None,
                   help="output format (default: from the -o extension, else jsonl)")
    p.add_argument("-j", "--jobs", type=int, default=1, help="worker processes (-1: all cores)")
    p.add_argument("--min-score", type=float, default=None,
                   help="write only rows scoring at least this (error rows are always written)")
    p.add_argument("--resume", action="store_true",
                   help="continue a killed run: skip inputs already in -o, append the rest")
    p.add_argument("--history", default=None,
                   help="duplicate index of earlier batches: a directory or redis://host:port/db")
    p.add_argument("--no-dedup", action="store_true", help="skip duplicate clustering")
    p.add_argument("--window-days", type=float, default=None,
                   help="evict --history entries older than this many days (default: keep all)")
    p.add_argument("--text-field", default="text", help="JSON/JSONL field holding the text")
    p.add_argument("--id-field", default="id", help="JSON/JSONL field holding the id")
    p.add_argument("--input-format", default="auto",
                   choices=("auto", "txt", "html", "json", "jsonl", "warc"),
                   help="format of stdin and of files with an unknown extension")
    p.add_argument("--chunk-size", type=int, default=64, help="documents per worker task")
    bar = p.add_mutually_exclusive_group()
    bar.add_argument("--progress", dest="progress", action="store_true", default=None,
                     help="always show the progress bar")
    bar.add_argument("--no-progress", dest="progress", action="store_false",
                     help="never show the progress bar (default: only on a terminal)")
    p.set_defaults(func=_run_score)


def _run_score(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from newsqual.batch import score_path
    from newsqual.io.readers import ReadOptions
    from newsqual.io.writers import format_for

    fmt = format_for(None if args.output == "-" else args.output, args.format)
    if fmt == "parquet" and args.output == "-":
        parser.error("--format parquet needs a file: use -o PATH")
    if args.resume and (args.output == "-" or fmt == "table"):
        parser.error("--resume needs -o PATH in jsonl, csv or parquet format")
    if args.jobs == 0 or args.chunk_size < 1:
        parser.error("-j must be non-zero and --chunk-size positive")
    if args.paths.count("-") > 1:
        parser.error("stdin (-) can be given only once")
    opts = ReadOptions(text_field=args.text_field, id_field=args.id_field,
                       input_format=args.input_format)
    if args.history and args.no_dedup:
        parser.error("--history and --no-dedup contradict each other")
    if args.window_days is not None and (not args.history or args.window_days <= 0):
        parser.error("--window-days needs --history and a positive number of days")
    summary = score_path(args.paths, args.output, format=fmt, n_jobs=args.jobs,
                         min_score=args.min_score, resume=args.resume, history=args.history,
                         dedup=not args.no_dedup, window_days=args.window_days,
                         read_options=opts,
                         chunk_size=args.chunk_size, progress=args.progress)
    if args.output != "-":
        labels = ", ".join(f"{n} {k}" for k, n in sorted(summary.labels.items()))
        resumed = f", {summary.n_resumed} already done" if summary.n_resumed else ""
        judged = sum(summary.labels.values())
        print(f"newsqual: {judged} documents judged ({labels or 'none'}{resumed}), "
              f"{summary.n_written} rows written to {args.output} in {summary.seconds:.1f}s",
              file=sys.stderr)
    return 0


def _filter_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("filter", help="gate a feed: drop low scores and repeats, write the rest",
                       description="Judge each feed item; publish accepted items once.")
    p.add_argument("feed", metavar="FEED", help="RSS/Atom file, URL, JSONL file, or - for stdin")
    p.add_argument("-o", "--output", default="-", help="accepted items (default: stdout)")
    p.add_argument("--format", choices=("rss", "atom", "jsonl"), default=None,
                   help="output format (default: like the input)")
    p.add_argument("--history", default=None,
                   help="directory remembering what was published (needed to gate reruns)")
    p.add_argument("--rejected", default=None, help="JSONL log of rejected items with reasons")
    p.add_argument("--min-score", type=float, default=0.5, help="lowest score accepted")
    p.add_argument("--window-days", type=float, default=30.0,
                   help="how long a published item blocks its repeats")
    p.add_argument("--fetch", action="store_true", help="fetch and judge each item's linked page")
    p.add_argument("--text-field", default="text", help="JSONL field holding the text")
    p.add_argument("--id-field", default="id", help="JSONL field holding the id")
    p.set_defaults(func=_run_filter)


def _run_filter(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from newsqual.feed import filter_feed

    result = filter_feed(args.feed, args.output, history=args.history, rejected=args.rejected,
                         min_score=args.min_score, window_days=args.window_days,
                         fetch=args.fetch, format=args.format, text_field=args.text_field,
                         id_field=args.id_field)
    print(f"newsqual: {len(result.accepted)} accepted, {len(result.rejected)} rejected, "
          f"{result.n_seen} already seen", file=sys.stderr)
    return 0


def _report_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("report", help="one self-contained HTML page about a batch of results",
                       description="Render results (jsonl/csv/parquet) as an HTML report.")
    p.add_argument("results", metavar="RESULTS",
                   help="output of `newsqual score` (jsonl/csv/parquet); evidence is highlighted "
                   "in the texts re-read from the rows' paths")
    p.add_argument("-o", "--output", default="report.html", help="HTML file to write")
    p.add_argument("--lowest", type=int, default=10, help="how many lowest-scoring items to show")
    p.set_defaults(func=_run_report)


def _run_report(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    import os

    from newsqual.report_html import write_report

    if not os.path.exists(args.results):
        parser.error(f"no such results file: {args.results}")
    write_report(args.results, args.output, lowest=args.lowest)
    print(f"newsqual: report written to {args.output}", file=sys.stderr)
    return 0


def _has_train() -> bool:
    """Whether ``newsqual.model.train`` ships (found without importing it: start-up stays fast)."""
    import importlib.util

    try:
        return importlib.util.find_spec("newsqual.model.train") is not None
    except ImportError:
        return False


def _run_train(argv: list[str]) -> int:
    from newsqual.model import train

    main_fn = getattr(train, "main", None)
    if main_fn is None:
        print("newsqual: this build has no trainer (newsqual.model.train.main)", file=sys.stderr)
        return USAGE_ERROR
    return int(main_fn(argv) or 0)


DESCRIPTION = "Decide whether news articles are fit to publish or index, and say why."


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsqual", description=DESCRIPTION,
                                     epilog="Exit status: 0 when the work was done (bad documents "
                                     "become error rows), 2 for usage errors.")
    parser.add_argument("--version", action="version", version=f"newsqual {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _score_parser(sub)
    _filter_parser(sub)
    _report_parser(sub)
    if _has_train():
        # Arguments after `train` go to newsqual.model.train.main untouched (see main()).
        sub.add_parser("train", help="train the classifier (newsqual.model.train; see "
                       "`newsqual train --help`)", add_help=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``newsqual`` command."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["train"] and _has_train():
        return _run_train(args_list[1:])
    parser = build_parser()
    args = parser.parse_args(args_list)
    try:
        return int(args.func(args, parser))
    except BrokenPipeError:  # `newsqual score ... | head`: the reader left, nothing is wrong
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
