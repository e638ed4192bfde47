"""After guidance: thanks, corrections and follow-up questions, with the conversation's facts kept.

Only `restart` starts over. Thanks get one line; a message that changes a fact re-walks the tree and says
what changed in the advice; a question is answered from another tree, a canonical answer, or the step
of the advice it is about.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Collection
from functools import lru_cache

from bot.conversation import stating
from bot.conversation.deadlines import Calendar, Worked, deadlines_for
from bot.conversation.follow_up_answers import answer_follow_up
from bot.conversation.opening import off_topic
from bot.conversation.points import judge_outcome
from bot.conversation.questions import CHANGE_TYPED
from bot.messages import AnswerCard, Drafts, Guidance, Question, Reply, Text
from bot.pack.answers import words as search_words
from bot.pack.loading import Knowledge
from bot.pack.model import Scalar, any_holds
from bot.reading import numbers
from bot.reading.phrases import PatternReader
from bot.reading.typed import asks_something, control_word, read_reply
from bot.reading.words import ReplyWords, normalise, plain, starts_with, stem
from bot.record import Session

Advance = Callable[[], list[Reply]]
_DAYS_TOLD = re.compile(r"\b(\d+|[a-z]+) (days?|weeks?)\b")
_NOT_THAT = re.compile(r"\bnot \d+\b")
WELCOME_BACK = ("You're welcome. If anything in your situation changes, tell me here (for example “actually it "
                "was hourly”); say **restart** to ask about another situation.")
NOTHING_MORE = ("I don't have more on that. You can ask about a step of the advice, correct a detail (for example "
                "“actually it was hourly”), or say **restart** for another situation.")
_MIN_ANSWER_SCORE = 6.0  # two title words, or a title word and a few tags: below that a hit is a guess
_ANSWERS_WEIGHED = 3  # the best few hits, of which the first written for this member is offered


_ANOTHER = re.compile(r"(?<!mixed it up with )(?<!mixed up with )(?<!confused it with )(?<!confused with )"
                      r"(?<!thinking of )(?<!thought of )"  # "i mixed it up with another job": a correction
                      r"\b(?:another|different|separate) (?:question|client|job|contract|project|problem|situation)\b|"
                      r"\bnew (?:question|problem|situation|contract|job)\b|"  # not "a new client", "a new milestone"
                      r"\b(?:a|another|my) new client (?:wants|asked|asks|is asking|offered|offers|says|said)\b|"
                      r"\bon (?:another|a different|a new|my other) (?:job|contract|project)\b")
NEW_SITUATION = "Another situation, then: I've set the last one aside and read this one afresh."


def another_situation(text: str) -> bool:
    """After the advice, a message about another contract or problem ("another question, different client: …"):
    read afresh, nothing of the last conversation carried over."""
    return bool(_ANOTHER.search(text.lower()))


def is_thanks(text: str, words: ReplyWords) -> bool:
    """Only thanks: "thanks!", "ok thanks, that helps"; not "thanks, but can he still dispute?"."""
    said = plain(normalise(text))
    found = starts_with(said, words.thanks | words.acknowledgements)
    return found is not None and "?" not in text and len(said.split()) - len(found.split()) <= 4 and " but " not in said


def after_guidance(session: Session, knowledge: Knowledge, text: str, words: ReplyWords,
                   reader: PatternReader | None, advance: Advance, calendar: Calendar) -> list[Reply]:
    if is_thanks(text, words):
        return [Text(markdown=WELCOME_BACK)]
    if control_word(text) == "evidence":
        return [checklist(session, knowledge)]
    if control_word(text) == "drafts" or (session.drafts and _WHAT_TO_WRITE.search(text.lower())):
        if not session.drafts:
            return [Text(markdown="This advice came without drafts to send.")]
        return [Drafts(heading=knowledge.pack.drafts_heading, drafts=session.drafts)]
    said = plain(normalise(text))
    thanks = starts_with(said, words.thanks)
    thanked = [Text(markdown="You're welcome.")] if thanks and " but " not in said else []
    tells_a_day = _TELLS_A_DAY.search(said) is not None
    shown = _deadlines(session, knowledge, calendar) if tells_a_day else None  # the facts stand until a correction
    if shown is not None:  # "the request came 2 days ago, so until when?": the day asked for, told with the question
        day_told = _day_told(session, knowledge, text, words, shown, advance)
        if day_told is not None:
            return day_told
    if (stating.is_marked(text, words) or said.startswith(CHANGE_TYPED)) and not _asks(text):
        # "no, it was a chargeback", "change: he never funded it": a correction first, before any answer its words
        # fit ("he also asked to pay via paypal, ok?" asks, and is answered below)
        statement = stating.read(knowledge, text, words, replies=True, known=session.facts)
        if (changes := statement.changes(session)) and not all(knowledge.facts[name].topic for name in changes):
            return _corrected(session, knowledge, stating.Statement(stated=changes, marked=True), advance)
    answered = answer_follow_up(knowledge, text, session.facts, set(session.unknown))
    if answered is not None:  # "what if he refuses?": the pack's answer for this member's side and stage
        return [*thanked, _for_you([j.text for j in answered.points if j.text])]
    shown = _deadlines(session, knowledge, calendar) if shown is None else shown
    dated = _how_long(session, knowledge, text, shown)
    if dated is None and not tells_a_day:  # "3", "Nov 3": the day asked for, not tried above
        dated = _day_told(session, knowledge, text, words, shown, advance)
    if dated is not None:
        return dated
    statement = stating.read(knowledge, text, words, known=session.facts)
    changes = statement.changes(session) or _day_count_corrected(session, knowledge, said, statement)
    if changes and _asks(text):  # "is arbitration worth it for 500?", "he also asked to pay by paypal, ok?":
        changes = {name: value for name, value in changes.items() if knowledge.facts[name].topic}  # asked, not told
        statement = stating.Statement(stated=changes, marked=statement.marked)
    if changes and not statement.stated:
        statement = stating.Statement(stated=changes, marked=True)
    if changes and all(knowledge.facts[name].topic for name in changes):
        # "what about my JSS?": answered, the advice stands
        return _on_topic(session, knowledge, text, changes, _dated_lines(shown))
    if changes:
        return _corrected(session, knowledge, statement, advance)
    tree = statement.tree
    if tree and tree != session.tree and reader and reader.tree_fits(tree, session.facts):
        previous = knowledge.trees[session.tree].title if session.tree else ""
        session.tree, session.done = tree, False
        session.history.append(session.snapshot())
        intro = f"That is another question than “{previous}”; with what you told me:" if previous else ""
        return [*thanked, *([Text(markdown=intro)] if intro else []), *advance()]
    asked = said[len(thanks):] if thanks else text  # "thx. what if…?"
    return [*thanked, *_answer(session, knowledge, asked, _dated_lines(shown))]


def _how_long(session: Session, knowledge: Knowledge, text: str, shown: list[Worked]) -> list[Reply] | None:
    """"How many days do I have left?": the advice's deadlines as of today."""
    if not _HOW_LONG.search(text.lower()):
        return None
    dated = _dated_lines(shown)
    if dated:
        return [Text(markdown="\n".join(f"- {line}" for line in dated))]
    timed = _timed_line(session, knowledge)  # no day told to count from: the advice's own time limit
    return [Text(markdown=f"From the advice above: {timed}")] if timed else None


