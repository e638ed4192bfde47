"""Redacting personal data from member text before anything is stored, logged or echoed.

Members paste contract and offer ids, e-mail addresses (also spelled out), phone numbers (also local
ones), IBANs and card numbers into public
channels. None of it helps the advice, so it is replaced by a placeholder on the way in.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# "contract ID 21405998", "offer #1234567", "milestone id: 98765432", "order no. 1234567"
_MARKETPLACE_ID = re.compile(
    r"\b(?P<kind>contract|offer|milestone|job|project|order|ticket|invoice|transaction|payment|dispute)"
    r"(?:\s*(?:id|no\.?|number|#|ref(?:erence)?)\b|\s*#)?\s*[:#]?\s*(?P<id>~?[0-9][0-9A-Za-z-]{5,})",
    re.IGNORECASE,
)
# Marketplace profile/job links carry ids after a tilde: ~01a2b3c4d5e6f7a8b9
_TILDE_ID = re.compile(r"~0[0-9a-f]{8,}", re.IGNORECASE)
_EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b")
# Spelled-out addresses that dodge filters: "name(at)gmail dot com", "name [at] mail [dot] co [dot] uk".
_AT, _DOT = r"(?:\s*[(\[{<]\s*at\s*[)\]}>]\s*|\s+at\s+)", r"(?:\s*[(\[{<]\s*dot\s*[)\]}>]\s*|\s+dot\s+|\.)"
_SPELLED_EMAIL = re.compile(
    rf"\b[A-Za-z0-9._%+-]+{_AT}[A-Za-z0-9-]+(?:{_DOT}[A-Za-z0-9-]+)*{_DOT}(?:com|net|org|edu|gov|io|co|uk|de|fr|"
    rf"in|pk|ph|ng|ru|ua|info|biz|me)\b",
    re.IGNORECASE,
)
# IBAN: two letters, two check digits, then 11-30 letters and digits, often in groups of four.
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]{4}){2,7}(?:[ -]?[A-Z0-9]{1,4})?\b")
_CARD = re.compile(r"\b(?:\d[ -]?){12,18}\d\b")
_PHONE = re.compile(r"(?<![\w$])(?:\+|00)?\d[\d\s().-]{7,}\d(?![\w%])")
# A local number without the area code: "555 0123", "555-0123", "(555) 0123"; not money, not a percentage.
_LOCAL_PHONE = re.compile(r"(?<![\w$€£.,])\(?\d{3}\)?[ -]\d{4}(?![\w%.,]| ?(?:usd|dollars?|eur|euros?|hours?|hrs?))",
                          re.IGNORECASE)
_LONG_NUMBER = re.compile(r"(?<![\w$.,])\d{8,}(?![\w.,])")  # a bare id: amounts and day counts are shorter

# What each kind cannot match without, looked for first: most messages hold no address and few digits, and
# these are cheap to search where the patterns above are not. Replacements add no digit, "@", "at" or "dot".
_DIGIT = re.compile(r"\d")
_ID_LIKE = re.compile(r"[0-9][0-9A-Za-z-]{5,}")  # an id as _MARKETPLACE_ID takes it
_AT_WORD = re.compile(r"[(\[{<]\s*at\s*[)\]}>]|\sat\s", re.IGNORECASE)  # within any _AT
_IBAN_START = re.compile(r"[A-Z]{2}\d{2}")


@dataclass(frozen=True)
class Redacted:
    text: str
    kinds: tuple[str, ...]  # what was removed, e.g. ("contract id", "email"), for the one-time reminder

    @property
    def changed(self) -> bool:
        return bool(self.kinds)


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def _iban_checks(iban: str) -> bool:
    """The ISO 13616 check: letters as numbers, the first four characters moved last, mod 97 is 1."""
    moved = iban[4:] + iban[:4]
    return int("".join(str(int(ch, 36)) for ch in moved)) % 97 == 1


def redact(text: str) -> Redacted:
    kinds: list[str] = []

    def replace(kind: str, placeholder: str | Callable[[re.Match[str]], str]) -> Callable[[re.Match[str]], str]:
        def sub(match: re.Match[str]) -> str:
            kinds.append(kind)
            return placeholder(match) if callable(placeholder) else placeholder

        return sub

    def when_valid(kind: str, placeholder: str, drop: str,
                   valid: Callable[[str], bool]) -> Callable[[re.Match[str]], str]:
        """Replace only what passes its check (a checksum, a length): other numbers are kept as written."""

        def sub(match: re.Match[str]) -> str:
            if not valid(re.sub(drop, "", match[0])):
                return match[0]
            kinds.append(kind)
            return placeholder

        return sub

    digits = len(_DIGIT.findall(text))  # only falls as numbers are replaced
    if "@" in text:
        text = _EMAIL.sub(replace("email address", "[email removed]"), text)
    if _AT_WORD.search(text):
        text = _SPELLED_EMAIL.sub(replace("email address", "[email removed]"), text)
    if digits >= 2 and _IBAN_START.search(text):
        text = _IBAN.sub(when_valid("bank account number", "[bank account removed]", r"[ -]",
                                    lambda iban: 15 <= len(iban) <= 34 and _iban_checks(iban)), text)
    if _ID_LIKE.search(text):
        text = _MARKETPLACE_ID.sub(replace("contract or offer id", lambda m: f"{m['kind']} [id removed]"), text)
    if "~" in text:
        text = _TILDE_ID.sub(replace("contract or offer id", "[id removed]"), text)
    if digits >= 13:
        text = _CARD.sub(when_valid("card number", "[card number removed]", r"\D",
                                    lambda digits: 13 <= len(digits) <= 19 and _luhn(digits)), text)
    if digits >= 9:
        text = _PHONE.sub(when_valid("phone number", "[phone number removed]", r"\D",
                                     lambda digits: 9 <= len(digits) <= 15), text)
    if digits >= 7:
        text = _LOCAL_PHONE.sub(replace("phone number", "[phone number removed]"), text)
    if digits >= 8:
        text = _LONG_NUMBER.sub(replace("contract or offer id", "[id removed]"), text)
    return Redacted(text, tuple(dict.fromkeys(kinds)))
