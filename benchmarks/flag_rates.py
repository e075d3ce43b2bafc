"""How often each flag kind fires, per dataset and label, on ../shared/data/reliability.

Reliable news should carry few flags; a flag on genuine article prose is a false positive to fix.
Prints:

1. a table flag kind x (dataset, label): % of articles with at least one flag of that kind;
2. per column, the share of articles with any high-severity flag;
3. per kind, on *genuinely clean* articles only (reliable or human-written, no data note in
   :data:`NOT_CLEAN_NOTES`): % of them flagged, number of flags, severities (every flag here is a
   false positive or an artifact present in the source: the list to check first);
4. the target figure: high-severity rate on genuinely clean reliable articles, with the list of
   those articles' ids and high flags so a human can check whether each flag is a true artifact
   (the target is <= 1 %);
5. N sampled flagged lines per kind, the evidence marked ``[[...]]`` with context.

Run::

    .venv/bin/python benchmarks/flag_rates.py                    # reliability/, 3 samples per kind
    .venv/bin/python benchmarks/flag_rates.py --kind cookie_banner --samples 20
    .venv/bin/python benchmarks/flag_rates.py --machine --family generation --samples 5
    .venv/bin/python benchmarks/flag_rates.py --label reliable --severity high --samples 50
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _data import SkipError, iter_records  # noqa: E402

#: Data notes that say the record's text is not a clean article body: scraper failures (empty, or a
#: footer / maintenance page under 200 characters) and encoding damage present in the source.
NOT_CLEAN_NOTES = frozenset({"empty_text", "short_text", "replacement_char", "mojibake_in_source"})

_SHORT = {
    "fakenewsnet-v1": "fnn",
    "horne2017": "horne",
    "fakenewsamt": "amt",
    "celebrity": "celeb",
    "iu-human-ai-news": "iu",
}


@dataclass(frozen=True, slots=True)
class FlagRow:
    """One flag, with enough of its line to show it to a reader."""

    kind: str
    family: str
    severity: str
    start: int
    end: int
    line_index: int
    before: str
    evidence: str
    after: str


@dataclass(slots=True)
class RecordResult:
    id: str
    dataset: str
    label: str
    clean: bool
    flags: list[FlagRow]
    error: str | None = None


_LABEL = {"reliable": "rel", "unreliable": "unrel", "satire": "sat", "human": "hum",
          "machine": "mach"}


def column(dataset: str, label: str) -> str:
    """A short column name such as ``fnn:rel`` (fakenewsnet-v1, reliable)."""
    return f"{_SHORT.get(dataset, dataset)}:{_LABEL.get(label, label)}"


def is_clean(record: dict[str, Any]) -> bool:
    """Reliable (or human-written) article whose data notes mark no scraper failure or source
    encoding damage."""
    notes = set(record.get("notes") or ())
    return record.get("label") in ("reliable", "human") and not notes & NOT_CLEAN_NOTES


def _flag_row(text: str, flag: Any, context: int) -> FlagRow:
    line_start = text.rfind("\n", 0, flag.start) + 1
    line_end = text.find("\n", flag.end)
    line_end = len(text) if line_end < 0 else line_end
    before = text[max(line_start, flag.start - context):flag.start]
    after = text[flag.end:min(line_end, flag.end + context)]
    evidence = flag.evidence
    if len(evidence) > 4 * context:
        evidence = evidence[:2 * context] + " ... " + evidence[-2 * context:]
    return FlagRow(flag.kind, flag.family, flag.severity, flag.start, flag.end,
                   text.count("\n", 0, flag.start), before, evidence, after)


def analyse_records(records: list[dict[str, Any]], context: int = 60) -> list[tuple[Any, ...]]:
    """Run ``newsqual.judge.analyse`` on each record's text (a joblib work unit). Returns plain
    tuples (they cross process boundaries; see :func:`run` for the typed results)."""
    from newsqual.judge import analyse

    out = []
    for rec in records:
        text = rec.get("text") or ""
        try:
            doc, flags, _ = analyse(text)
            rows = [astuple(_flag_row(doc.text, f, context)) for f in flags]
            err = doc.error
        except Exception as exc:  # a crash is a finding, not a reason to stop the survey
            rows, err = [], f"crash: {type(exc).__name__}: {exc}"
        out.append((rec["id"], rec["dataset"], rec["label"], is_clean(rec), rows, err))
    return out


def run(records: list[dict[str, Any]], n_jobs: int, context: int) -> list[RecordResult]:
    """Analyse all records, in parallel chunks when `n_jobs` != 1."""
    size = 40
    chunks = [records[i:i + size] for i in range(0, len(records), size)]
    if n_jobs == 1:
        parts = [analyse_records(c, context) for c in chunks]
    else:
        from joblib import Parallel, delayed

        parts = Parallel(n_jobs=n_jobs)(delayed(analyse_records)(c, context) for c in chunks)
    return [RecordResult(rid, ds, label, clean, [FlagRow(*row) for row in rows], err)
            for part in parts for rid, ds, label, clean, rows, err in part]


def _show(s: str) -> str:
    return s.replace("\r", "\\r").replace("\t", "\\t").replace("\n", "\\n")


def _keep(row: FlagRow, args: argparse.Namespace) -> bool:
    return ((not args.kind or row.kind in args.kind)
            and (not args.family or row.family in args.family)
            and (not args.severity or row.severity in args.severity))


def print_rates(results: list[RecordResult], args: argparse.Namespace) -> None:
    cols = sorted({column(r.dataset, r.label) for r in results})
    n_col = Counter(column(r.dataset, r.label) for r in results)
    per_kind: dict[str, Counter[str]] = defaultdict(Counter)
    flags_per_kind: Counter[str] = Counter()
    family_of: dict[str, str] = {}
    for r in results:
        col = column(r.dataset, r.label)
        for kind in {f.kind for f in r.flags if _keep(f, args)}:
            per_kind[kind][col] += 1
        for f in r.flags:
            if _keep(f, args):
                flags_per_kind[f.kind] += 1
                family_of[f.kind] = f.family
    width = max([len(k) for k in per_kind] + [28])
    cw = max(max(len(c) for c in cols), 6) + 1
    print("\n% of articles with >= 1 flag of each kind (N per column below)\n")
    print(f"{'family/kind':<{width + 14}}" + "".join(f"{c:>{cw}}" for c in cols) + f"{'flags':>8}")
    print(f"{'N articles':<{width + 14}}" + "".join(f"{n_col[c]:>{cw}}" for c in cols))
    for kind in sorted(per_kind, key=lambda k: (family_of[k], k)):
        cells = "".join(f"{100.0 * per_kind[kind][c] / n_col[c]:>{cw}.1f}" for c in cols)
        print(f"{family_of[kind]:<13} {kind:<{width}}{cells}{flags_per_kind[kind]:>8}")
    print()
    for name, pred in (("any flag", lambda f: True),
                       ("any high-severity flag", lambda f: f.severity == "high")):
        counts = Counter(column(r.dataset, r.label) for r in results
                         if any(pred(f) for f in r.flags))
        cells = "".join(f"{100.0 * counts[c] / n_col[c]:>{cw}.1f}" for c in cols)
        print(f"{'% ' + name:<{width + 14}}{cells}")
    errors = [r for r in results if r.error]
    if errors:
        print(f"\n{len(errors)} records not judged: "
              + ", ".join(f"{r.id} ({r.error})" for r in errors[:10]))


def print_clean_kinds(results: list[RecordResult], args: argparse.Namespace) -> None:
    """Per kind, on genuinely clean reliable and human articles: % flagged, flags, severities."""
    groups = {label: [r for r in results if r.clean and r.label == label and not _crashed(r)]
              for label in ("reliable", "human")}
    groups = {k: v for k, v in groups.items() if v}
    if not groups:
        return
    per: dict[str, Counter[str]] = defaultdict(Counter)
    n_flags: Counter[str] = Counter()
    severities: dict[str, Counter[str]] = defaultdict(Counter)
    family_of: dict[str, str] = {}
    for label, rows in groups.items():
        for r in rows:
            kept = [f for f in r.flags if _keep(f, args)]
            for kind in {f.kind for f in kept}:
                per[kind][label] += 1
            for f in kept:
                n_flags[f.kind] += 1
                severities[f.kind][f.severity] += 1
                family_of[f.kind] = f.family
    head = "".join(f"{f'% {k} ({len(v)})':>18}" for k, v in groups.items())
    print(f"\nOn genuinely clean articles only (no data note in {sorted(NOT_CLEAN_NOTES)}):")
    print(f"{'family/kind':<42}{head}{'flags':>7}  severities")
    for kind in sorted(per, key=lambda k: (family_of[k], k)):
        cells = "".join(f"{100.0 * per[kind][k] / len(v):>18.2f}" for k, v in groups.items())
        sev = ", ".join(f"{s} {n}" for s, n in sorted(severities[kind].items()))
        print(f"{family_of[kind]:<13}{kind:<29}{cells}{n_flags[kind]:>7}  {sev}")
    for name, pred in (("any flag", lambda f: True),
                       ("any medium/high flag", lambda f: f.severity != "low")):
        shares = [sum(1 for r in v if any(pred(f) for f in r.flags if _keep(f, args))) / len(v)
                  for v in groups.values()]
        cells = "".join(f"{100.0 * s:>18.2f}" for s in shares)
        print(f"{'% ' + name:<42}{cells}")


def print_clean_target(results: list[RecordResult], show: int) -> None:
    human = [r for r in results if r.clean and r.label == "human"]
    if human:
        n_high = sum(1 for r in human if any(f.severity == "high" for f in r.flags))
        print(f"\nHuman-written news of data/machine with a high-severity flag: {n_high} / "
              f"{len(human)} = {100.0 * n_high / len(human):.2f} %")
    clean = [r for r in results if r.clean and r.label == "reliable"]
    crashed = [r for r in clean if _crashed(r)]
    clean = [r for r in clean if not _crashed(r)]
    if not clean:
        print("\nTarget not measured: no clean reliable article was judged without a crash")
        return
    high = [r for r in clean if any(f.severity == "high" for f in r.flags)]
    rate = 100.0 * len(high) / len(clean)
    verdict = "meets" if rate <= 1.0 else "MISSES"
    if crashed:
        verdict = f"NOT MEASURED: {len(crashed)} clean articles crashed"
    print(f"\nTarget: high-severity flag on <= 1 % of genuinely clean reliable articles "
          f"(reliable, no data note in {sorted(NOT_CLEAN_NOTES)})")
    print(f"  {len(high)} / {len(clean)} = {rate:.2f} %  ({verdict} the target)")
    by_ds = Counter(r.dataset for r in clean)
    by_ds_high = Counter(r.dataset for r in high)
    print("  per dataset: " + ", ".join(
        f"{_SHORT.get(d, d)} {by_ds_high[d]}/{by_ds[d]}" for d in sorted(by_ds)))
    kinds = Counter(k for r in high for k in {f.kind for f in r.flags if f.severity == "high"})
    print("  high kinds on them: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    if high and show:
        print("\n  Check each: is the flagged text a true artifact (keep) or article prose (fix)?")
        for r in high[:show]:
            for f in (f for f in r.flags if f.severity == "high"):
                print(f"  {r.id} L{f.line_index} {f.kind}: "
                      f"...{_show(f.before)}[[{_show(f.evidence)}]]{_show(f.after)}...")
        if len(high) > show:
            print(f"  ... {len(high) - show} more (use --show-clean)")


def _crashed(r: RecordResult) -> bool:
    return bool(r.error and r.error.startswith("crash:"))


def print_samples(results: list[RecordResult], args: argparse.Namespace) -> None:
    if args.samples <= 0:
        return
    by_kind: dict[str, list[tuple[RecordResult, FlagRow]]] = defaultdict(list)
    for r in results:
        if args.label and r.label not in args.label:
            continue
        for f in r.flags:
            if _keep(f, args):
                by_kind[f.kind].append((r, f))
    rng = random.Random(args.seed)
    print(f"\nSamples: up to {args.samples} flagged lines per kind (seed {args.seed}); "
          "evidence in [[...]]")
    for kind in sorted(by_kind):
        items = by_kind[kind]
        picked = rng.sample(items, min(args.samples, len(items)))
        print(f"\n== {kind} ({items[0][1].family}, {len(items)} flags)")
        for r, f in picked:
            print(f"  {r.id} [{r.label}] L{f.line_index} {f.severity}: "
                  f"...{_show(f.before)}[[{_show(f.evidence)}]]{_show(f.after)}...")


def load(args: argparse.Namespace) -> list[dict[str, Any]]:
    folders: Iterable[str] = ("reliability", "machine") if args.machine else ("reliability",)
    records = list(iter_records(datasets=args.dataset or None, folders=folders))
    if args.limit:
        per: Counter[tuple[str, str]] = Counter()
        kept = []
        for rec in records:
            key = (rec["dataset"], rec["label"])
            if per[key] < args.limit:
                per[key] += 1
                kept.append(rec)
        records = kept
    return records


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--machine", action="store_true", help="also read data/machine/")
    p.add_argument("--dataset", action="append", help="only this dataset (repeatable)")
    p.add_argument("--kind", action="append", help="only this flag kind (repeatable)")
    p.add_argument("--family", action="append", help="only this family (repeatable)")
    p.add_argument("--severity", action="append", choices=("low", "medium", "high"))
    p.add_argument("--label", action="append", help="samples only from this label (repeatable)")
    p.add_argument("--samples", type=int, default=3, help="sampled flagged lines per kind")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--context", type=int, default=60, help="characters shown around evidence")
    p.add_argument("--show-clean", type=int, default=40,
                   help="clean reliable articles with high flags to list")
    p.add_argument("--limit", type=int, default=0, help="at most N records per dataset and label")
    p.add_argument("--n-jobs", type=int, default=2)
    args = p.parse_args(argv)
    try:
        records = load(args)
    except SkipError as exc:
        print(f"skipped: {exc}")
        return 0
    t0 = time.perf_counter()
    results = run(records, args.n_jobs, args.context)
    elapsed = time.perf_counter() - t0
    print(f"{len(results)} articles analysed in {elapsed:.1f} s "
          f"({len(results) / max(elapsed, 1e-9):.0f} docs/s, n_jobs={args.n_jobs})")
    crashes = [r for r in results if _crashed(r)]
    if crashes:
        print(f"\nWARNING: analyse crashed on {len(crashes)} of {len(results)} articles "
              f"(first: {crashes[0].id}: {crashes[0].error}); they count as unflagged below\n")
    print_rates(results, args)
    print_clean_kinds(results, args)
    print_clean_target(results, args.show_clean)
    print_samples(results, args)
    return 1 if crashes else 0


if __name__ == "__main__":
    raise SystemExit(main())
