"""The conversation engine: one turn in, neutral replies out. It knows no platform.

Docassemble's idea: the questions asked follow from what the decision tree still needs. Each turn
loads the session, applies the member's message (answering), walks the tree and asks the next missing
fact (questions), confirms facts read from the member's own words (confirmation), and gives guidance
with the path that led there (guidance).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from bot.conversation import confirmation
from bot.conversation.answering import apply_answer, go_back, reply_to_text
from bot.conversation.followup import after_guidance
from bot.conversation.guidance import build_guidance
from bot.conversation.opening import opening
from bot.conversation.questions import ask_fact, ask_situation, help_for
from bot.conversation.walk import Walk, walk
from bot.messages import UNKNOWN, AnswerCard, ConversationKey, Guidance, Inbound, Reply, Text, key_digest
from bot.pack.loading import Knowledge
from bot.pack.model import Answer, Scalar
from bot.pack.versions import KnowledgeLibrary
from bot.reading import Reading, reader_for
from bot.reading.typed import control_word
from bot.reading.words import reply_words_for
from bot.record import Session, SessionStore
from bot.record.audit import AuditLog
from bot.safety.limits import Limits, RateLimiter
from bot.safety.redact import redact

PERSONAL_DATA_REMINDER = (
    "I removed what looked like personal data ({kinds}) from your message. Please don't post contract or "
    "offer ids, e-mail addresses, phone numbers or card numbers in public channels: the advice never needs them."
)
REMINDER_TTL_SECONDS = 365 * 86400


class Engine:
    def __init__(
        self,
        library: KnowledgeLibrary | Knowledge,
        store: SessionStore,
        audit: AuditLog | None = None,
        clock: Callable[[], float] = time.time,
        limits: Limits | None = None,
    ):
        self.library = library if isinstance(library, KnowledgeLibrary) else KnowledgeLibrary(library)
        self.store = store
        self.audit = audit
        self.clock = clock
        self.limits = limits or Limits()
        self.rate_limiter = RateLimiter(self.limits.rate_limit_messages, self.limits.rate_limit_seconds, clock)

    # --- the adapters' entry points --------------------------------------------------------

    async def handle(self, message: Inbound) -> list[Reply]:
        """One member action in, replies out. Refused input changes nothing stored."""
        text = message.text or ""
        if len(text) > self.limits.max_message_chars:
            return [Text(markdown=f"Your message is {len(text):,} characters long; I can read at most "
                                  f"{self.limits.max_message_chars:,}. Please send a shorter one.", tone="error")]
        member = message.key.member()
        if not self.rate_limiter.allow(member):
            wait = max(1, round(self.rate_limiter.retry_after(member)))
            return [Text(markdown=f"Slow down a little, please: try again in {wait} seconds.", tone="error")]
        notices: list[Reply] = []
        if message.text:
            redacted = redact(message.text)
            message = message.model_copy(update={"text": redacted.text})
            if redacted.changed and await self.store.first_time(f"reminded:{key_digest(member)}",
                                                                REMINDER_TTL_SECONDS):
                notices.append(Text(markdown=PERSONAL_DATA_REMINDER.format(kinds=", ".join(redacted.kinds))))
        key = message.key.as_string()
        async with self.store.lock(key):
            session = await self.store.load(key)
            if session is not None and self._worn_out(session):
                notices.append(Text(markdown="That conversation had gone on too long, so I closed it. "
                                             "Let's start again."))
                await self.store.delete(key)
                session = None
                message = message.model_copy(update={"choice": None, "question": None})
            replies, session = self._turn(message, session)
            if session is not None:
                session.turns += 1
                session.updated_at = self.clock()
                await self._record(replies, session)
                await self.store.save(session)
            return [*notices, *replies]

    def _worn_out(self, session: Session) -> bool:
        too_old = self.clock() - session.created_at > self.limits.max_conversation_age_seconds
        return too_old or session.turns >= self.limits.max_turns

    async def resume(self, key: ConversationKey) -> list[Reply]:
        """The question a conversation in flight is waiting on (after a restart); [] if none."""
        async with self.store.lock(key.as_string()):
            session = await self.store.load(key.as_string())
            if session is None or session.done:
                return []
            replies = self._advance(session, self.library.version(session.policy_version))
            await self._record(replies, session)
            await self.store.save(session)
            return replies

    async def _record(self, replies: list[Reply], session: Session) -> None:
        """Audit what a turn said: the guidance given, and canonical answers shown in a follow-up."""
        if self.audit is None:
            return
        platform = session.key.split(":", 1)[0]
        for reply in replies:
            if isinstance(reply, Guidance) and reply.id:
                await self.audit.record_guidance(
                    record_id=reply.id, platform=platform, conversation=key_digest(session.key), tree=reply.tree,
                    path=[step.node for step in reply.path] + [reply.outcome], outcome=reply.outcome,
                    verdict=reply.verdict, policy_version=session.policy_version,
                )
            elif isinstance(reply, AnswerCard):
                self.audit.record_answer_posted(platform=platform, answer_id=reply.id, how="follow-up")

    async def feedback(self, guidance_id: str, helpful: bool) -> Text:
        recorded = await self.audit.record_feedback(guidance_id, helpful) if self.audit else False
        if not recorded:
            return Text(markdown="I couldn't find that advice any more, but thank you.", tone="error")
        thanks = "Thanks, glad it helped." if helpful else "Thanks for saying so; we'll improve this advice."
        return Text(markdown=thanks)

    def find_answer(self, name: str) -> Answer | None:
        return self.library.current.answers.get(name)

    def answer_card(self, answer: Answer, platform: str, how: str = "posted") -> AnswerCard:
        if self.audit:
            self.audit.record_answer_posted(platform=platform, answer_id=answer.id, how=how)
        return AnswerCard(
            id=answer.id, title=answer.title, body=answer.body,
            sources=[f"[{s.title}]({s.url})" for s in answer.sources],
        )

    # --- one turn --------------------------------------------------------------------------

    def _turn(self, message: Inbound, session: Session | None) -> tuple[list[Reply], Session | None]:
        text = (message.text or "").strip()
        if session is not None and session.done and session.advice and message.choice is None and text:
            if control_word(text) == "restart":
                return self._open(message, "")
            return self._follow_up(session, text), session
        if session is None or session.done:
            if message.choice is not None:
                return [Text(markdown="That conversation has ended. Send a message to start a new one.")], session
            return self._open(message, text)
        knowledge = self.library.version(session.policy_version)
        pending = session.pending
        if message.choice is not None:
            if pending is None or message.question != pending.token:
                return [Text(markdown="That question was already answered; here is the current one.",
                             tone="error"), *self._advance(session, knowledge)], session
            return self._answer(session, knowledge, message.choice), session
        command = control_word(text)
        if command == "restart":
            return self._open(message, "")
        if command == "back":
            return go_back(session, lambda: self._advance(session, knowledge)), session
        if command == "help":
            return [Text(markdown=help_for(session, knowledge)), *self._advance(session, knowledge)], session
        if command == "unknown":
            return self._answer(session, knowledge, UNKNOWN), session
        if pending is None:
            return self._advance(session, knowledge), session
        return reply_to_text(session, knowledge, text, lambda: self._advance(session, knowledge)), session

    def _follow_up(self, session: Session, text: str) -> list[Reply]:
        """After guidance: thanks, a correction or a question, with the conversation's facts kept."""
        knowledge = self.library.version(session.policy_version)
        return after_guidance(session, knowledge, text, reply_words_for(knowledge), reader_for(knowledge),
                              lambda: self._advance(session, knowledge))

    def _open(self, message: Inbound, text: str) -> tuple[list[Reply], Session]:
        knowledge = self.library.current
        session = Session(key=message.key.as_string(), policy_version=knowledge.version,
                          created_at=self.clock(), updated_at=self.clock())
        reader = reader_for(knowledge)
        reading = reader.read(text) if reader and text else Reading()
        session.tree = knowledge.pack.start or reading.tree
        session.facts = {k: v for k, v in reading.facts.items() if k in knowledge.facts}
        session.prefilled = dict(session.facts)
        session.evidence = [e for e in reading.evidence if e.fact in session.facts]
        return [*opening(knowledge, text, reading), *self._advance(session, knowledge)], session

    # --- deciding what comes next ----------------------------------------------------------

    def _advance(self, session: Session, knowledge: Knowledge) -> list[Reply]:
        if session.tree is None:
            return [ask_situation(session, knowledge)]
        unknown = knowledge.unknown_among(session.facts, session.unknown, session.reopened)
        result = walk(knowledge.trees, session.tree, session.facts, unknown)
        if result.needs:
            return [ask_fact(session, knowledge.facts[result.needs])]
        confirming = confirmation.unconfirmed(session, knowledge, result)
        if confirming:
            return [confirmation.ask_confirm(session, knowledge, confirming)]
        return [self._guidance(session, knowledge, result)]

    def _answer(self, session: Session, knowledge: Knowledge, value: Scalar | None) -> list[Reply]:
        return apply_answer(session, knowledge, value, lambda: self._advance(session, knowledge))

    def _guidance(self, session: Session, knowledge: Knowledge, result: Walk) -> Guidance:
        """The outcome reached: the conversation is done; the turn records the guidance (`_record`) for stats
        and feedback, under the id given here."""
        outcome = result.outcome
        assert outcome is not None
        session.pending = None
        session.done = True
        session.advice = outcome.id
        record_id = self.audit.new_id() if self.audit else ""
        return build_guidance(knowledge, result, session.facts, set(session.unknown), record_id)
