"""The pipeline's benchmark: each stage's figure beside its ceiling.

Run ``python -m bench`` (see bench/__main__.py); the results of a full run and
what limits each stage are in docs/benchmarks.md.
"""
