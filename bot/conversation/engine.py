"""The conversation engine: one turn in, neutral replies out. It knows no platform.

Docassemble's idea: the questions asked follow from what the decision tree still needs. Each turn
loads the session, applies the member's message, walks the tree and asks the next missing fact,
confirms facts read from the member's own words, and gives guidance with the path that led there.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from bot.conversation.walk import Walk, walk
from bot.messages import (
    BACK,
    UNKNOWN,
    AnswerCard,
    Choice,
    Citation,
    ConversationKey,
    Guidance,
    Inbound,
    PathStep,
    Question,
    Reply,
    Text,
    key_digest,
)
from bot.pack.loading import Knowledge
from bot.pack.model import Answer, Fact, Scalar
from bot.pack.versions import KnowledgeLibrary
from bot.reading import Reading, reader_for
from bot.reading.typed import Parsed, control_word, match_choice, parse_for_fact
from bot.record import Pending, Session, SessionStore
from bot.record.audit import AuditLog
from bot.safety.limits import Limits, RateLimiter
from bot.safety.redact import redact

CONFIRM_YES, CONFIRM_CHANGE, KEEP_ALL = "yes", "change", "keep"
PERSONAL_DATA_REMINDER = (
    "I removed what looked like personal data ({kinds}) from your message. Please don't post contract or "
    "offer ids, e-mail addresses, phone numbers or card numbers in public channels: the advice never needs them."
)
REMINDER_TTL_SECONDS = 365 * 86400
WELCOME = (
    "I can help you work out what to do about a refund, an escrow or a dispute. "
    "Describe your situation in a sentence or two, or pick the closest one below."
)


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
            if session is not None and not session.done and self._worn_out(session):
                notices.append(Text(markdown="That conversation had gone on too long, so I closed it. "
                                             "Let's start again."))
                await self.store.delete(key)
                session = None
                message = message.model_copy(update={"choice": None, "question": None})
            replies, session = self._turn(message, session)
            if session is not None:
                session.turns += 1
                session.updated_at = self.clock()
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
            await self.store.save(session)
            return replies

    async def feedback(self, guidance_id: str, helpful: bool) -> Text:
        recorded = self.audit.record_feedback(guidance_id, helpful) if self.audit else False
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
            return self._back(session, knowledge), session
        if command == "help":
            return [Text(markdown=self._help(session, knowledge)), *self._advance(session, knowledge)], session
        if command == "unknown":
            return self._answer(session, knowledge, UNKNOWN), session
        if pending is None:
            return self._advance(session, knowledge), session
        parsed = self._parse(session, knowledge, text)
        if parsed.error:
            return [Text(markdown=parsed.error, tone="error"), *self._advance(session, knowledge)], session
        return self._answer(session, knowledge, parsed.value), session

    def _open(self, message: Inbound, text: str) -> tuple[list[Reply], Session]:
        knowledge = self.library.current
        session = Session(key=message.key.as_string(), policy_version=knowledge.version,
                          created_at=self.clock(), updated_at=self.clock())
        reader = reader_for(knowledge)
        reading = reader.read(text) if reader and text else Reading()
        session.tree = reading.tree
        session.facts = {k: v for k, v in reading.facts.items() if k in knowledge.facts}
        session.prefilled = dict(session.facts)
        session.evidence = [e for e in reading.evidence if e.fact in session.facts]
        replies: list[Reply] = [] if session.tree else [Text(markdown=WELCOME)]
        return [*replies, *self._advance(session, knowledge)], session

    # --- applying an answer ----------------------------------------------------------------

    def _parse(self, session: Session, knowledge: Knowledge, text: str) -> Parsed:
        pending = session.pending
        assert pending is not None
        options = self._options(session, knowledge, pending)
        if pending.kind == "fact" and pending.fact:
            fact = knowledge.facts[pending.fact]
            said = text.strip()
            if said.isdecimal() and fact.type in ("choice", "yes_no"):
                return match_choice(None, options, said)  # numbers pick from the list shown
            return parse_for_fact(fact, options, text)
        parsed = match_choice(None, options, text)
        reader = reader_for(knowledge)
        if parsed.error and pending.kind == "situation" and reader:
            reading = reader.read(text)
            if reading.tree:
                return Parsed(reading.tree)
        if parsed.error and pending.kind == "confirm":
            yes_no = parse_for_fact(Fact(id="confirm", type="yes_no", label="", question=""), options, text)
            if yes_no.error is None:
                return Parsed(CONFIRM_YES if yes_no.value else CONFIRM_CHANGE)
        return parsed

    def _answer(self, session: Session, knowledge: Knowledge, value: Scalar | None) -> list[Reply]:
        pending = session.pending
        if pending is None:
            return self._advance(session, knowledge)
        if value == BACK:
            return self._back(session, knowledge)
        if pending.kind == "situation" and value == UNKNOWN:
            hint = "No problem: pick the closest one, or describe what happened in your own words."
            return [Text(markdown=hint), *self._advance(session, knowledge)]
        if isinstance(value, str) and pending.kind != "fact" and value not in pending.options:
            return [Text(markdown="That isn't one of the choices.", tone="error"), *self._advance(session, knowledge)]
        if pending.kind == "situation":
            session.history.append(session.snapshot())
            session.tree = str(value)
        elif pending.kind == "fact" and pending.fact:
            fact = knowledge.facts[pending.fact]
            if value == UNKNOWN:
                session.history.append(session.snapshot())
                session.facts.pop(fact.id, None)
                session.unknown.append(fact.id)
            else:
                value = self._coerce(fact, value)
                if value is None:
                    return [Text(markdown="That isn't one of the choices.", tone="error"),
                            *self._advance(session, knowledge)]
                session.history.append(session.snapshot())
                session.facts[fact.id] = value
            session.prefilled.pop(fact.id, None)
        elif pending.kind == "confirm":
            if value == CONFIRM_YES:
                for fact_id in self._confirming(session, knowledge):
                    session.prefilled.pop(fact_id, None)
            else:
                return self._ask_change(session, knowledge)
        elif pending.kind == "change":
            if value == KEEP_ALL:
                session.prefilled.clear()
            else:
                session.history.append(session.snapshot())
                session.facts.pop(str(value), None)
                session.prefilled.pop(str(value), None)
        return self._advance(session, knowledge)

    @staticmethod
    def _coerce(fact: Fact, value: Scalar) -> Scalar | None:
        """A button sends a choice id as text; turn it into the fact's value type."""
        if fact.type == "yes_no" and isinstance(value, str):
            return {"yes": True, "no": False}.get(value)
        if fact.type == "choice":
            return value if isinstance(value, str) and fact.choice(value) else None
        return value

    def _back(self, session: Session, knowledge: Knowledge) -> list[Reply]:
        if not session.history:
            return [Text(markdown="There is nothing to go back to yet."), *self._advance(session, knowledge)]
        session.restore(session.history.pop())
        return self._advance(session, knowledge)

    def _help(self, session: Session, knowledge: Knowledge) -> str:
        pending = session.pending
        if pending and pending.kind == "fact" and pending.fact:
            fact = knowledge.facts[pending.fact]
            if fact.help:
                return fact.help
        return ("Answer with a number or the words of a choice. You can also say **I don't know**, "
                "**back** to undo your last answer, or **restart** to start over.")

    # --- deciding what comes next ----------------------------------------------------------

    def _advance(self, session: Session, knowledge: Knowledge) -> list[Reply]:
        if session.tree is None:
            return [self._ask_situation(session, knowledge)]
        result = walk(knowledge.trees[session.tree], session.facts, set(session.unknown))
        if result.needs:
            return [self._ask_fact(session, knowledge.facts[result.needs])]
        confirming = self._confirming(session, knowledge, result)
        if confirming:
            return [self._ask_confirm(session, knowledge, confirming)]
        return [self._guidance(session, knowledge, result)]

    def _confirming(self, session: Session, knowledge: Knowledge, result: Walk | None = None) -> list[str]:
        """Facts read from the member's words that the outcome relies on and they have not confirmed."""
        if result is None:
            if session.tree is None:
                return []
            result = walk(knowledge.trees[session.tree], session.facts, set(session.unknown))
        return [fact for fact in result.facts_used if fact in session.prefilled]

    def _ask(self, session: Session, kind: str, prompt: str, choices: list[Choice],
             fact: str | None = None, help_text: str | None = None, free_text: bool = False) -> Question:
        pending = Pending(kind=kind, token="", fact=fact, options=[c.id for c in choices])
        previous = session.pending
        if previous and previous.model_copy(update={"token": ""}) == pending:
            pending.token = previous.token  # the same question again (a re-prompt): its buttons stay valid
        else:
            session.questions_asked += 1
            pending.token = f"q{session.turns}.{session.questions_asked}"
        session.pending = pending
        return Question(token=pending.token, prompt=prompt, help=help_text, choices=choices, free_text=free_text)

    def _controls(self, session: Session, unknown: bool = True) -> list[Choice]:
        controls = [Choice(id=UNKNOWN, label="I don't know", role="unknown")] if unknown else []
        if session.history:
            controls.append(Choice(id=BACK, label="Back", role="back"))
        return controls

    def _ask_situation(self, session: Session, knowledge: Knowledge) -> Question:
        choices = [Choice(id=tree.id, label=tree.title) for tree in knowledge.trees.values()]
        return self._ask(session, "situation", knowledge.pack.situation_question, choices)

    def _ask_fact(self, session: Session, fact: Fact) -> Question:
        if fact.type == "choice":
            choices = [Choice(id=c.id, label=c.label) for c in fact.choices]
        elif fact.type == "yes_no":
            choices = [Choice(id="yes", label="Yes"), Choice(id="no", label="No")]
        else:
            choices = []
        return self._ask(session, "fact", fact.question, [*choices, *self._controls(session)],
                         fact=fact.id, help_text=fact.help or None, free_text=not choices)

    def _ask_confirm(self, session: Session, knowledge: Knowledge, facts: list[str]) -> Question:
        understood = "; ".join(knowledge.facts[f].describe(session.facts[f]) for f in facts)
        choices = [Choice(id=CONFIRM_YES, label="Yes"), Choice(id=CONFIRM_CHANGE, label="Change something")]
        return self._ask(session, "confirm", f"I understood: {understood}. Right?", choices)

    def _ask_change(self, session: Session, knowledge: Knowledge) -> list[Reply]:
        facts = self._confirming(session, knowledge)
        choices = [
            Choice(id=f, label=f"{knowledge.facts[f].label}: {knowledge.facts[f].describe(session.facts[f])}")
            for f in facts
        ]
        choices.append(Choice(id=KEEP_ALL, label="Nothing, it's all right"))
        return [self._ask(session, "change", "Which one should I change?", choices)]

    def _options(self, session: Session, knowledge: Knowledge, pending: Pending) -> list[tuple[str, str]]:
        """The (id, label) list the member was shown, rebuilt to match typed answers against."""
        labels: dict[str, str] = {UNKNOWN: "I don't know", BACK: "Back", CONFIRM_YES: "Yes",
                                  CONFIRM_CHANGE: "Change something", KEEP_ALL: "Nothing, it's all right"}
        if pending.kind == "situation":
            labels.update({t.id: t.title for t in knowledge.trees.values()})
        elif pending.kind == "fact" and pending.fact:
            fact = knowledge.facts[pending.fact]
            labels.update({"yes": "Yes", "no": "No"} if fact.type == "yes_no"
                          else {c.id: c.label for c in fact.choices})
        elif pending.kind == "change":
            labels.update({f: knowledge.facts[f].label for f in pending.options if f in knowledge.facts})
        return [(option, labels.get(option, option)) for option in pending.options]

    def _guidance(self, session: Session, knowledge: Knowledge, result: Walk) -> Guidance:
        outcome = result.outcome
        assert outcome is not None
        session.pending = None
        session.done = True
        record_id = ""
        if self.audit:
            record_id = self.audit.record_guidance(
                platform=session.key.split(":", 1)[0], conversation=key_digest(session.key), tree=result.tree,
                path=[step.node for step in result.path] + [outcome.id], outcome=outcome.id,
                verdict=outcome.verdict, policy_version=session.policy_version,
            )
        citations = [
            Citation(title=answer.title, answer_id=answer.id)
            for answer_id in outcome.answers if (answer := knowledge.answers.get(answer_id))
        ] + [Citation(title=source.title, url=source.url) for source in outcome.sources]
        basis = [
            knowledge.facts[step.fact].describe(step.value) if not step.unknown
            else f"{knowledge.facts[step.fact].label}: not known"
            for step in result.path
        ]
        path = [
            PathStep(node=step.node, fact=step.fact, answer=said, condition=step.condition, goto=step.goto)
            for step, said in zip(result.path, basis, strict=True)
        ]
        return Guidance(
            id=record_id, tree=result.tree, outcome=outcome.id, verdict=outcome.verdict,
            verdict_label=knowledge.verdict_label(outcome.verdict), title=outcome.title, body=outcome.guidance,
            citations=citations, basis=basis, path=path, disclaimer=knowledge.pack.disclaimer,
        )
