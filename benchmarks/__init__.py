"""Benchmarks of exolint: corpus generators, throughput and start-up (see docs/benchmarks.md)."""
