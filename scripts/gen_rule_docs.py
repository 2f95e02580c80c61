"""Regenerate docs/rules/ from the packaged policy (same as `python -m exolint.policy.docs`).

Usage: python scripts/gen_rule_docs.py [--check] [--out docs/rules]
"""

from __future__ import annotations

from exolint.policy.docs import main

if __name__ == "__main__":
    raise SystemExit(main())
