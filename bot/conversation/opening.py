"""What the bot says before its first question: a welcome, or one line on what it covers for an off-topic
message, with the canonical answers closest to the member's words."""

from __future__ import annotations

from bot.messages import Reply, Text
from bot.pack.loading import Knowledge
from bot.reading import Reading

_MIN_WORDS = 4  # "hi", "help me please": a greeting, not a question about something else
_MIN_ANSWER_SCORE = 6.0  # as for follow-ups: two title words, or a title word and a few tags


def opening(knowledge: Knowledge, text: str, reading: Reading) -> list[Reply]:
    if knowledge.pack.start is None:  # a routed pack: the situation menu follows unless the words chose a tree
        return [] if reading.tree else [Text(markdown=knowledge.pack.welcome)]
    if reading.facts:
        return []  # the member described their situation: straight to what the advice still needs
    if len(text.split()) < _MIN_WORDS:
        return [Text(markdown=knowledge.pack.welcome)]
    hits = [h for h in knowledge.answers.search(text, limit=3) if h.score >= _MIN_ANSWER_SCORE]
    if not hits:
        return [Text(markdown=knowledge.pack.off_topic)]
    listed = "\n".join(f"- **{h.answer.title}** (`{h.answer.id}`)" for h in hits)
    return [Text(markdown=f"{knowledge.pack.off_topic}\n\nThese canonical answers may be close to your question:\n"
                          f"{listed}\n\nIf your question is about a contract's money, tell me what happened.")]
