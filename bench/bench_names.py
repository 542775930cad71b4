"""Accuracy benchmarks of watchlist name screening (see eval_names, eval_pairs, eval_demo)."""

from __future__ import annotations

import os
from pathlib import Path

from bench.eval_demo import demo_directory, evaluate_ground_truth
from bench.eval_names import (
    build_matcher,
    evaluate_innocents,
    evaluate_positives,
    load_sample_entries,
)
from bench.eval_pairs import best_f1, f1_at, hard_pairs, logic_v2_scores, our_scores, write_pairs
from bench.harness import Result
from paxscreen.screening.watchlists import read_watchlist

PER_TREATMENT = 300
INNOCENTS = 10_000
# The scorer was tuned looking at other seeds (positives 101-102, innocents 102-105);
# the reported seeds (3 / 7) and these held-out ones (5 / 8) were only measured.
HELD_OUT_POSITIVES, HELD_OUT_INNOCENTS = 5, 8
DATA = Path(__file__).parent / "data"


def bench_eval() -> Result:
    entries = load_sample_entries()
    result = Result(
        title="Name screening accuracy: sample lists, perturbed matches, innocents",
        columns=["set", "travellers", "review or alert", "alert", "note"],
    )
    if not entries:
        result.notes.append("shared/samples/watchlists not found: (a) skipped")
    else:
        matcher = build_matcher(entries)
        tallies = evaluate_positives(matcher, entries, per_treatment=PER_TREATMENT)
        total = sum(t.total for t in tallies.values())
        for treatment, tally in tallies.items():
            result.rows.append(
                [
                    f"perturbed: {treatment}",
                    tally.total,
                    tally.review_or_alert / tally.total,
                    tally.alert / tally.total,
                    "; ".join(tally.misses[:1]),
                ]
            )
        found = sum(t.review_or_alert for t in tallies.values())
        alerts = sum(t.alert for t in tallies.values())
        result.rows.append(["perturbed: all", total, found / total, alerts / total, "recall"])
        bands, clean, examples = evaluate_innocents(matcher, entries, count=INNOCENTS)
        per_10k = 10_000 / INNOCENTS
        result.rows.append(
            [
                "innocents (per 10,000)",
                INNOCENTS,
                (bands["review"] + bands["alert"]) * per_10k,
                bands["alert"] * per_10k,
                "reviews+alerts / alerts per 10,000",
            ]
        )
        kept = sum(clean.values())
        result.rows.append(
            [
                "innocents without exact namesakes (per 10,000)",
                kept,
                (clean["review"] + clean["alert"]) * 10_000 / kept,
                clean["alert"] * 10_000 / kept,
                "namesake: all name parts in one listed name",
            ]
        )
        held = evaluate_positives(
            matcher, entries, per_treatment=PER_TREATMENT, seed=HELD_OUT_POSITIVES
        )
        held_total = sum(t.total for t in held.values())
        result.rows.append(
            [
                f"perturbed: all, held-out seed {HELD_OUT_POSITIVES}",
                held_total,
                sum(t.review_or_alert for t in held.values()) / held_total,
                sum(t.alert for t in held.values()) / held_total,
                "recall",
            ]
        )
        held_bands, _, _ = evaluate_innocents(
            matcher, entries, count=INNOCENTS, seed=HELD_OUT_INNOCENTS
        )
        result.rows.append(
            [
                f"innocents, held-out seed {HELD_OUT_INNOCENTS} (per 10,000)",
                INNOCENTS,
                (held_bands["review"] + held_bands["alert"]) * per_10k,
                held_bands["alert"] * per_10k,
                "reviews+alerts / alerts per 10,000",
            ]
        )
        result.notes += [
            f"Lists: UN consolidated XML + OFAC SDN CSV individuals ({len(entries)} entries). "
            f"{PER_TREATMENT} listed people per treatment, each a traveller with a Latin name "
            "of the entry split as an MRZ would, a date of birth consistent with the list and "
            "one treatment; found = its own entry at review or alert.",
            f"{INNOCENTS:,} innocent travellers from 11 regions with common real names, random "
            "dates of birth; a band is the best hit of the traveller.",
            "Thresholds: review 0.70, alert 0.88 (Settings.screening defaults).",
            "Seeds: positives 3, innocents 7; the held-out rows use positives "
            f"{HELD_OUT_POSITIVES} and innocents {HELD_OUT_INNOCENTS}. Scoring changes for issue "
            "#7 were chosen on other seeds (positives 101-102, innocents 102-105) and only "
            "measured on these.",
            "Before issue #7 (f961aa1, 2026-11-27 03:32): recall 0.972 (typo 0.960, "
            "transliteration 0.963, drop_middle 0.930, initial_for_middle 0.933, "
            "merge_particles 0.970, document_ocr 0.980); innocents 31 reviews + 2 alerts "
            "per 10,000; held-out seeds then: recall 0.966, innocents 38 reviews + 3 alerts.",
            "Issue #7 round two (from 36e86b8): one consonant off a one-letter Arabic-script "
            "skeleton no longer agrees, and an undated entry matched by part of its name (a "
            "missing first or last part, extra traveller parts) stays below review. "
            "Before it: recall "
            "0.990, innocents 12 reviews + 0 alerts per 10,000; held-out 0.989 and 16 + 0; "
            "tuning seeds recall 0.990 / 0.992 (positives 101 / 102), innocents 47 reviews "
            "per 40,000 (102-105); after it on the tuning seeds: recall 0.990 / 0.992, "
            "innocents 40 reviews per 40,000.",
        ]
        if examples:
            result.notes.append("Innocent alerts: " + " | ".join(examples[:3]))
    directory = demo_directory(
        Path(os.environ["PAXSCREEN_DEMO_DIR"]) if os.environ.get("PAXSCREEN_DEMO_DIR") else None
    )
    if directory is None:
        result.notes.append("(b) skipped: no demo ground truth and paxscreen.demo not available")
    else:
        tally, misses = evaluate_ground_truth(directory)
        met = sum(v for k, v in tally.items() if k.endswith(" met"))
        result.rows.append(
            [
                "demo ground truth (b)",
                sum(tally.values()),
                met / max(sum(tally.values()), 1),
                "",
                "; ".join(misses[:2]) or "every planted expectation met",
            ]
        )
    return result