def _day_told(session: Session, knowledge: Knowledge, text: str, words: ReplyWords, shown: list[Worked],
              advance: Advance) -> list[Reply] | None:
    """The day the advice asked to be told ("Tell me the day the request came…"), when it asked for one: the
    advice again, counted from it. A reply that is only the day ("3 days ago") is read as an answer, else the day
    told in a sentence as an opening tells it ("the request came 2 days ago, so until when?")."""
    asked = {since for w in shown if w.state == "unknown" and (since := knowledge.deadlines[w.deadline].since)}
    if len(asked) != 1:
        return None
    day = asked.pop()
    told = read_reply(knowledge.facts[day], [], text, words)
    value = told.value if told.error is None else \
        stating.read(knowledge, text, words, known=session.facts).stated.get(day)
    if not isinstance(value, int) or isinstance(value, bool):
        return None
    return _corrected(session, knowledge, stating.Statement(stated={day: value}, marked=True), advance)


def _deadlines(session: Session, knowledge: Knowledge, calendar: Calendar) -> list[Worked]:
    return deadlines_for(session.advice, knowledge, session.facts, set(session.unknown), calendar) \
        if session.advice else []


def _dated_lines(shown: list[Worked]) -> list[str]:
    """The advice's deadlines worked out as of today, as the guidance showed them."""
    return [w.text for w in shown if w.text and w.state != "unknown"]


