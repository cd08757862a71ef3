"""Benchmarks: Fazhi's kernel measured side by side with raw drivers and a peer library.

`python -m bench` runs them all in one process and prints ratios (ours / peer);
every contender runs in the same run, alternately, on the same machine, so the
ratios mean something even where the absolute numbers do not travel.
"""
