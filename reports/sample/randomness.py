"""The generator's random numbers: one seeded generator per purpose, never the global one.

`seeded("42", "17", "tickets")` is the generator for account 17's tickets under seed 42: a string seed is
hashed (SHA-512) by Python the same way on every run and platform, so the extract is reproducible.
"""

from __future__ import annotations

import random


class SampleRandom(random.Random):
    """random.Random with `choice` and `randint` drawn from a single `random()` each: several times faster
    than the rejection sampling of the base class (the generator draws millions of them), with a bias far
    below anything a sample could show."""

    def choice(self, seq):  # type: ignore[override]
        return seq[int(self.random() * len(seq))]

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))


def seeded(*parts: object) -> SampleRandom:
    return SampleRandom("tenure-sample:" + ":".join(str(part) for part in parts))