def _advice_lines(session: Session, knowledge: Knowledge) -> list[str]:
    """The lines of the advice shown: its points for this member, then its action."""
    outcome = knowledge.outcome(session.advice)
    if outcome is None:
        return []
    judged = judge_outcome(knowledge, outcome, session.facts, set(session.unknown))
    return [*(j.text for j in judged if j.applies and j.text), outcome.action]


def _timed_line(session: Session, knowledge: Knowledge) -> str | None:
    """The first line of the advice shown that names a time limit ("7 days after the notice")."""
    return next((line for line in _advice_lines(session, knowledge) if _TIME_LIMIT.search(line)), None)


# a day told in words: a bare number after the advice ("worth it for 500?") is no day
_TELLS_A_DAY = re.compile(r"\b(?:ago|yesterday|today|this morning|last night|since|on \d+ \w+|"
                          r"on the \d+(?:st|nd|rd|th)?|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b")
_TIME_LIMIT = re.compile(r"\b(?:\d+|three|five|seven|fourteen)\*{0,2} (?:calendar |business )?days?\b", re.IGNORECASE)
_WHAT_TO_WRITE = re.compile(r"\bwhat (?:do|should|can|could) (?:i|we) (?:write|say|tell|reply|answer|send)\b|"
                            r"\bhow (?:do|should|can) (?:i|we) (?:word|phrase|reply|answer|respond)\b")
_HOW_LONG = re.compile(r"\bhow (?:many|much) (?:more )?(?:days|time)\b|\bhow long (?:do|have|can|until) (?:i|we)\b|"
                       r"\b(?:what|when)(?:'s| is) (?:the|my|our) (?:deadline|last day|due date)\b|\buntil when\b|"
                       r"\bdays? (?:left|remaining)\b|\b(?:am i|are we|is it) (?:already )?too late\b|"
                       r"\bwhat(?:'s| is) the date\b|\bwhich day\b|\bby when\b|"
                       r"\bhow long (?:to|until i must|before i must) (?:respond|answer|reject|reply|decide|pay)\b")


def _asks(text: str) -> bool:
    """A question, or a message whose last sentence is one ("thanks. but can he still leave a bad review?"); after
    the advice, a message ending in a question mark asks, tag questions too ("the other 20 hours are fine, right?")."""
    return text.rstrip().endswith("?") or asks_something(text) or asks_something(_SENTENCES.split(text.strip())[-1])


_SENTENCES = re.compile(r"(?<=[.!?])\s+")


def _day_count_corrected(session: Session, knowledge: Knowledge, said: str,
                         statement: stating.Statement) -> dict[str, Scalar]:
    """"sorry, I meant 30 days", "7 days, not 5" (`said` in plain words): a number of days told as a correction,
    when the advice rests on one day count, is that count."""
    counted = [name for name in session.facts if (fact := knowledge.facts.get(name)) and fact.unit == "days"]
    if len(counted) != 1 or not (statement.marked or _NOT_THAT.search(said)):
        return {}
    told = _DAYS_TOLD.search(said)
    value = numbers.number(told[0], "days") if told else None
    return {counted[0]: value} if value is not None and value != session.facts[counted[0]] else {}


def _on_topic(session: Session, knowledge: Knowledge, text: str, asked: dict[str, Scalar],
              dated: list[str]) -> list[Reply]:
    """A question of the member's own after the advice: the points of that advice it brings in, or failing
    those, the canonical answer it names. The topic is kept, so the advice shown again answers it too."""
    outcome, unknown = knowledge.outcome(session.advice), set(session.unknown)
    if outcome is None:
        return _answer(session, knowledge, text, dated)
    before = {j.point for j in judge_outcome(knowledge, outcome, session.facts, unknown) if j.applies}
    session.facts.update(asked)
    now = [j for j in judge_outcome(knowledge, outcome, session.facts, unknown) if j.applies and j.text]
    added = [j.text for j in now if j.point not in before]
    # asked again ("and if he does leave 1 star anyway?"): the points on that topic, already shown
    on_topic = [j.text for j in now if asked.keys() & knowledge.points[j.point].when.keys()]
    if added or on_topic:
        return [_for_you([text for text in added or on_topic if text])]
    return _answer(session, knowledge, text, dated)


def _for_you(lines: list[str]) -> Text:
    return Text(markdown="On that, for your situation:\n" + "\n".join(f"- {line}" for line in lines))


