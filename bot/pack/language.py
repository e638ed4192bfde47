"""The schema of knowledge/language/*.yaml: routing signals per tree and phrasings per fact."""

from __future__ import annotations

import re
from collections.abc import Mapping

from pydantic import Field, field_validator, model_validator

from bot.pack.model import Located, Scalar


def _compiles(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"not a valid regular expression: {exc}") from None
    return pattern


class Signal(Located):
    words: str | None = Field(default=None,
                              description="A regular expression matched on whole words of the lower-cased message.")
    facts: dict[str, Scalar] = Field(default_factory=dict,
                                     description="Instead of words: facts the message states (read or implied).")
    weight: float = Field(default=1.0, description="How strongly these words point to the tree (negative: away).")

    @field_validator("words")
    @classmethod
    def _check(cls, words: str | None) -> str | None:
        return None if words is None else _compiles(words)

    @model_validator(mode="after")
    def _one_kind(self) -> Signal:
        if (self.words is None) == (not self.facts):
            raise ValueError("a signal has either words or facts")
        return self


class TreeSignals(Located):
    tree: str
    signals: list[Signal] = Field(min_length=1)
    fits: dict[str, list[Scalar]] = Field(
        default_factory=dict,
        description="The values of facts this tree's outcomes are written for; a message stating another "
                    "value is never routed here (hourly words never reach a fixed-price tree).",
    )


class Routing(Located):
    threshold: float = Field(default=2.0, description="The least score that picks a tree.")
    margin: float = Field(default=1.0, description="How far the best tree must lead the next one.")
    trees: list[TreeSignals] = Field(default_factory=list)


class Phrase(Located):
    words: str = Field(description="A regular expression on whole words; for `capture`, its first group "
                                         "that matched.")
    value: Scalar | None = Field(default=None, description="The value the phrase states (not for capture).")
    capture: bool = Field(default=False, description="Parse the first group that matched as the fact's value "
                                                         "(numbers, money).")
    exceeds: bool = Field(
        default=False, description="The phrase states its value only when the last number it holds is more than "
                                   "the first ('a 20 hour weekly limit, I logged 31 hours'; not 18).")
    left_of: int | None = Field(
        default=None, description="capture: the number told is what is left of this many, and the fact is the rest "
                                  "('auto-releases in 2 days', of a 14-day review: submitted 12 days ago).")
    mood: bool | None = Field(default=None, description="Overrides the fact's `mood` for this phrase.")
    rank: int = Field(default=0, description="Between phrases that state the same fact, a higher rank wins wherever "
                                             "it stands ('I hired' over a later 'the client'); equal ranks: the "
                                             "later mention wins.")
    when: dict[str, Scalar] = Field(
        default_factory=dict,
        description="Only when the message states these facts (by phrases without `when`), and only if no such "
                    "phrase states this fact: 'wants a refund' after 'he released it' asks for released money.",
    )

    _check = field_validator("words")(_compiles)


class FactPhrases(Located):
    fact: str
    mood: bool = Field(default=True, description="Negations and hypotheticals before a phrase apply to it.")
    phrases: list[Phrase] = Field(min_length=1)


class MilestoneName(Located):
    words: str = Field(description="A regular expression on whole words naming one milestone ('m1', 'the first "
                                   "milestone').")
    key: str = Field(description="Which milestone: names with the same key name the same milestone.")

    _check = field_validator("words")(_compiles)


class OtherMilestones(Located):
    """A story that names several milestones ("M1 was released; M2 is funded and submitted"): what a mention
    says of the milestone named just before it is not said of the one whose money is still at stake."""

    names: list[MilestoneName] = Field(min_length=1)
    facts: list[str] = Field(min_length=1, description="Facts a mention states only of the milestone named just "
                                                       "before it, when another milestone's money is at stake.")
    at_stake: dict[str, list[Scalar]] = Field(
        min_length=1, description="Facts whose values, stated of another milestone or of none named, say that "
                                  "milestone's money is still at stake.")
    reach: int = Field(default=60, ge=1, description="How many characters back, in the same sentence, a "
                                                     "milestone's name reaches a mention.")


class Implication(Located):
    """What a stated fact implies about the same milestone ("released" implies "funded")."""

    when: dict[str, Scalar] = Field(min_length=1)
    then: dict[str, Scalar] = Field(min_length=1)
    overrides: bool = Field(
        default=False,
        description="A hard rule: replaces what the message states (an unfunded milestone was never released, so "
                    "'paid' spoke of another milestone). Applied before the other implications.",
    )
    exclusive: bool = Field(
        default=False,
        description="It holds both ways: a later statement of another value of a `then` fact takes the `when` facts "
                    "away (escrow exists only on fixed-price, so 'actually it was hourly' drops 'the escrow').",
    )

    def holds(self, facts: Mapping[str, Scalar]) -> bool:
        """Every `when` fact has its value among `facts`."""
        return all(facts.get(name) == value for name, value in self.when.items())


