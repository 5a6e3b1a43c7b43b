"""Benchmarks: each *_bench.py module has a main() that prints figures beside baselines."""

import os

# Bench vaults use cheap Argon2id costs (below the floor): allowed only with this set.
os.environ["EXITDOORS_INSECURE_TEST_KDF"] = "1"
