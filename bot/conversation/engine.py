"""The conversation engine: one turn in, neutral replies out. It knows no platform.

Docassemble's idea: the questions asked follow from what the decision tree still needs. Each turn
loads the session, applies the member's message (answering), walks the tree and asks the next missing
fact (questions), confirms facts read from the member's own words (confirmation), and gives guidance
with the path that led there (guidance).
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from bot.conversation import confirmation
from bot.conversation.answering import apply_answer, go_back, keep_proposal, reply_to_text
from bot.conversation.deadlines import Calendar
from bot.conversation.events import (
    AnswerPosted,
    Event,
    FeedbackGiven,
    GuidanceGiven,
    HandoffAction,
    HandoffChanged,
    Listener,
    Refused,
    TurnHandled,
)
from bot.conversation.followup import NEW_SITUATION, after_guidance, another_situation
from bot.conversation.guidance import build_guidance
from bot.conversation.handoff import ALREADY, NOT_DONE, Desk, Post
from bot.conversation.links import answer_url, linked
from bot.conversation.migrate import CLOSED, UPDATED, Carried, carry_over
from bot.conversation.opening import apply_read_if, opening, read_if_answered, reread_if_changed
from bot.conversation.questions import ask_situation, help_for
from bot.conversation.walk import Walk, walk
from bot.messages import (
    UNKNOWN,
    AnswerCard,
    ConversationKey,
    Drafts,
    Guidance,
    HandoffNote,
    Inbound,
    Reply,
    Text,
    key_digest,
)
from bot.pack.answers import AnswerHit
from bot.pack.loading import Knowledge
from bot.pack.model import Answer, Scalar
from bot.pack.versions import KnowledgeLibrary
from bot.reading import Reading, reader_for
from bot.reading.dates import counting_from
from bot.reading.typed import control_word
from bot.reading.words import reply_words_for
from bot.record import ConversationBusy, LockLost, Session, SessionStore, StoreUnavailable
from bot.record.audit import AuditLog
from bot.record.draft_answers import DraftAnswers
from bot.record.session import DayCount
from bot.safety.limits import Limiter, Limits, RateLimiter
from bot.safety.redact import redact
from bot.safety.sanitize import strip_controls

PERSONAL_DATA_REMINDER = (
    "I removed what looked like personal data ({kinds}) from your message. Please don't post contract or "
    "offer ids, e-mail addresses, phone numbers or card numbers in public channels: the advice never needs them."
)
REMINDER_TTL_SECONDS = 365 * 86400
STOPPED = "OK, I've stopped here. Send me a message any time to start again."
log = logging.getLogger(__name__)

__all__ = ["Engine", "StoreUnavailable", "Turn"]  # adapters tell a member the bot is unavailable on StoreUnavailable


@dataclass(frozen=True)
class Turn:
    """One member action's outcome: the replies, and whether it answered the question it was sent to (a click,
    a form's text). Only then may an adapter take that question's buttons away: a stale, repeated or refused
    answer leaves them for the member."""

    replies: list[Reply]
    answered: bool = False


BUSY = ("This conversation is busy with another message (from another window, or still being worked on), so I "
        "didn't take this one and nothing changed. Please send it again in a moment.")


class Engine:
    def __init__(
        self,
        library: KnowledgeLibrary | Knowledge,
        store: SessionStore,
        audit: AuditLog | None = None,
        clock: Callable[[], float] = time.time,
        limits: Limits | None = None,
        draft_answers: DraftAnswers | None = None,
        site_url: str | None = None,
        handoffs: Desk | None = None,
        rate_limiter: Limiter | None = None,
    ):
        self.library = library if isinstance(library, KnowledgeLibrary) else KnowledgeLibrary(library)
        self.store = store
        self.audit = audit
        self.clock = clock
        self.limits = limits or Limits()
        self.draft_answers = draft_answers  # moderators' messages saved for a maintainer to review
        self.site_url = site_url  # where `refundbot site build` output is published: answers link their pages
        self.handoffs = handoffs  # "Ask a moderator"; None: not offered
        self.rate_limiter: Limiter = rate_limiter or RateLimiter(  # shared through Redis when configured
            self.limits.rate_limit_messages, self.limits.rate_limit_seconds, clock)
        self.listeners: list[Listener] = []  # metrics and logs subscribe here (bot.app)
        self._unrecorded: dict[str, list[Callable[[AuditLog], Awaitable[object]]]] = {}  # by conversation
        # Reading and walking run on the event loop: a burst of turns, all ready at once, would hold every
        # platform acknowledgement behind them. Those beyond the bound wait on the semaphore instead.
        self._working = asyncio.Semaphore(self.limits.turns_at_once)

    def emit(self, event: Event) -> None:
        """Tell the listeners; a failing listener is logged, never the member's problem."""
        for listener in self.listeners:
            try:
                listener(event)
            except Exception:
                log.exception("an event listener failed on %s", type(event).__name__)

    # --- the adapters' entry points --------------------------------------------------------

    async def admit(self, key: ConversationKey) -> list[Reply] | None:
        """Count one member action against the rate limit, before an adapter posts anything for it: None
        when it may go on; else what to say, a warning once while the member is over the limit, then nothing."""
        verdict, retry_after = await self.rate_limiter.admit(key.member())
        if verdict == "allow":
            return None
        self.emit(Refused(platform=key.platform, reason="rate_limit", conversation=key.digest()))
        if verdict == "silent":
            return []
        wait = max(1, math.ceil(retry_after))
        return [Text(markdown=f"Slow down a little, please: I'll read your messages again in {wait} seconds.",
                     tone="error")]

    async def check_store(self) -> None:
        """Raises StoreUnavailable when the session store cannot be reached (before posting a thread's starter)."""
        await self.store.ping()

    async def has_conversation(self, key: ConversationKey, *, open_only: bool = False) -> bool:
        """Whether this member holds a conversation here (with `open_only`, one still short of its advice):
        an adapter's test before it treats a message that does not mention the bot as a turn."""
        session = await self.store.load(key.as_string())
        return session is not None and not (open_only and session.done)

    async def first_delivery(self, delivery: str) -> bool:
        """True the first time a platform's delivery id is seen (platforms retry what they think failed)."""
        return await self.store.first_time(delivery)

    @property
    def moderators_callable(self) -> bool:
        """Whether "Ask a moderator" is offered by this bot at all (the adapter decides where)."""
        return self.handoffs is not None

    async def handle(self, message: Inbound, *, admitted: bool = False) -> list[Reply]:
        """One member action in, replies out. Refused input changes nothing stored. `admitted`: the adapter
        already counted this action with `admit`."""
        return (await self.turn(message, admitted=admitted)).replies

    async def turn(self, message: Inbound, *, admitted: bool = False) -> Turn:
        """`handle`, saying whether the action answered the question it names (see `Turn`)."""
        started = time.perf_counter()
        try:
            async with self._working:
                return await self._handle(message, admitted)
        finally:
            self.emit(TurnHandled(platform=message.key.platform, conversation=message.key.digest(),
                                  policy_version=self.library.current.version,
                                  seconds=time.perf_counter() - started))

    async def _handle(self, message: Inbound, admitted: bool) -> Turn:
        if not admitted:
            refused = await self.admit(message.key)
            if refused is not None:
                return Turn(refused)
        text = message.text or ""
        if len(text) > self.limits.max_message_chars:
            self.emit(Refused(platform=message.key.platform, reason="too_long", conversation=message.key.digest()))
            too_long = Text(markdown=f"Your message is {len(text):,} characters long; I can read at most "
                                     f"{self.limits.max_message_chars:,}. Please send a shorter one.", tone="error")
            return Turn([too_long, *await self.resume(message.key)])  # and the question waiting, if any, again
        member = message.key.member()
        notices: list[Reply] = []
        if message.text:  # what a terminal would act on ("\x1b[2J") is no part of what the member said
            cleaned = strip_controls(message.text)
            redacted = redact(cleaned)
            message = message.model_copy(update={"text": redacted.text})
            if redacted.changed and await self.store.first_time(f"reminded:{key_digest(member)}",
                                                                REMINDER_TTL_SECONDS):
                notices.append(Text(markdown=PERSONAL_DATA_REMINDER.format(kinds=", ".join(redacted.kinds))))
        try:
            return await self._locked_turn(message, notices)
        except (ConversationBusy, LockLost):  # another turn of it (a second window, another process) held it
            self.emit(Refused(platform=message.key.platform, reason="busy", conversation=message.key.digest()))
            return Turn([*notices, Text(markdown=BUSY, tone="error")])

    async def _locked_turn(self, message: Inbound, notices: list[Reply]) -> Turn:
        key = message.key.as_string()
        async with self.store.lock(key):
            self._unrecorded.pop(key, None)  # what a failed turn noted was never said
            session = await self.store.load(key)
            if session is not None and self._worn_out(session):
                notices.append(Text(markdown="That conversation had gone on too long, so I closed it. "
                                             "Let's start again."))
                await self.store.delete(key)
                session = None
                message = message.model_copy(update={"choice": None, "question": None})
            if session is not None:
                waiting = session.pending
                carried = self._carry_over(session)
                if carried is Carried.CLOSED:
                    notices.append(Text(markdown=CLOSED))
                    session = None
                    message = message.model_copy(update={"choice": None, "question": None})
                elif carried is Carried.TRIMMED:
                    notices.append(Text(markdown=UPDATED))
                    if waiting is not None and session.pending is None:  # it answers a question no longer asked
                        message = message.model_copy(update={"choice": None, "question": None, "text": None})
            previous, was_done = session, bool(session and session.done)
            asked = session.pending.token if session is not None and session.pending is not None else None
            with counting_from(self.today()):  # "on 3 Nov" counts back from today; reading is synchronous
                replies, session = self._turn(message, session)
            # answered: the question named was the one waiting, and is no longer (a re-prompt keeps its token)
            answered = asked is not None and message.question == asked and not (
                session is not None and session.pending is not None and session.pending.token == asked)
            if session is not None and session.done and session.advice is None and not (session is previous
                                                                                         and was_done):
                self._record_way_out(session)
            if session is not None:
                self._count_days(session)
                session.turns += 1
                session.updated_at = self.clock()
                await self._record(session)
                await self.store.save(session)
            return Turn([*notices, *(linked(reply, self.site_url) for reply in replies)], answered)

    def today(self) -> date:
        return datetime.fromtimestamp(self.clock(), UTC).date()

    def _count_days(self, session: Session) -> None:
        """Fix the day each day-count fact counts back to when it is said (or changed), so that the dates
        given later in the conversation, or shown again, stay the same."""
        knowledge = self._knowledge(session)
        counts = {}
        for name, value in session.facts.items():
            fact = knowledge.facts.get(name)
            if fact is None or fact.unit != "days" or isinstance(value, bool) or not isinstance(value, int | float):
                continue
            kept = session.day_counts.get(name)
            counts[name] = kept if kept and kept.days == value else DayCount(
                days=value, start=self.today() - timedelta(days=int(value)))
        session.day_counts = counts

    def _carry_over(self, session: Session) -> Carried:
        """A session whose policy version is no longer held moves to the current one (see migrate)."""
        if self.library.held(session.policy_version) is not None:
            return Carried.AS_IS
        was = session.policy_version
        carried = carry_over(session, self.library.current)
        log.info("conversation %s: policy %s no longer held; carried over to %s: %s", key_digest(session.key), was,
                 self.library.current.version, carried.value)
        return carried

    def _knowledge(self, session: Session) -> Knowledge:
        """The version a session runs on; `_carry_over` has made sure it is held."""
        return self.library.held(session.policy_version) or self.library.current

    def _worn_out(self, session: Session) -> bool:
        too_old = self.clock() - session.created_at > self.limits.max_conversation_age_seconds
        return too_old or session.turns >= self.limits.max_turns

    async def resume(self, key: ConversationKey) -> list[Reply]:
        """The question a conversation in flight is waiting on (after a restart); [] if none."""
        async with self.store.lock(key.as_string()):
            self._unrecorded.pop(key.as_string(), None)
            session = await self.store.load(key.as_string())
            if session is None or session.done:
                return []
            carried = self._carry_over(session)
            if carried is Carried.CLOSED:
                await self.store.delete(key.as_string())
                return [Text(markdown=CLOSED)]
            notices = [Text(markdown=UPDATED)] if carried is Carried.TRIMMED else []
            knowledge, waiting = self._knowledge(session), session.pending
            with counting_from(self.today()):
                # "Which one should I change?" is asked again as it was: advancing would ask "Right?" instead, and
                # the number the member types next would answer the wrong menu
                again = [confirmation.ask_change(session, knowledge)] if waiting and waiting.kind == "change" \
                    else self._advance(session, knowledge)
                replies = [*notices, *again]
            replies = [*keep_proposal(session, knowledge, waiting), *replies]
            await self._record(session)
            await self.store.save(session)
            return replies

    async def drafts_of(self, key: ConversationKey) -> Drafts | None:
        """The drafts of this conversation's last guidance (for a platform's private "drafts" button)."""
        session = await self.store.load(key.as_string())
        if session is None or not session.drafts:
            return None
        return Drafts(heading=self._knowledge(session).pack.drafts_heading, drafts=session.drafts)

    async def more_of(self, key: ConversationKey, guidance_id: str) -> Text | None:
        """The rest of this conversation's guidance `guidance_id` (for a platform that cannot fold it); None
        when that is not this member's latest advice."""
        session = await self.store.load(key.as_string())
        if session is None or not session.more or session.more_of != guidance_id:
            return None
        return Text(markdown=session.more)

    def _record_way_out(self, session: Session) -> None:
        """The conversation ended without advice: none of the situations fitted the member."""
        self._note(session, lambda audit: audit.record_way_out(
            platform=session.key.split(":", 1)[0], conversation=key_digest(session.key), kind="something_else"))

    def _note(self, session: Session, write: Callable[[AuditLog], Awaitable[object]]) -> None:
        """A record to write before the turn's session is saved (the turn's synchronous part notes it)."""
        if self.audit is not None:
            self._unrecorded.setdefault(session.key, []).append(write)

    async def _record(self, session: Session) -> None:
        """Write what the turn noted (guidance, way-outs), awaited: the turn is answered once it is kept."""
        for write in self._unrecorded.pop(session.key, []):
            assert self.audit is not None
            await write(self.audit)

    async def feedback(self, guidance_id: str, helpful: bool) -> Text:
        recorded = await self.audit.record_feedback(guidance_id, helpful) if self.audit else False
        self.emit(FeedbackGiven(helpful=helpful, recorded=recorded))
        if not recorded:
            return Text(markdown="I couldn't find that advice any more, but thank you.", tone="error")
        thanks = "Thanks, glad it helped." if helpful else "Thanks for saying so; we'll improve this advice."
        return Text(markdown=thanks)

    # --- a person when the bot cannot help (bot.conversation.handoff) ----------------------------

    async def ask_moderator(self, key: ConversationKey, channel: str, thread: str, mention: str,
                            link: str = "") -> HandoffNote | Text:
        """The member asks for a moderator: the note to post under `mention` in the conversation's place, or
        what to tell the member privately (not their conversation, no advice yet, already asked)."""
        if self.handoffs is None:
            return Text(markdown="Moderators can't be called through me here.", tone="error")
        session = await self.store.load(key.as_string())
        if session is None:
            return Text(markdown="Only the member this conversation is with can ask a moderator here.", tone="error")
        if not session.done:
            return Text(markdown=NOT_DONE, tone="error")
        note = await self.handoffs.ask(session, self._knowledge(session), key.platform, channel, thread, mention,
                                       link)
        if note is None:
            return Text(markdown=ALREADY)
        await self._handoff_changed(key.platform, "asked", key.digest())
        return note

    async def handoff_not_posted(self, platform: str, channel: str, thread: str = "") -> None:
        """The adapter could not post the note: no timer runs for a call nobody saw."""
        if self.handoffs is not None:
            await self.handoffs.withdraw(platform, channel, thread)

    async def handoff_waiting(self, platform: str, channel: str, thread: str = "") -> bool:
        return self.handoffs is not None and await self.handoffs.waiting(platform, channel, thread)

    async def moderator_replied(self, platform: str, channel: str, thread: str = "") -> bool:
        """A moderator wrote where a member asked for one: no reminder, no escalation."""
        if self.handoffs is None or not await self.handoffs.answered(platform, channel, thread):
            return False
        await self._handoff_changed(platform, "answered")
        return True

    async def chase_handoffs(self, platform: str, post: Post) -> int:
        """Remind and escalate the handoffs due (a serving bot's background task); the number pending."""
        if self.handoffs is None:
            return 0
        for step in await self.handoffs.run_due(platform, post):
            await self._handoff_changed(platform, step)
        pending = await self.handoffs.pending()
        self.emit(HandoffChanged(platform=platform, action="counted", pending=pending))
        return pending

    async def _handoff_changed(self, platform: str, action: HandoffAction, conversation: str = "") -> None:
        assert self.handoffs is not None
        self.emit(HandoffChanged(platform=platform, action=action, pending=await self.handoffs.pending(),
                                 conversation=conversation))

    def verdicts(self) -> dict[str, str]:
        """Verdict id → label, for a moderator saying which verdict the advice should have had."""
        return dict(self.library.current.pack.verdicts)

    async def report_wrong(self, guidance_id: str, verdict: str) -> Text:
        """A moderator's "this advice is wrong", with the verdict they would give: it joins the review queue."""
        if verdict not in self.library.current.pack.verdicts:
            return Text(markdown=f"There is no verdict called “{verdict[:80]}”.", tone="error")
        item = await self.audit.report_wrong(guidance_id, verdict) if self.audit else None
        if item is None:
            return Text(markdown="I couldn't find that advice in the record.", tone="error")
        return Text(markdown=f"Thanks: queued for review as item {item}, with the verdict "
                             f"“{self.library.current.verdict_label(verdict)}”.")

    def save_draft(self, text: str, platform: str, link: str = "") -> Text:
        """A moderator saves a message as a draft canonical answer, for a maintainer to review; never published."""
        if self.draft_answers is None:
            return Text(markdown="Drafts are not kept by this bot.", tone="error")
        try:
            path = self.draft_answers.save(text, platform, link)
        except ValueError as exc:
            return Text(markdown=f"Not saved: {exc}.", tone="error")
        return Text(markdown=f"Saved as a draft canonical answer for the maintainers to review: `{path.name}`.")

    # --- the canonical answers and the policy, as adapters see them ------------------------------

    def find_answer(self, name: str) -> Answer | None:
        return self.library.current.answers.get(name)

    def search_answers(self, words: str, limit: int = 5) -> list[AnswerHit]:
        """The canonical answers best matching a member's words (typos forgiven), best first."""
        return self.library.current.answers.search(words, limit) if words.strip() else []

    def complete_answer(self, prefix: str, limit: int = 25) -> list[Answer]:
        """The canonical answers whose name or alias starts with what a moderator has typed so far."""
        return self.library.current.answers.complete(prefix, limit)

    async def reload_policy(self) -> Text:
        """A moderator's reload: the pack read again off the event loop; what happened, in one message."""
        result = await asyncio.to_thread(self.library.reload)
        return Text(markdown=result.summary(), tone="info" if result.ok else "error")

    def answer_card(self, answer: Answer, platform: str, how: str = "posted") -> AnswerCard:
        if self.audit:
            self.audit.record_answer_posted(platform=platform, answer_id=answer.id, how=how)
        self.emit(AnswerPosted(platform=platform, answer=answer.id, how=how))
        return AnswerCard(id=answer.id, title=answer.title, body=answer.body,
                          sources=[f"[{s.title}]({s.url})" for s in answer.sources],
                          url=answer_url(self.site_url, answer.id))

    # --- one turn --------------------------------------------------------------------------

    def _turn(self, message: Inbound, session: Session | None) -> tuple[list[Reply], Session | None]:
        text = (message.text or "").strip()
        to_question = message.choice is not None or message.question is not None  # a click, or a form's text
        if session is not None and message.choice is not None \
                and f"{message.question}/{message.choice}" == session.answered:
            return [], session  # a double click (or one delivered twice): the first was applied and answered
        if session is not None and session.done and session.advice and not to_question and text:
            command = control_word(text)
            if command == "restart":
                return self._open(message, "")
            if command == "stop":
                return [Text(markdown=STOPPED)], session
            if another_situation(text):
                replies, opened = self._open(message, text)
                return [Text(markdown=NEW_SITUATION), *replies], opened
            return self._follow_up(session, text), session
        if session is None or session.done:
            if to_question:
                return [Text(markdown="That conversation has ended. Send a message to start a new one.")], session
            return self._open(message, text)
        knowledge = self._knowledge(session)
        pending = session.pending
        if to_question and (pending is None or message.question != pending.token):
            return [Text(markdown="That question was already answered; here is the current one.",
                         tone="error"), *self._advance(session, knowledge)], session
        if message.choice is not None:
            session.answered = f"{message.question}/{message.choice}"
            return self._answer(session, knowledge, message.choice), session
        if not text:  # nothing said (a bare command, a mention alone): the question waiting, again
            return self._advance(session, knowledge), session
        command = control_word(text)
        if command == "restart":
            return self._open(message, "")
        if command == "stop":  # the member leaves: nothing more is asked, and the next message starts afresh
            session.pending, session.done = None, True
            return [Text(markdown=STOPPED)], session
        if command == "back":
            return go_back(session, lambda: self._advance(session, knowledge)), session
        if command == "help":
            return [Text(markdown=help_for(session, knowledge)), *self._advance(session, knowledge)], session
        if command == "unknown":
            return self._answer(session, knowledge, UNKNOWN), session
        if pending is None:
            return self._advance(session, knowledge), session
        replies = reply_to_text(session, knowledge, text, lambda: self._advance(session, knowledge))
        return self._answers_posted(session, replies, "mid-conversation"), session

    def _follow_up(self, session: Session, text: str) -> list[Reply]:
        """After guidance: thanks, a correction or a question, with the conversation's facts kept."""
        knowledge = self._knowledge(session)
        replies = after_guidance(session, knowledge, text, reply_words_for(knowledge), reader_for(knowledge),
                                 lambda: self._advance(session, knowledge), self._calendar(session))
        return self._answers_posted(session, replies, "follow-up")

    def _answers_posted(self, session: Session, replies: list[Reply], how: str) -> list[Reply]:
        """Canonical answers the bot offered of its own accord, recorded as moderators' posts are."""
        platform = session.key.split(":", 1)[0]
        for card in (r for r in replies if isinstance(r, AnswerCard)):
            if self.audit:
                self.audit.record_answer_posted(platform=platform, answer_id=card.id, how=how)
            self.emit(AnswerPosted(platform=platform, answer=card.id, how=how))
        return replies

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
        if reader and text:
            session.read_if = read_if_answered(knowledge, reader, text, session.facts)
            session.reread_if = reread_if_changed(knowledge, reader, text, reading)
        return [*opening(knowledge, text, reading), *self._advance(session, knowledge)], session

    # --- deciding what comes next ----------------------------------------------------------

    def _advance(self, session: Session, knowledge: Knowledge) -> list[Reply]:
        apply_read_if(session)
        if session.tree is None:
            return [ask_situation(session, knowledge)]
        unknown = knowledge.unknown_among(session.facts, session.unknown, session.reopened)
        result = walk(knowledge.trees, session.tree, session.facts, unknown)
        # a fact the member picked to change is asked next, before what the walk needs: its question answers
        # their click, where another would look as if the change were ignored
        if changed := confirmation.reopened_unanswered(session, knowledge):
            return [confirmation.ask_reading_back(session, knowledge, changed, result)]
        if result.needs:
            return [confirmation.ask_reading_back(session, knowledge, knowledge.facts[result.needs], result)]
        confirming = confirmation.unconfirmed(session, knowledge, result)
        if confirming:
            return [confirmation.ask_confirm(session, knowledge, confirming)]
        return [self._guidance(session, knowledge, result)]

    def _answer(self, session: Session, knowledge: Knowledge, value: Scalar | None) -> list[Reply]:
        return apply_answer(session, knowledge, value, lambda: self._advance(session, knowledge))

    def _calendar(self, session: Session) -> Calendar:
        """Today by the engine's clock, and the day each day count said on an earlier day counts back to."""
        return Calendar.at(self.clock(), {name: count.start for name, count in session.day_counts.items()})

    def _guidance(self, session: Session, knowledge: Knowledge, result: Walk) -> Guidance:
        """The outcome reached: the conversation is done; the turn records the guidance (`_record`) for stats
        and feedback, under the id given here."""
        outcome = result.outcome
        assert outcome is not None
        session.pending = None
        session.done = True
        session.advice = outcome.id
        record_id = self.audit.new_id() if self.audit else ""
        platform, conversation, start = session.key.split(":", 1)[0], key_digest(session.key), session.tree
        path, facts = [step.node for step in result.path] + [outcome.id], decided_facts(session, knowledge)
        steps = [f"{s.tree}/{s.node}: {s.condition}" for s in result.path]
        self._note(session, lambda audit: audit.record_guidance(
            record_id=record_id, platform=platform, conversation=conversation, tree=result.tree, path=path,
            outcome=outcome.id, verdict=outcome.verdict, policy_version=session.policy_version, start=start,
            facts=facts, steps=steps))
        self.emit(GuidanceGiven(platform=session.key.split(":", 1)[0], conversation=key_digest(session.key),
                                tree=result.tree, outcome=outcome.id, verdict=outcome.verdict,
                                policy_version=session.policy_version))
        self._count_days(session)
        guidance = build_guidance(knowledge, result, session.facts, set(session.unknown), record_id,
                                  self._calendar(session))
        session.checklist, session.drafts = list(guidance.evidence), list(guidance.drafts)
        session.more, session.more_of = guidance.more_markdown(), guidance.id
        return guidance


def decided_facts(session: Session, knowledge: Knowledge) -> dict[str, Scalar | None]:
    """What the advice rests on, replayable through any pack: the facts the member confirmed (the policy's own
    values; free text is never kept) and None for each "I don't know"."""
    kept: dict[str, Scalar | None] = {
        name: value for name, value in session.facts.items()
        if name in knowledge.facts and knowledge.facts[name].type != "text" and name not in session.prefilled}
    kept.update({name: None for name in session.unknown if name in knowledge.facts})
    return kept
