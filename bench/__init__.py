"""Benchmarks: each *_bench.py module has a main() that prints figures beside baselines."""
