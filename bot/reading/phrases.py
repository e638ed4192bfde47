"""The pattern reader: YAML phrasings in, a Reading (tree, facts, evidence) out."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache, partial
from operator import itemgetter
from typing import NamedTuple

from bot.pack.language import FactPhrases, Implication, OtherMilestones, Routing
from bot.pack.loading import Knowledge
from bot.pack.model import Fact, Scalar
from bot.reading import numbers
from bot.reading.model import Evidence, Reading
from bot.reading.scanning import Index, Phrase, Scan, whole_words
from bot.reading.spelling import Speller

# A mention's clause starts after the last clause break before it (matched from the end: one backtracking pass).
# a spaced dash breaks a clause too, and a closing parenthesis ends an aside: "(no shipping rules) and then just
# stopped replying" is not negated by the aside's "no"
_LAST_CLAUSE_BREAK = re.compile(r"(?s:.*)(?:[.,;!?)]|\bbut\b| [-–—]+ )")
_SENTENCE_END = re.compile(r"[.!?;]")  # a milestone's name reaches no further back than its sentence
# where a clause ends, or a new one begins with its subject ("the first milestone was paid I added milestone 2")
_CLAUSE_BREAK = re.compile(r"[.,;:!?()]| [-–—]+ |\b(?:and|but|then|i|we|he|she|they)\b")
_OBJECT_REACH = 20  # characters after a mention where its milestone may be named ("paid the first milestone")
_ON_THE_MENTION = (r"(?:any|a|an|the|single|much|more|use|used|using|add|added|adding|log|logged|logging|have|had|"
                   r"enter|entered|put|record|recorded|bill|billed|track|tracked|need|needed|do|did)")
_WINDOW_WORDS = 4  # how far back a negation or a "was going to" reaches
_CLAUSE_SIGNS = (".", ",", ";", "!", "?", " - ", " – ", " — ")  # with the word "but", as _LAST_CLAUSE_BREAK has them
# "he agreed to a deadline and delivered nothing": a new verb after "and"/"so"/"then" is not in the plan's mood
# "so" as an intensifier ("read so many stories") joins no clause
_SO = r"so(?! (?:many|much|far|long|often|bad|badly|hard|little|few|sure|glad|sorry|upset|tired|worried|confused))"
_AND_SO = re.compile(rf"\b(?:and|{_SO}|then)\b")
# "didn't even notice he funded it": what was not noticed still happened ("think" is left out: "I don't think he
# funded it" says he did not)
_PERCEIVED = r"notice|noticed|realize|realized|realise|realised|know|knew|remember|remembered|see|saw"
# "delivered no work so I ended the contract": a negation does not reach past a word that starts a new clause, nor
# into a relative clause ("doesn't like what I submitted": the dislike is negated, not the submission), nor past
# "in time" that ends its verb's phrase ("i didnt answer in time upwork released the escrow to him"), nor past a new
# subject and its verb in a run-on ("because i didnt respond it was released to him"), unless the negated verb
# thinks, says or wants it ("I don't think he released it" says he did not), or the negation is the subject's own,
# put before it by a question ("why haven't I been paid?")
# The subjects a mention may lead with: the pronouns, and the two parties ("can the client cancel…?" asks, as "can he
# cancel…?" does, whichever word the phrase starts from).
_SUBJECT_LEADS = re.compile(r"(he|she|they|it|i|we|(?:the |my |a |an )?(?:client|freelancer|buyer|seller)) ")
_NOT_SAYING = "".join(rf"(?<!{verb} )" for verb in ("think", "believe", "guess", "suppose", "say", "said", "feel",
                                                       "expect", "mean", "sure", "claim", "claimed", "want", "wanted",
                                                       "need", "hope", "wish", "like", "let", "make", "have", "had",
                                                       # a question's inversion: "why haven't I been paid?"
                                                       "haven't", "havent", "hasn't", "hasnt", "hadn't", "didn't",
                                                       "didnt", "doesn't", "doesnt", "don't", "dont", "isn't", "isnt",
                                                       "wasn't", "wasnt", "won't", "wont"))
_RUN_ON_VERB = (r"(?:was|were|is|got|has|had|have|did|just|then|already|also|still|finally|actually|\w+ed|paid|sent|"
                r"gave|made|left|took|put|went|came|told|found|built|wrote)\b")
_NEW_CLAUSE = re.compile(rf"\b(?:{_SO}|then|because|since|what|which|that|{_PERCEIVED}|in time|on time)\b"
                         rf"|{_NOT_SAYING}\b(?:he|she|they|it|i|we)(?= {_RUN_ON_VERB}|$)")  # $: the mention is the verb
# a question's own opener right before its verb ("can i"), not a condition's ("unless i refund" tells a demand) nor a
# "how do i…" (which tells what the member wants)
_LAST_TWO_WORDS = re.compile(r"(?<!how )(?<!where )(?<!when )(?<!why )(?<!what )(?<!who )\b(?!if |unless |whether )"
                             r"(\S+ \S+) $")
# An opener ("should i", "if the client") reaches the question's own verb, a few words on ("should i give him a full
# refund"), not a fact told further into the clause ("can the client take back the money he released").
_OPENER_WORDS = 5
# ...or further, to a second verb of the same question joined by "and"/"or" ("can i submit it in the contract and
# open a dispute?"): the second verb is asked as much as the first.
_COORDINATED_WORDS = 12
_COORDINATORS = (" and ", " or ", " and then ", " and just ", " or just ")
# "no it's still in escrow", "no i am the client": a "no" before a clause's subject answers something; it does
# not negate the clause ("no escrow", "no one" still do)
_ANSWER_NO = re.compile(r"\bno (?=(?:it'?s|it|he|she|they|i|i'?m|im|we|you|that'?s|that|this|there)\b)")
_OPENER_REACH = 80  # characters: where the clause of a mention is looked for
# "should I dispute though he released it?": a subordinate clause inside a question states its facts
_EMBEDDED = re.compile(r"\b(?:that|though|although|because|since|after|when|while|now|as)\b")


def normalise(text: str) -> str:
    """Lower case, one space between words, and quotation marks and chat emphasis dropped ("an email 'chargeback
    notice'", 'he "moved" it', "a **refund**"): only an apostrophe inside a word ("didn't") stays."""
    lowered = text.lower().replace("’", "'").replace("‘", "'").replace('"', " ").replace("“", " ").replace("”", " ")
    if "*" in lowered or "_" in lowered or "~" in lowered or "`" in lowered:
        lowered = _EMPHASIS.sub(" ", lowered)
    return " ".join(_QUOTATION_MARK.sub(" ", lowered).split())


_QUOTATION_MARK = re.compile(r"(?<!\w)'|'(?!\w)")
_EMPHASIS = re.compile(r"[*~`]+|(?<![^\W_])_+|_+(?![^\W_])")  # "**refund**", "__all__": chat markup, not words


def _any_of(words: list[str]) -> re.Pattern[str] | None:
    """One pattern for a list of words: a single search per window instead of one per word."""
    return re.compile(whole_words("|".join(re.escape(w) for w in words))) if words else None


@dataclass(frozen=True)
class _Rule:
    fact: Fact
    phrase: Phrase
    value: Scalar | None
    capture: bool
    mood: bool
    when: dict[str, Scalar]
    where: str  # file:line, shown as the evidence's rule
    rank: int = 0
    # Its own words say "not" ("i don't need the freelancer anymore"): a negation inside a match is meant, not a flip.
    says_no: bool = False
    left_of: int | None = None  # a count captured is what is left of this many (Phrase.left_of)
    exceeds: bool = False  # states its value only when its last number is more than its first (Phrase.exceeds)


@dataclass(frozen=True)
class _Signal:
    tree: str
    phrase: Phrase | None
    facts: dict[str, Scalar]
    weight: float

    def matches(self, scan: Scan, facts: dict[str, Scalar]) -> bool:
        if self.phrase is not None:
            return bool(scan.matches(self.phrase))
        return all(facts.get(name) == value for name, value in self.facts.items())


class _Found(NamedTuple):
    """A mention of a fact; its Evidence is made only for the mentions that are kept."""

    start: int
    end: int
    rank: int
    value: Scalar
    words: str
    rule: _Rule

    def evidence(self) -> Evidence:
        rule = self.rule
        where = rule.where + (f" (as {_show(rule.when)} was said)" if rule.when else "")
        return Evidence(fact=rule.fact.id, value=self.value, words=self.words, rule=where, weak=rule.rank < 0,
                        rests_on=list(rule.when))


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _last_exceeds_first(words: str) -> bool:
    numbers_said = [float(n) for n in _NUMBER.findall(words.replace(",", ""))]
    return len(numbers_said) >= 2 and numbers_said[-1] > numbers_said[0]


def _within(mention: _Found, other: _Found | None) -> bool:
    """The mention lies inside the other's words (or is them)."""
    return other is not None and other.start <= mention.start and mention.end <= other.end


class _Mention(NamedTuple):
    """A phrase's match for a fact, before what it states (is it a plan? negated?) is worked out."""

    start: int
    end: int
    rank: int
    rule: _Rule
    match: re.Match[str]


# Made without NamedTuple's __new__, a Python call: a read makes hundreds.
_found, _mention = partial(tuple.__new__, _Found), partial(tuple.__new__, _Mention)


class PatternReader:
    def __init__(self, routing: Routing, signals: list[_Signal], fits: dict[str, dict[str, list[Scalar]]],
                 rules: list[_Rule], implications: list[Implication], negators: list[str], hypotheticals: list[str],
                 speller: Speller | None = None, openers: list[str] | None = None,
                 milestones: OtherMilestones | None = None):
        self.routing, self.signals, self.fits, self.implications = routing, signals, fits, implications
        self.milestones = milestones
        # scanned with the rest, so that finding them costs what finding any phrase does
        self._milestone_names = [(_phrase(name.words), name.key) for name in milestones.names] if milestones else []
        self.negators = _any_of(negators)
        if self.negators:
            rules = [replace(r, says_no=True) if self.negators.search(r.phrase.pattern.pattern) else r for r in rules]
        self.plain_rules = [r for r in rules if not r.when]
        self.conditional_rules = [r for r in rules if r.when]
        self.hypotheticals = _any_of(hypotheticals)
        self.openers = re.compile(rf"(?:{'|'.join(openers)})(?![\w'])") if openers else None
        # The same few words come before many mentions: what they say is worked out once for each.
        self._negated = lru_cache(maxsize=4096)(self._says_no)
        self._mood = lru_cache(maxsize=4096)(self._mood_of)
        negation = rf"(?:^|\s)(?:{'|'.join(re.escape(w) for w in negators)})\s+"
        self._right_before = re.compile(rf"{negation}(?:(?:a|an|the|on|on an?)\s+)?$") if negators else None
        self._negated_right_before = lru_cache(maxsize=4096)(self._says_no_right_before)
        # "no manual time", "didn't add any manual time"; not "won't pay for manual hours" (the "no" is the paying's)
        self._close = re.compile(rf"{negation}(?:{_ON_THE_MENTION}\s+){{0,2}}$") if negators else None
        self.speller = speller
        phrases = [r.phrase for r in rules] + [s.phrase for s in signals if s.phrase is not None] + [
            phrase for phrase, _ in self._milestone_names]
        self.index = Index(phrases)
        self._rules_for = lru_cache(maxsize=None)(self._rules_bearing_on)
        # per list of rules (the plain, the conditional, those bearing on one fact): its rules by phrase
        self._rule_indexes: dict[int, tuple[list[_Rule], dict[Phrase, list[tuple[int, _Rule]]],
                                            list[tuple[int, _Rule]]]] = {}
        # A turn reads its message more than once (what it says, what it waits on, again per answer): the
        # scan depends on the words alone, so the last few are kept.
        self._scan = lru_cache(maxsize=16)(self._scan_text)

    def resting_on(self, text: str) -> frozenset[str]:
        """The facts a phrase found in the text assumes (its `when`): changing one may change what it says."""
        scan = self._scan(text, self.index)  # kept for the text: its matches are worked out once for both uses
        return frozenset(name for rule in self.conditional_rules
                         if next(iter(scan.matches(rule.phrase)), None) is not None for name in rule.when)

    def waiting_on(self, text: str, known: Mapping[str, Scalar]) -> frozenset[str]:
        """Facts not known that a phrase found in the text assumes: the text says more once they are."""
        return self.resting_on(text).difference(known)

    def read(self, text: str, known: Mapping[str, Scalar] | None = None) -> Reading:
        """What the text says. `known`: the conversation's facts so far, which a phrase's `when` may rest on
        ("he wants a refund" in a later message, after "he released it" in the first: released money)."""
        scan = self._scan(text, self.index)
        facts, evidence = self._facts(scan, known or {})
        scores = self._scores(scan, facts)
        return Reading(tree=self._route(scores, facts), tree_scores=scores, facts=facts, evidence=evidence)

    def stated(self, text: str, fact: str) -> Scalar | None:
        """What the message's own words say of `fact`, as `read` finds it (an implied value is not stated).
        Only the phrases its reading can depend on are scanned for: a reply answers one question."""
        plain_rules, conditional_rules, index = self._rules_for(fact)
        evidence = self._stated_evidence(self._scan(text, index), plain_rules, conditional_rules)
        found = next((e for e in evidence if e.fact == fact and not e.rule.startswith("implication")), None)
        return None if found is None or found.weak else found.value  # a guess decides nothing in a reply

    def _scan_text(self, text: str, index: Index) -> Scan:
        said = normalise(text)
        if self.speller:
            said = self.speller.correct(said)
        return index.scan(said)

    def _rules_bearing_on(self, fact: str) -> tuple[list[_Rule], list[_Rule], Index]:
        """The plain and the conditional rules for `fact` and for every fact a `when` of them names, or an
        overriding implication that can take the stated value of one of them away, and so on. The weakest
        phrases for `fact` itself (rank below 0: "client" named as the other party) are read too, as a longer
        guess outweighs a phrase inside it ("submitted his requirements"), but `stated` says nothing where one
        decides: in a reply to the question on that fact, naming a value is giving it ("freelancer here")."""
        bearing = {fact}
        while True:
            named = {name for rule in self.conditional_rules if rule.fact.id in bearing for name in rule.when}
            named |= {name for implication in self.implications if implication.overrides
                      and bearing & implication.then.keys() for name in implication.when}
            # what is at stake elsewhere sets a mention of a milestone's fact apart (`_set_apart`): read it too,
            # for this fact or one its reading rests on ("wants his money back" after "M1 released")
            if self.milestones and bearing & set(self.milestones.facts):
                named |= self.milestones.at_stake.keys()
            if named <= bearing:
                break
            bearing |= named
        plain_rules = [r for r in self.plain_rules if r.fact.id in bearing]
        conditional_rules = [r for r in self.conditional_rules if r.fact.id in bearing]
        apart = self.milestones is not None and bool(bearing & set(self.milestones.facts))
        names = [phrase for phrase, _ in self._milestone_names] if apart else []
        return plain_rules, conditional_rules, Index([*(r.phrase for r in plain_rules + conditional_rules), *names])

    # --- routing ---------------------------------------------------------------------------

    def _scores(self, scan: Scan, facts: dict[str, Scalar]) -> dict[str, float]:
        scores: dict[str, float] = {}
        for signal in self.signals:
            if signal.matches(scan, facts):
                scores[signal.tree] = scores.get(signal.tree, 0.0) + signal.weight
        return {tree: score for tree, score in sorted(scores.items(), key=lambda kv: -kv[1]) if score > 0}

    def _route(self, scores: dict[str, float], facts: dict[str, Scalar]) -> str | None:
        ranked = [(tree, score) for tree, score in scores.items() if self._fits(tree, facts)]
        if not ranked or ranked[0][1] < self.routing.threshold:
            return None  # says too little: ask the situation question instead of guessing
        if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < self.routing.margin:
            return None  # two situations fit about as well: ask
        return ranked[0][0]

    def route(self, scores: dict[str, float], facts: dict[str, Scalar]) -> str | None:
        """The tree for these scores, given every fact known (a conversation's, not one message's)."""
        return self._route(scores, facts)

    def tree_fits(self, tree: str, facts: dict[str, Scalar]) -> bool:
        return self._fits(tree, facts)

    def _fits(self, tree: str, facts: dict[str, Scalar]) -> bool:
        """False when the message states a value the tree's outcomes were not written for."""
        return all(facts[name] in values for name, values in self.fits.get(tree, {}).items() if name in facts)

    # --- facts -----------------------------------------------------------------------------

    def _facts(self, scan: Scan, known: Mapping[str, Scalar]) -> tuple[dict[str, Scalar], list[Evidence]]:
        evidence = self._stated_evidence(scan, self.plain_rules, self.conditional_rules, known)
        stated = {e.fact: e.value for e in evidence}
        facts = dict(stated)
        for implication in (i for i in self.implications if not i.overrides):  # from stated facts, never chained
            if implication.holds(stated):
                then = {name: value for name, value in implication.then.items() if name not in facts}
                facts.update(then)
                evidence += self._implied(implication, then)
        return {e.fact: e.value for e in evidence}, evidence

    def _stated_evidence(self, scan: Scan, plain_rules: list[_Rule], conditional_rules: list[_Rule],
                         known: Mapping[str, Scalar] | None = None) -> list[Evidence]:
        """The mentions that decide each fact, then the hard implications over them. A `when` holds on what
        this text states, or else on what was `known` before it."""
        plain = self._set_apart(scan, self._best(scan, plain_rules, {}))  # before a `when` rests on them
        found = dict(plain)
        # A `when` may rest on a fact another `when` states ("the escrow went to him", to a client: released; then
        # "how do I get my money back" is of released money): a second pass reads them on the first's facts.
        stated: dict[str, Scalar] | None = None
        for _ in range(2):
            resting_on = {**(known or {}), **{fact: f.value for fact, f in found.items()}}
            if resting_on == stated:
                break  # the first pass stated nothing new to rest on: a second would read the same
            stated = resting_on
            # `when` never overrides a plain phrase, except one within its own words: to a client, "he closed the
            # contract" is the freelancer, whatever the plain "(he) closed the contract" says of it.
            conditional = self._best(scan, conditional_rules, stated)
            found = {**conditional, **{fact: f for fact, f in plain.items() if not _within(f, conditional.get(fact))}}
        found = self._set_apart(scan, found)
        evidence = [f.evidence() for f in sorted(found.values(), key=lambda f: f.start)]
        for implication in (i for i in self.implications if i.overrides):  # hard rules first
            stated = {e.fact: e.value for e in evidence}
            if implication.holds(stated):
                evidence = [e for e in evidence if e.fact not in implication.then]
                evidence += self._implied(implication, implication.then)
        return evidence

    def _set_apart(self, scan: Scan, found: dict[str, _Found]) -> dict[str, _Found]:
        """Without what a mention says of a milestone named apart, when another milestone's money is at stake:
        in "the first two milestones were released… my last one is in dispute", nothing was released of the last."""
        milestones = self.milestones
        if milestones is None or not any(name in found for name in milestones.facts):
            return found
        said = scan.said
        names = [(match.start(), key) for phrase, key in self._milestone_names for match in scan.matches(phrase)]
        if len({key for _, key in names}) < 2:
            return found  # one milestone named, or none: the story is of that one

        def reaches(at: int, start: int) -> bool:
            """A name reaches a mention within reach, in its sentence, and not out of a parenthesis it stands in
            ("the $1500 milestone (the $500 M1 was released) is in mediation": the mediation is not M1's)."""
            in_parenthesis = said.rfind("(", 0, at) > said.rfind(")", 0, at)
            return start - milestones.reach <= at < start and not _SENTENCE_END.search(said, at, start) \
                and not (in_parenthesis and ")" in said[at:start])

        def named(start: int, end: int) -> str | None:
            """The milestone a mention tells of: one named in its own words ("a request to refund the M2 escrow"),
            or right after it, as its object ("paid M1"), else the one named last before it that reaches it ("M1
            was paid")."""
            after = [(at, key) for at, key in names if start <= at <= end + _OBJECT_REACH
                     and not _CLAUSE_BREAK.search(said, end, at)]
            if after:
                return min(after)[1]
            before = [(at, key) for at, key in names if reaches(at, start)]
            return max(before)[1] if before else None

        def apart(mention: _Found) -> bool:
            key = named(mention.start, mention.end)
            return key is not None and any(
                (other := found.get(name)) is not None and other.value in values
                and named(other.start, other.end) != key
                for name, values in milestones.at_stake.items())

        return {fact: f for fact, f in found.items() if fact not in milestones.facts or not apart(f)}

    @staticmethod
    def _implied(implication: Implication, then: dict[str, Scalar]) -> list[Evidence]:
        because = _show(implication.when)
        return [Evidence(fact=name, value=value, words=f"(implied by {because})",
                         rule=f"implication at line {implication.line}", rests_on=list(implication.when))
                for name, value in then.items()]

    def _best(self, scan: Scan, rules: list[_Rule], stated: dict[str, Scalar]) -> dict[str, _Found]:
        """Per fact, the highest-ranked phrase, then the last mention ("funded… but not the fourth"), or for
        money the largest amount; a phrase inside a longer one for the same fact gives way to it ("funded"
        inside "before the client funded it")."""
        mentions: defaultdict[str, list[_Mention]] = defaultdict(list)
        for rule in self._candidates(scan, rules):
            if rule.when and any(stated.get(name) != value for name, value in rule.when.items()):
                continue
            for match in scan.matches(rule.phrase):
                mentions[rule.fact.id].append(_mention((match.start(), match.end(), rule.rank, rule, match)))
        best: dict[str, _Found] = {}
        for fact, found in mentions.items():
            money = found[0].rule.fact.type == "money"
            deciding = self._largest(found, scan.said) if money else self._deciding(found, scan.said)
            if deciding is not None:
                best[fact] = deciding
        return best

    def _candidates(self, scan: Scan, rules: list[_Rule]) -> list[_Rule]:
        """The rules whose phrase may match in the scanned message, in the rules' own order (among equal mentions
        the earlier rule wins): a message starts few of the hundreds of phrases, so the rest are never tried."""
        index = self._rule_indexes.get(id(rules))
        if index is None or index[0] is not rules:
            placing: defaultdict[Phrase, list[tuple[int, _Rule]]] = defaultdict(list)
            anywhere: list[tuple[int, _Rule]] = []
            for position, rule in enumerate(rules):
                (anywhere if rule.phrase.leads is None else placing[rule.phrase]).append((position, rule))
            index = self._rule_indexes[id(rules)] = (rules, dict(placing), anywhere)
        _, by_phrase, anywhere = index
        placed = [*anywhere, *(found for phrase in scan.started if phrase in by_phrase for found in by_phrase[phrase])]
        placed.sort(key=_FIRST)
        return [rule for _, rule in placed]

    def _deciding(self, found: list[_Mention], said: str) -> _Found | None:
        """The highest-ranked, then the last, mention that states a value and is not strictly inside another
        that does. What a mention states is worked out from the likeliest down, only as far as it decides (a
        long message mentions a fact many times, and the last of them mostly decides)."""
        # sorted() keeps the order of equal keys, so that among equals the earlier phrase wins, as max() would.
        ordered = sorted(found, key=_RANK_START_END, reverse=True)
        values: dict[int, Scalar | None] = {}  # by place in `ordered`

        def value(index: int) -> Scalar | None:
            if index not in values:
                values[index] = self._value(ordered[index].rule, ordered[index].match, said)
            return values[index]

        for index, mention in enumerate(ordered):
            if value(index) is None or any(
                    other.start <= mention.start and mention.end <= other.end
                    and (other.start != mention.start or other.end != mention.end) and value(i) is not None
                    for i, other in enumerate(ordered)):
                continue
            return _found((mention.start, mention.end, mention.rank, values[index], mention.match[0], mention.rule))
        return None

    def _largest(self, found: list[_Mention], said: str) -> _Found | None:
        """For money, the largest amount named that is not inside another ("he paid $100 of the $400": the
        amount at stake is the largest), of the highest rank: every amount is read."""
        stating = [_found((m.start, m.end, m.rank, value, m.match[0], m.rule)) for m in found
                   if (value := self._value(m.rule, m.match, said)) is not None]
        return max(_outermost(stating), key=lambda f: (f.rank, float(f.value), f.start)) if stating else None

    def _value(self, rule: _Rule, match: re.Match[str], said: str) -> Scalar | None:
        planned, negated = self._mood(_words_before(said, match.start(), match[0])) if rule.mood else (False, False)
        if not rule.mood and rule.fact.type == "choice":  # read regardless of mood, but "not hourly" is no choice
            start = match.start()
            negated = self._negated_right_before(said[max(0, start - 40):start]) and not (
                start >= 3 and _ANSWER_NO.match(said, start - 3))  # "no i'm the client"
        if rule.mood and not planned and self.openers:
            planned = self._in_question(said, match.start())
        if planned:
            return None  # "he was going to release it" states nothing yet
        if rule.capture:
            # the first group that took part: a phrase's alternatives may each capture the value in its own group
            words = next((group for group in match.groups() if group is not None), match[0])
            if rule.fact.type == "money":
                return numbers.money(words)
            told = numbers.number(words, rule.fact.unit)
            return told if rule.left_of is None or told is None else max(rule.left_of - told, 0)
        if rule.exceeds and not _last_exceeds_first(match[0]):
            return None  # "a 20 hour limit, I logged 18": within it
        if rule.mood and rule.value is True and not rule.says_no and " " in match[0]:  # "delivered no work"
            negated = negated or self._negated(match[0].split(" ", 1)[1])
        if not negated or (rule.value is False and rule.says_no):  # "hasn't released" is not flipped back
            return rule.value
        if rule.value is False and not self._negated_close(said[max(0, match.start() - 40):match.start()]):
            return rule.value  # a "no" two words back or closer turns "manual time"; "don't get paid for …" does not
        if rule.fact.type == "yes_no" and isinstance(rule.value, bool):
            return not rule.value  # "hasn't released" flips "released"
        return None

    def _negated_close(self, before: str) -> bool:
        """A negator at most two words before a mention: "no manual time", "didn't add any manual time"."""
        return bool(before and self._close and self._close.search(before))

    def _says_no_right_before(self, before: str) -> bool:
        """A negator just before a mention, an article at most between: "not hourly", "isn't a fixed price"."""
        return bool(before and self._right_before and self._right_before.search(before))

    def _says_no(self, words: str) -> bool:
        return bool(words and self.negators and self.negators.search(_ANSWER_NO.sub("", words)))

    def _mood_of(self, words_before: str) -> tuple[bool, bool]:
        """Whether the words before a mention, in its clause, make it a plan ("was going to"), and whether
        they negate it."""
        last_break = _LAST_CLAUSE_BREAK.match(words_before)  # a break further back leaves all the words
        window = " ".join(words_before[last_break.end():].split()) if last_break else words_before
        planned = bool(window and self.hypotheticals and self.hypotheticals.search(_AND_SO.split(window)[-1]))
        return planned, self._says_no(_NEW_CLAUSE.split(window)[-1])

    def _in_question(self, said: str, start: int) -> bool:
        """Whether a mention stands in a clause opened as a question or a condition ("should i give him a full
        refund"), not in a clause of its own inside one ("should i dispute though he released it")."""
        reach = max(0, start - _OPENER_REACH)
        after_sign = max((at + len(sign) for sign in _CLAUSE_SIGNS if (at := said.rfind(sign, reach, start)) >= 0),
                         default=None)
        but = said.rfind(" but ", reach, start)
        if after_sign is None and but < 0 and reach:
            return False  # the clause started further back than an opener reaches
        begins = max(after_sign or 0, but + len(" but") if but >= 0 else 0)
        opener = self.openers.match(said, begins + (said[begins:begins + 1] == " ")) if self.openers else None
        if opener is None or opener.end() > start:
            # no opener at the clause's start, or one the mention itself begins with ("should i refund"); the
            # question may still open right before it, after a condition of its own ("if he doesn't pay can i open
            # a dispute?")
            last_two = _LAST_TWO_WORDS.search(said, max(begins, start - 30), start)
            return bool(last_two and self.openers and self.openers.fullmatch(last_two[1]))
        words_between = said.count(" ", opener.end(), start) - 1
        if words_between > _OPENER_WORDS and not (
                words_between <= _COORDINATED_WORDS and said.endswith(_COORDINATORS, 0, start)):
            return False  # an opener too far back, unless the mention is the question's second verb
        return not _EMBEDDED.search(said, opener.end(), start)


def _words_before(said: str, start: int, mention: str = "") -> str:
    """The four words before a mention, from the last 120 characters at most, and the mention's own subject where it
    leads with one ("he released it"): a negation before that subject is another clause's (see _NEW_CLAUSE)."""
    words = " ".join(said[max(0, start - 120):start].rsplit(None, _WINDOW_WORDS)[-_WINDOW_WORDS:])
    subject = _SUBJECT_LEADS.match(mention)
    return f"{words} {subject[1]}" if subject and words else words


_FIRST = itemgetter(0)
_START, _END, _RANK_START_END = itemgetter(0), itemgetter(1), itemgetter(2, 0, 1)  # of a _Found (or a _Mention)


def _outermost(found: list[_Found]) -> list[_Found]:
    """The mentions not strictly inside another: one sweep by start (a long message has hundreds of mentions)."""
    spans = sorted(sorted(found, key=_END, reverse=True), key=_START)  # by start, the longer first
    kept: list[_Found] = []
    reach, reach_start = -1, -1  # the furthest end so far, and where the span that reached it starts
    for f in spans:
        if f.end <= reach and (f.end != reach or f.start != reach_start):
            continue  # inside an earlier, longer (or same-start, longer) mention
        kept.append(f)
        if f.end > reach:
            reach, reach_start = f.end, f.start
    return kept


def _show(facts: dict[str, Scalar]) -> str:
    return ", ".join(f"{name}={value}" for name, value in facts.items())


def build_reader(knowledge: Knowledge, replies: bool = False) -> PatternReader | None:
    """The reader for a loaded (so checked) pack, or None when it has no language files (the bot then asks).
    With `replies`, it also reads the phrasings meant for replies to a question (`answers:`)."""
    if not knowledge.language:
        return None
    routing = Routing()
    signals: list[_Signal] = []
    fits: dict[str, dict[str, list[Scalar]]] = {}
    rules: list[_Rule] = []
    negators: list[str] = []
    implications: list[Implication] = []
    hypotheticals: list[str] = []
    openers: list[str] = []
    spelling: list[str] = []
    real_words: list[str] = []
    shorthand: dict[str, str] = {}
    milestones: OtherMilestones | None = None
    for placed in knowledge.language:
        language, shown = placed.item, placed.file
        milestones = language.other_milestones or milestones
        negators += language.negators
        hypotheticals += language.hypotheticals
        openers += language.openers
        spelling += language.spelling
        real_words += language.real_words
        shorthand |= language.shorthand
        implications += language.implies
        if language.routing:
            routing = language.routing
            for entry in language.routing.trees:
                fits[entry.tree] = entry.fits
                signals += [_Signal(entry.tree, _phrase(signal.words) if signal.words is not None else None,
                                    signal.facts, signal.weight) for signal in entry.signals]
        for entry in (*language.facts, *(language.answers if replies else ())):
            rules += _rules(entry, knowledge.facts[entry.fact], shown)
    speller = Speller(spelling, shorthand, real_words) if spelling or shorthand else None
    return PatternReader(routing, signals, fits, rules, implications, negators, hypotheticals, speller, openers,
                         milestones)


@lru_cache(maxsize=16)
def reader_for(knowledge: Knowledge) -> PatternReader | None:
    """One reader per loaded pack version (a Knowledge is hashed by identity), built on first use."""
    return build_reader(knowledge)


@lru_cache(maxsize=16)
def reply_reader_for(knowledge: Knowledge) -> PatternReader | None:
    """The reader of replies and corrections: the opening phrasings and those meant for replies."""
    return build_reader(knowledge, replies=True)


def prepare_readers(knowledge: Knowledge) -> None:
    """Build both readers of a pack now (about a second), so that no member's turn waits for them."""
    reader_for(knowledge)
    reply_reader_for(knowledge)


# Rules with the same words (one request, read for each fact that tells which money) share a phrase: a message is
# matched against it once (Scan keeps each phrase's matches).
_phrase = lru_cache(maxsize=4096)(Phrase.of)


def _rules(entry: FactPhrases, fact: Fact, shown: str) -> list[_Rule]:
    rules = []
    for phrase in entry.phrases:
        rules.append(_Rule(fact, _phrase(phrase.words, not phrase.capture), phrase.value, phrase.capture,
                           entry.mood if phrase.mood is None else phrase.mood, phrase.when, f"{shown}:{phrase.line}",
                           phrase.rank, left_of=phrase.left_of, exceeds=phrase.exceeds))
    return rules