def checklist(session: Session, knowledge: Knowledge) -> Text:
    """The evidence list of the last guidance, kept with the conversation."""
    if not session.checklist:
        return Text(markdown="This advice came without a list of things to gather.")
    return Text(markdown=f"**{knowledge.pack.evidence_heading}**\n" + "\n".join(f"- {i}" for i in session.checklist))


def _corrected(session: Session, knowledge: Knowledge, statement: stating.Statement,
               advance: Advance) -> list[Reply]:
    before_outcome = session.advice
    old = {name: session.facts.get(name) for name in statement.changes(session)}
    before_points = _points_shown(session, knowledge)
    stating.apply(session, knowledge, statement, confirmed=True)
    stating.reroute(session, knowledge, statement)
    session.done = False
    replies = advance()
    change = _instead(knowledge, old, session.facts)
    guidance = next((r for r in replies if isinstance(r, Guidance)), None)
    before = _title(knowledge, before_outcome)
    if guidance is None:
        asked = any(isinstance(r, Question) for r in replies)
        more = "I need to know a little more:" if asked else ""
        return [Text(markdown=f"Noted: {change}. The advice “{before}” may change. {more}".strip()), *replies]
    if guidance.outcome == before_outcome:
        if _points_shown(session, knowledge) != before_points:  # "my hours are all tracked": its points change
            return [Text(markdown=f"Noted: {change}. The advice is still “{guidance.title}”, now for that:"), *replies]
        same = Text(markdown=f"Noted: {change}. The advice stays the same: “{guidance.title}”.")
        return [same, *_dated(knowledge, guidance, old)]
    return [Text(markdown=f"Noted: {change}. The advice changes from “{before}” to “{guidance.title}”."), *replies]


def _points_shown(session: Session, knowledge: Knowledge) -> set[str]:
    """The points the session's advice shows for its facts as they stand."""
    outcome = knowledge.outcome(session.advice)
    if outcome is None:
        return set()
    judged = judge_outcome(knowledge, outcome, session.facts, set(session.unknown))
    return {j.point for j in judged if j.applies and j.text}


def _dated(knowledge: Knowledge, guidance: Guidance, changed: Collection[str]) -> list[Reply]:
    """The deadlines counted from a day just told ("the request came on 3 Nov"): what the member asked for."""
    counted = {d.id for d in knowledge.deadlines.values() if d.since in changed}
    return [Text(markdown=d.text) for d in guidance.deadlines if d.id in counted]


def _instead(knowledge: Knowledge, old: dict[str, Scalar | None], facts: dict[str, Scalar]) -> str:
    parts = []
    for name, was in old.items():
        fact = knowledge.facts[name]
        now = fact.describe(facts[name], facts)
        parts.append(f"{now} instead of {fact.describe(was, facts)}" if was is not None else now)
    return " and ".join(parts)


def _title(knowledge: Knowledge, outcome: str | None) -> str:
    found = knowledge.outcome(outcome)
    return found.title if found else "the earlier advice"


def answer_card(knowledge: Knowledge, text: str, session: Session | None = None) -> AnswerCard | None:
    """The canonical answer a question names, when the search is sure enough of it: the best one written for a
    member like this one (a freelancer's answer is not offered to a client)."""
    facts, unknown = (session.facts, set(session.unknown)) if session else ({}, set())
    hits = [h for h in knowledge.answers.search(text, limit=_ANSWERS_WEIGHED) if h.score >= _MIN_ANSWER_SCORE
            and not any_holds(h.answer.unless, facts, unknown)]
    if not hits:
        return None
    answer = hits[0].answer
    return AnswerCard(id=answer.id, title=answer.title, body=answer.body,
                      sources=[f"[{s.title}]({s.url})" for s in answer.sources])


def _stems(text: str) -> set[str]:
    """The content words of a text, stemmed, "resubmit" read as "submit", a reply as an answer, saying no as
    declining."""
    text = _SAYING_NO.sub(" decline ", text.lower())
    return {_SAME.get(s, s) for w in search_words(text) if w not in _ASKING and len(s := stem(w)) > 2}


_SAME = {"leav": "leave", "resubmit": "submit", "respon": "answer", "respond": "answer", "reply": "answer",
         "repli": "answer",
         "threaten": "threat", "blackmail": "threat", "extort": "threat",
         "star": "feedback", "review": "feedback", "rate": "feedback", "decline": "declin", "refuse": "declin",
         "refus": "declin", "reject": "declin", "deny": "declin", "deni": "declin"}
