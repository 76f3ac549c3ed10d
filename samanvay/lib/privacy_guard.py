"""The privacy guard: finds what may identify a person in a text before it is stored or forwarded.

It looks for Indian mobile numbers (with +91, 0, spaces, dashes or dots), Aadhaar numbers (12
digits whose first is 2-9 and that pass the Verhoeff check, grouped or not), email addresses, and,
through `FURTHER_CHECKS`, names held in protected records (e.g. the people a referral is about).
Digits of any script count as digits (Devanagari ९८७६५, full-width ９８７), and the spaces and
dashes a phone keyboard or a paste puts between them (no-break and thin spaces, en dashes) count
as separators. A referral code (MP-BPL-2026-000123) is allowed: it is how a case is meant to be
named.

`check` answers where and what, never the matched text itself, so a caller cannot log it by
mistake. Pure Python: no Django.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from stdnum.in_ import aadhaar

PHONE = "phone"
AADHAAR = "aadhaar"
EMAIL = "email"
NAME = "name"

# Dotted paths of callables `(text) -> list[str]` that return the protected names found in the
# text (e.g. "samanvay.referrals.guard.protected_names_in"). Each is imported when first used.
FURTHER_CHECKS: tuple[str, ...] = ("samanvay.referrals.guard.protected_names_in",)

# Look-alike spaces and dashes (no-break, figure, thin, narrow, zero-width; hyphens, en and em
# dashes, minus), read as the plain ones.
SPACES = "\u00a0\u2007\u2009\u200a\u200b\u202f\u205f\u3000"
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
REFERRAL_CODE = re.compile(r"\b[A-Z]{2}-[A-Z]{2,4}-[0-9]{4}-[0-9]{4,8}\b", re.IGNORECASE)
# A run of digits, possibly split by single separators (space, dash, dot, slash, brackets),
# optionally led by "+". Separators inside are ignored when the run is read as a number.
DIGIT_RUN = re.compile(r"\+?(?<![0-9])[0-9]+(?:[ \t.\-/()]{1,2}[0-9]+)*(?![0-9])")
DIGIT_GROUP = re.compile(r"[0-9]+")
EMAIL_ADDRESS = re.compile(
    r"[A-Za-z0-9._%+\-]+\s*(?:@|\(at\)|\[at\])\s*[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
)
MOBILE = re.compile(r"(?:91|0)?[6-9][0-9]{9}")


@dataclass(frozen=True)
class Finding:
    kind: str  # PHONE, AADHAAR, EMAIL or NAME
    start: int
    end: int


def _is_aadhaar(digits: str) -> bool:
    return len(digits) == 12 and digits[0] in "23456789" and aadhaar.is_valid(digits)


def _number_kind(digits: str) -> str | None:
    if _is_aadhaar(digits):
        return AADHAAR
    if MOBILE.fullmatch(digits):
        return PHONE
    return None


def _numbers(text: str) -> list[Finding]:
    """Phones and Aadhaar numbers among the digit runs. A run may hold several numbers ("98765
    43210, 98765 43211" or "2345 6789 0124"), so every span of consecutive digit groups is tried,
    the longest first."""
    findings: list[Finding] = []
    for run in DIGIT_RUN.finditer(text):
        groups = list(DIGIT_GROUP.finditer(run.group()))
        offset = run.start()
        i = 0
        while i < len(groups):
            found = None
            for j in range(len(groups) - 1, i - 1, -1):
                digits = "".join(g.group() for g in groups[i : j + 1])
                if len(digits) > 14:
                    continue
                kind = _number_kind(digits)
                if kind:
                    found = (kind, j)
                    break
            if found:
                kind, j = found
                findings.append(Finding(kind, offset + groups[i].start(), offset + groups[j].end()))
                i = j + 1
            else:
                i += 1
    return findings


def _load(path: str) -> Callable[[str], Iterable[str]]:
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


def _names(text: str, checks: Iterable[str]) -> list[Finding]:
    findings = []
    lowered = text.casefold()
    for path in checks:
        for name in _load(path)(text) or ():
            at = lowered.find(name.casefold()) if name else -1
            start = max(at, 0)
            findings.append(Finding(NAME, start, start + len(name) if at >= 0 else 0))
    return findings


@lru_cache(maxsize=4096)
def _plain(char: str) -> str:
    """One character as the ASCII one it stands for, when it stands for one: digits of every
    script, full-width letters and signs, look-alike spaces and dashes. Always one character,
    so that positions in the text stay where they were."""
    if char.isascii():
        return char
    if char in SPACES:
        return " "
    if char in DASHES:
        return "-"
    digit = unicodedata.decimal(char, None)
    if digit is not None:
        return str(digit)
    folded = unicodedata.normalize("NFKC", char)
    return folded if len(folded) == 1 and folded.isascii() else char


def normalise(text: str) -> str:
    """`text` with the look-alikes of digits, letters, spaces and dashes made plain; the same
    length as `text`."""
    return "".join(_plain(char) for char in text)


def check(text: str, further_checks: Iterable[str] | None = None) -> list[Finding]:
    """What in `text` could identify a person, in order of position; empty when it may pass."""
    if not text:
        return []
    normal = normalise(text)
    # Referral codes are how cases are named: blank them out (same length, positions kept).
    scrubbed = REFERRAL_CODE.sub(lambda m: " " * len(m.group()), normal)
    findings = [Finding(EMAIL, m.start(), m.end()) for m in EMAIL_ADDRESS.finditer(scrubbed)]
    for span in findings:  # an email's digits are not a phone number as well
        scrubbed = scrubbed[: span.start] + " " * (span.end - span.start) + scrubbed[span.end :]
    findings += _numbers(scrubbed)
    findings += _names(text, FURTHER_CHECKS if further_checks is None else further_checks)
    return sorted(findings, key=lambda f: (f.start, f.kind))


def kinds(findings: Iterable[Finding]) -> list[str]:
    """The distinct kinds found, in a fixed order."""
    found = {f.kind for f in findings}
    return [k for k in (PHONE, AADHAAR, EMAIL, NAME) if k in found]