class Replies(Located):
    """How members answer a question in a word or a short sentence (knowledge/language/replies.yaml)."""

    yes: list[str] = Field(default_factory=list, description="Whole replies, or their first words, meaning yes.")
    no: list[str] = Field(default_factory=list, description="Whole replies, or their first words, meaning no.")
    subjects: list[str] = Field(
        default_factory=list, description="Who a short answer speaks of: 'he' in 'he did', 'it' in 'it was not'.")
    auxiliaries: list[str] = Field(
        default_factory=list,
        description="Verbs a short answer repeats from the question: 'did' in 'i did not' (yes, or no if negated).")
    promises: list[str] = Field(
        default_factory=list,
        description="Auxiliaries that speak of what may happen, not what did: 'he will fund it' is no yes to 'was it "
                    "funded?' (it is asked again); negated, they still say no ('he won't').")
    negators: list[str] = Field(
        default_factory=list,
        description="Words that negate what follows them in a reply: 'not finished' rules out 'finished'.")
    unsure: list[str] = Field(
        default_factory=list, description="Replies that begin with these mean 'I don't know' ('no clue', 'dunno').")
    hedges: list[str] = Field(
        default_factory=list,
        description="Softeners ('I think', 'probably'): an answer with one is asked back, to take it or "
                    "to say 'I don't know'.")
    doubting: list[str] = Field(
        default_factory=list, description="Hedges that doubt what follows them: 'I don't think he did' is a hedged "
                                          "no, not a hedged yes.")
    about: list[str] = Field(default_factory=list, description="'about 10 days': the number, as said.")
    more_than: list[str] = Field(default_factory=list, description="'more than 14 days', 'over 2 weeks'.")
    at_least: list[str] = Field(default_factory=list, description="'at least 15 days'; a trailing '+' also.")
    less_than: list[str] = Field(default_factory=list, description="'less than 10 days', 'under a week'.")
    almost: list[str] = Field(default_factory=list, description="'almost two weeks': just under the number.")
    corrections: list[str] = Field(
        default_factory=list,
        description="Replies that begin with these correct an earlier fact ('actually', 'I meant').")
    thanks: list[str] = Field(default_factory=list, description="Replies that only thank ('thanks!', 'cheers').")
    none_of_these: list[str] = Field(
        default_factory=list, description="A whole reply saying no choice fits ('none of those'): a choice with "
                                          "the id 'none' where the question has one, else 'I don't know'.")
    acknowledgements: list[str] = Field(
        default_factory=list, description="Replies that only acknowledge ('ok', 'got it'): alone they close like "
                                          "thanks, but before a question they are no thanks to answer.")
    vocabulary: list[str] = Field(
        default_factory=list,
        description="More words a misspelt reply is corrected to ('aproved' → 'approved'), besides the words "
                    "above and the choices' labels and synonyms.")


class LanguageFile(Located):
    routing: Routing | None = None
    replies: Replies | None = Field(default=None, description="Word lists for typed replies to a question.")
    answers: list[FactPhrases] = Field(
        default_factory=list,
        description="Phrasings read only in replies to a question or in corrections ('almost done' → part of "
                    "it, 'I did submit it'), on top of the opening phrasings under `facts`.")
    facts: list[FactPhrases] = Field(default_factory=list)
    negators: list[str] = Field(default_factory=list, description="Words that negate a phrase just after them.")
    implies: list[Implication] = Field(
        default_factory=list, description="Facts filled from others when the message does not state them."
    )
    hypotheticals: list[str] = Field(
        default_factory=list, description="Words that make a phrase just after them not a fact ('was going to')."
    )
    other_milestones: OtherMilestones | None = Field(
        default=None, description="Milestones named apart in one story: a release told of the first is not one of "
                                  "the second, still in escrow.")
    openers: list[str] = Field(
        default_factory=list,
        description="Regular expressions on the words that open a clause and make it a question or a condition, "
                    "however far into it a phrase stands: 'should I give him a full refund?', 'if the client "
                    "doesn't release it'. A subordinate clause inside ('…though he released it') still states facts.",
    )
    spelling: list[str] = Field(
        default_factory=list,
        description="Words a misspelling is corrected to before reading ('clinet' → 'client'): one slip away, "
                    "same first letter, five letters or more, and not a form of a listed word.",
    )
    real_words: list[str] = Field(
        default_factory=list,
        description="Real words one slip from a word of `spelling`, read as themselves ('a shopify store' is not a "
                    "score): never corrected, and never a correction of another word.",
    )
    shorthand: dict[str, str] = Field(
        default_factory=dict,
        description="Forum shorthand read as the word it stands for before reading ('fl' → 'freelancer', "
                    "'ms' → 'milestone'): whole words only.",
    )