def bench_pairs() -> Result:
    entries = load_sample_entries()
    result = Result(
        title="Hard name pairs: paxscreen bands vs nomenklatura logic-v2",
        columns=[
            "matcher",
            "threshold",
            "precision",
            "recall",
            "F1",
            "best-threshold F1",
            "µs per pair",
        ],
    )
    if not entries:
        result.notes.append("shared/samples/watchlists not found: skipped")
        return result
    from bench.eval_names import SAMPLES

    lists = [
        read_watchlist(SAMPLES / "un_consolidated.xml").entries,
        read_watchlist(SAMPLES / "ofac_sdn.csv").entries,
    ]
    pairs = hard_pairs(lists)
    write_pairs(pairs, DATA / "hard_pairs.csv")
    ours, our_time = our_scores(pairs)
    for label, threshold in (("paxscreen review+", 0.70), ("paxscreen alert", 0.88)):
        precision, recall, f1 = f1_at(pairs, ours, threshold)
        result.rows.append(
            [label, threshold, precision, recall, f1, best_f1(pairs, ours)[1], our_time * 1e6]
        )
    theirs = logic_v2_scores(pairs)
    if theirs is None:
        result.notes.append(
            "nomenklatura is not installed: logic-v2 skipped (pip install nomenklatura)"
        )
    else:
        scores, their_time = theirs
        precision, recall, f1 = f1_at(pairs, scores, 0.70)
        result.rows.append(
            [
                "nomenklatura logic-v2",
                0.70,
                precision,
                recall,
                f1,
                best_f1(pairs, scores)[1],
                their_time * 1e6,
            ]
        )
        kinds = sorted({p.kind for p in pairs})
        for kind in kinds:
            chosen = [
                (p, a, b) for p, a, b in zip(pairs, ours, scores, strict=True) if p.kind == kind
            ]
            ours_ok = sum((a >= 0.70) == p.same for p, a, _ in chosen) / len(chosen)
            theirs_ok = sum((b >= 0.70) == p.same for p, _, b in chosen) / len(chosen)
            result.notes.append(
                f"{kind} ({len(chosen)} pairs, {'same' if chosen[0][0].same else 'different'} "
                f"people): correct at 0.70 — paxscreen {ours_ok:.2f}, logic-v2 {theirs_ok:.2f}"
            )
    result.notes += [
        f"{len(pairs)} pairs mined from the UN and OFAC sample lists (bench/data/hard_pairs.csv, "
        "`paxscreen screen pairs` input format plus kind and label); names only, no dates.",
        "Positives: entry vs a strong alias, vs its original-script name, vs a perturbed copy. "
        "Negatives: two entries of one list sharing two name parts or the surname, and "
        "'A bin B' vs 'B bin A'. Many aliases are unrelated names (nicknames, noms de guerre) "
        "that no name matcher can find; both matchers miss them alike.",
        "paxscreen scores a pair both ways round (`score_pair`, as `screen pairs` does). "
        "Best-threshold F1 is tuned on the same pairs: an upper bound, not a claim.",
        "No pair reaches alert by design since issue #7: the pairs carry no dates, and an "
        "alert needs an agreeing date of birth (or document); the review row is the "
        "comparison. Before issue #7 (f961aa1): review F1 0.850, alert F1 0.583.",
    ]
    return result


BENCHMARKS = {"names-eval": bench_eval, "names-pairs": bench_pairs}
