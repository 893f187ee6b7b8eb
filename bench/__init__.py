"""Benchmarks: they print their figures (and write JSON); tests never assert on time."""
