"""Numbers written in digits or words: "4,300", "seven", "two hundred", "1.5 million"."""

from __future__ import annotations

import math
import re

__all__ = ["MULTIPLIERS", "WORD_NUMBERS", "parse_number"]

WORD_NUMBERS: dict[str, int] = {
    word: number
    for number, word in enumerate(
        """zero one two three four five six seven eight nine ten eleven twelve thirteen
        fourteen fifteen sixteen seventeen eighteen nineteen""".split()
    )
} | {
    word: 10 * (i + 2)
    for i, word in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())
}
MULTIPLIERS = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "dozen": 12,
}


def parse_number(words: str) -> float | None:
    """ "4,300" → 4300, "seven" → 7, "two hundred" → 200, "1.5 million" → 1500000.

    None for a number past float range: 334 nines parsed as `inf`, which no count is and
    which JSON cannot hold (found by fuzzing, issue 8).
    """
    total, current, seen = 0.0, 0.0, False
    for word in re.findall(r"[\d.,]+|[a-z]+", words.lower().replace("-", " ")):
        digits = word.replace(",", "")
        if re.fullmatch(r"\d+(?:\.\d+)?", digits):
            current += float(digits)
            seen = True
        elif word in WORD_NUMBERS:
            current += WORD_NUMBERS[word]
            seen = True
        elif word in MULTIPLIERS and (seen or word == "dozen"):
            current = (current or 1) * MULTIPLIERS[word]
            if MULTIPLIERS[word] >= 1000:
                total, current = total + current, 0.0
            seen = True
        elif seen:
            break
    value = total + current
    return value if seen and math.isfinite(value) else None
