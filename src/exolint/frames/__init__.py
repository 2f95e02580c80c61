"""Claim frames: what each clause of a sentence asserts (see read.py)."""

from exolint.frames.base import CONDITION_TYPES, SentenceContext
from exolint.frames.read import FRAMES, NEEDS, READERS, read_frames

__all__ = ["CONDITION_TYPES", "FRAMES", "NEEDS", "READERS", "SentenceContext", "read_frames"]
