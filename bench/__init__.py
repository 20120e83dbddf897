"""Benchmarks (`make bench`), never part of `make test`: each module measures one area and
returns report sections; `bench/run.py` runs them and writes docs/benchmarks.md."""
