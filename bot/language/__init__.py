"""Reading members' own words: which decision tree applies, and which facts the message states.

Deterministic and explainable: the phrasings live in YAML under `knowledge/language/`, each match is
recorded as evidence (which words set which fact, by which rule), and `policy explain` shows it.
"""

from bot.language.reader import PatternReader, build_reader

__all__ = ["PatternReader", "build_reader"]