_SAYING_NO = re.compile(r"\b(?:say|said|says|saying|tell (?:him|her|them)|answer) no\b")
_ASKING = frozenset({  # the words of asking, not of what is asked about
    "should", "would", "could", "will", "can", "does", "what", "if", "ok", "okay", "but", "never", "still", "then",
    "now", "happen", "happens", "doesn", "don", "didn", "won", "isn", "wasn", "just", "really", "also",
    # who and how it is said, not what: "what if mediation tells me to…", "he says he will…"
    "him", "her", "them", "they", "tell", "tells", "told", "say", "says", "said", "out", "find", "finds", "know",
    "think", "like", "dont", "doesnt", "didnt", "wont", "cant", "isnt", "wasnt", "hasnt", "havent", "want", "wants",
    "get", "got"})


def _answer(session: Session, knowledge: Knowledge, text: str, dated: list[str] | None = None) -> list[Reply]:
    """A question after guidance: the step of the advice it is about (written for this member's side and
    facts, its dates among them: "what if he never releases it?"), else the canonical answer it names."""
    outcome = knowledge.outcome(session.advice)
    asked_plainly = _WHAT_NOW.search(text.lower()) and not _SUPPOSING.search(text.lower())
    if outcome is not None and asked_plainly:  # "do I have to do anything?": the advice's step
        step = [f"From the advice above: {outcome.action}", *(f"- {line}" for line in dated or [])]
        return [Text(markdown="\n".join(step))]
    if off_topic(knowledge, text):  # "any tips for my proposals?" after the advice: not a line of it
        return [Text(markdown=knowledge.pack.off_topic)]
    asked = _stems(text)
    lines = _advice_lines(session, knowledge)
    if lines and asked:
        # in the guidance's order, its dates first; the points before the action: they answer narrower questions
        shared, telling, part = _best_part(knowledge, asked, [*(dated or []), *lines])
        # "should I resubmit?": one word of its own may be enough; in a short question ("a chargeback with my
        # bank then?"), one rare word is
        if shared >= min(2, len(asked)) or (len(asked) <= 2 and telling >= _TELLING_WORD):
            return [Text(markdown=f"From the advice above: {part}")]
    card = answer_card(knowledge, text, session)
    return [card] if card is not None else [Text(markdown=NOTHING_MORE)]


# what to do, asked on its own ("so what do I do now?"), not on a condition ("what do I do if he refuses?")
_WHAT_NOW = re.compile(r"(?:\bwhat (?:do|should|can|must) (?:i|we) do|"
                       r"\bdo (?:i|we) (?:have|need) to do (?:anything|something)|"
                       r"\bshould (?:i|we) do (?:anything|something)|"
                       r"\bwhat(?:'s| is) (?:my|our|the) next step|"
                       r"\bis there anything (?:i|we) (?:should|need to|have to|can|must) do|\bwhat now|\bnow what)"
                       r"(?: (?:now|next|then|here|first|today|right now|about (?:it|this)|at all|on my (?:side|end)))*"
                       r"(?: or (?:is it|does it (?:happen|go)) automatic(?:ally)?)?\s*(?:[?.!]|$)")
_SUPPOSING = re.compile(r"\b(?:if|unless|in case)\b")  # "if he leaves 1 star anyway, what can I do?": a condition
_TELLING_WORD = 3.5  # a word found in about 1 text in 30 of the pack's advice ("chargeback", "bonus")


def _best_part(knowledge: Knowledge, asked: set[str], parts: list[str]) -> tuple[int, float, str]:
    """The part sharing the most telling words with the question: (words shared, their weight, the part)."""
    rarity = _rarity(knowledge)
    scored = [(len(shared := asked & _stems(part)), sum(rarity.get(w, 0.0) for w in shared), part) for part in parts]
    return max(scored, key=lambda s: (s[1], s[0]), default=(0, 0.0, ""))


@lru_cache(maxsize=2)  # the pack being served, and the one before a reload
def _rarity(knowledge: Knowledge) -> dict[str, float]:
    """How telling each word of the advice is: the log of how many of the pack's texts (points and actions)
    there are for each one that holds it."""
    texts = [point.text for point in knowledge.points.values()]
    texts += [outcome.action for outcome in knowledge.outcomes.values()]
    holding = Counter(word for text in texts for word in _stems(text))
    return {word: math.log(len(texts) / count) for word, count in holding.items()}
