"""Benchmarks: `make bench` (all) or `make bench BENCH="name ..."`.

Each `bench/bench_*.py` module declares `BENCHMARKS`, a mapping from a benchmark
name to a function that returns a `Result`. The harness runs the chosen ones,
prints a table and rewrites that benchmark's section of BENCHMARKS.md (other
sections are kept), with the machine, the date and the command. Benchmarks
never fail CI on timing: they measure, people judge.
"""
