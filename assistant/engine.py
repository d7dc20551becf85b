"""The assistant: one engine every channel calls, `Assistant.reply(conversation_id, text, channel)`.

    guard -> understand -> route (follow-up or new procedure) -> compose -> (LLM + verify) -> Reply

The steps are LangChain runnables over one `Turn`; a step that settles the reply early
(a refusal, a hand-off, out of scope) leaves it on the turn and later steps pass it on.
The conversation's state (current procedure, situation facts, pending question) is
stored with the conversation, so any worker can continue it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from langchain_core.runnables import Runnable, RunnableLambda
from pydantic import BaseModel, Field

from assistant import composer
from assistant.checklist import MAX_QUESTIONS_PER_PROCEDURE, ChecklistBuilder, Question, Situation
from assistant.claims import Claim, find_claims
from assistant.dialogue_words import Aspect, DialogueWords
from assistant.domain import ChannelKind, DocumentGroup, Procedure
from assistant.guards import MAX_MESSAGE_CHARS, GuardedMessage, guard, mask_personal_data, without_injection
from assistant.knowledge import CentreProfile, KnowledgeBase
from assistant.llm import Grounding, LlmComposer, section_context
from assistant.query import QueryAnalysis
from assistant.reply import Checklist, ChecklistItem, Citation, ProcedureRef, Reply, ReplyStatus, Section
from assistant.search import ProcedureSearch
from assistant.storage.repository import Repository, TurnStore, new_conversation_id
from assistant.understanding import Understanding, understand
from assistant.vntext import tokens

logger = logging.getLogger(__name__)

STAY_IF_IN_TOP = 3  # a message whose search still lists the current procedure this high continues it
# Without "còn … thì sao", a follow-up leaves the current procedure only for a match this
# sure (the search's belief, 0–1); the chat dialogues' right switches scored 0.72 and above.
SWITCH_CONFIDENCE = 0.5
# A short message whose runner-up is at least this likely, relative to the leader, is
# ambiguous ("làm căn cước": first card, under 14, re-issue?): the citizen is asked to choose.
AMBIGUITY_RATIO = 0.45
AMBIGUOUS_MAX_WORDS = 3
MAX_REMEMBERED_WORDS = 200
MAX_UNRESOLVED = 3
UNSTORED_REFERENCE = "{reference}"
NOT_FOUND_PROBABILITY = 0.3  # scope classifier: about procedures, though none matched


class ConversationState(BaseModel):
    """What a conversation remembers between turns (stored as JSON)."""

    procedure: str | None = None
    facts: dict[str, str] = Field(default_factory=dict)  # situation dimension -> option
    case: str | None = None  # the record case the citizen chose
    words: list[str] = Field(default_factory=list)  # the citizen's words about the current procedure
    asked: list[str] = Field(default_factory=list)  # situation questions asked about it
    pending: str | None = None  # the question waiting for an answer
    pending_options: list[tuple[str, str]] = Field(default_factory=list)  # (key, quick reply)
    checklist_reference: str | None = None
    unresolved: list[str] = Field(default_factory=list)  # recent messages no procedure was found for

    def switch_to(self, code: str) -> None:
        """A new current procedure: what was known of the old one's case and questions goes."""
        self.procedure, self.case, self.words, self.asked = code, None, [], []
        self.pending, self.pending_options, self.checklist_reference = None, [], None


@dataclass
class Turn:
    conversation_id: str
    channel: str
    raw: str
    state: ConversationState
    message: GuardedMessage | None = None
    text: str = ""  # what is answered: masked, instruction-like spans cut out
    analysis: QueryAnalysis | None = None
    understanding: Understanding = field(default_factory=Understanding)
    claims: list[Claim] = field(default_factory=list)
    procedure: Procedure | None = None
    switched: bool = False  # the procedure was found in this message
    candidates: list[Procedure] = field(default_factory=list)  # close candidates to choose from
    situation_answer: bool = False  # the message answers a pending question
    reply: Reply | None = None
    checklist: Checklist | None = None
    sections: list[Section] = field(default_factory=list)


class Assistant:
    def __init__(
        self,
        knowledge: KnowledgeBase,
        centre: CentreProfile,
        search: ProcedureSearch,
        repository: Repository,
        words: DialogueWords,
        checklists: ChecklistBuilder,
        llm: LlmComposer | None = None,
    ):
        self.knowledge = knowledge
        self.centre = centre
        self.search = search
        self.repository = repository
        self.words = words
        self.checklists = checklists
        self.llm = llm
        self.pipeline: Runnable = (
            RunnableLambda(self._guard, name="guard")
            | RunnableLambda(self._understand, name="understand")
            | RunnableLambda(self._route, name="route")
            | RunnableLambda(self._compose, name="compose")
            | RunnableLambda(self._rephrase, name="rephrase_and_verify")
        )

    # -- the public entry point ---------------------------------------------------------

    def reply(self, conversation_id: str | None, text: str, channel: str = "web") -> Reply:
        conversation_id = conversation_id or new_conversation_id()
        with self.repository.turn(conversation_id, channel) as store:
            turn = Turn(conversation_id, channel, text, ConversationState.model_validate(store.state))
            try:
                turn = self.pipeline.invoke(turn)
            except Exception:
                logger.exception("turn failed in conversation %s", conversation_id)
                # A failed turn changes nothing of the conversation but records the exchange.
                turn.state = ConversationState.model_validate(store.state)
                turn.checklist = None
                turn.reply = self._reply(turn, ReplyStatus.ERROR, "Xin lỗi, đã có lỗi khi xử lý tin nhắn. Bạn vui lòng thử lại sau ít phút.")
            self._store(store, turn)
            assert turn.reply is not None
            return turn.reply

    def _store(self, store: TurnStore, turn: Turn) -> None:
        reply = turn.reply
        assert reply is not None
        # Kept even when the guard itself failed: masked here, never stored raw.
        masked = turn.message.text if turn.message else mask_personal_data(turn.raw)
        store.add_message("citizen", masked)
        if turn.checklist is not None:
            reference = store.save_checklist(turn.checklist, turn.state.checklist_reference)
            turn.state.checklist_reference = reference
            reply.checklist = turn.checklist.model_copy(update={"reference": reference})
            reply.answer = reply.answer.replace(turn.checklist.reference, reference)
        store.add_message("assistant", reply.answer, reply.status.value, turn.state.procedure)
        store.save_state(turn.state.model_dump(mode="json"), handoff=True if reply.status is ReplyStatus.HANDOFF else None)

    # -- steps -------------------------------------------------------------------------------

    def _guard(self, turn: Turn) -> Turn:
        message = turn.message = guard(turn.raw, self.words)
        if not message.text:
            turn.reply = self._reply(turn, ReplyStatus.CLARIFY, "Bạn chưa nhập nội dung. Bạn cần hỏi về thủ tục nào ạ?")
        elif message.too_long:
            turn.reply = self._reply(
                turn,
                ReplyStatus.REFUSED,
                f"Tin nhắn của bạn dài quá {MAX_MESSAGE_CHARS} ký tự. Bạn vui lòng hỏi ngắn gọn hơn, "
                "mỗi tin nhắn một câu hỏi, để mình trả lời chính xác ạ.",
            )
        turn.text = without_injection(message.text, self.words) if message.injection else message.text
        return turn

    def _understand(self, turn: Turn) -> Turn:
        if turn.reply is not None:
            return turn
        turn.analysis = self.search.analyze(turn.text)
        turn.understanding = understand(turn.analysis, self.words, self.checklists)
        said = turn.understanding
        # A figure is a premise to check only where the message is about fees or times, or
        # checks something: "thuê trọ 3 năm rồi" is not a claim about processing time.
        turn.claims = [
            c
            for c in find_claims(turn.text)
            if said.yes_no or (Aspect.FEE if c.kind == "fee" else Aspect.TIME) in said.aspects
        ]
        return turn

    def _route(self, turn: Turn) -> Turn:
        if turn.reply is not None:
            return turn
        state, said = turn.state, turn.understanding
        self._take_pending_answer(turn)
        state.facts.update(said.facts)
        if said.handoff:
            answer = (
                "Mình đã ghi nhận yêu cầu gặp cán bộ; cán bộ của Trung tâm sẽ xem cuộc trò chuyện này và trả lời bạn.\n"
                + composer.contact_text(self.centre)
            )
            turn.reply = self._reply(turn, ReplyStatus.HANDOFF, answer)
            return turn
        # The current procedure stays. A dossier's progress or the staff may come with other
        # words ("nộp online rồi, theo dõi hồ sơ tới đâu"); the search tells whether they name a procedure.
        if said.centre_only or (said.centre_beside_other_words and self.search.out_of_scope(turn.text)):
            answer, known = composer.centre_answer(said.centre, self.centre)
            turn.reply = self._reply(turn, ReplyStatus.ANSWERED if known else ReplyStatus.NOT_FOUND, answer)
            return turn
        if said.opinion_only:
            turn.reply = self._reply(
                turn,
                ReplyStatus.OUT_OF_SCOPE,
                "Đây là việc cần ý kiến tư vấn hoặc do cơ quan có thẩm quyền (như tòa án) quyết định, "
                "không có trong hồ sơ thủ tục hành chính nên mình không trả lời được ạ. "
                "Mình có thể hướng dẫn giấy tờ, lệ phí, thời gian và nơi nộp của một thủ tục cụ thể.",
            )
            return turn
        if said.social_only:
            return self._no_procedure(turn)
        current = self.knowledge.get(state.procedure) if state.procedure in self.knowledge else None
        if current is not None and turn.switched:
            turn.procedure = current  # chosen from the candidates offered
            return self._remember(turn)
        # One leftover word ("lấy", "mất") is too little to leave the current procedure.
        if current is not None and (turn.situation_answer or len(said.residual) < 2) and not said.switch_marker:
            turn.procedure = current  # a follow-up: "làm ở đâu?", "gửi bưu điện được không?"
            return self._remember(turn)
        if current is None and not said.residual and not said.social_only and said.aspects:
            turn.reply = self._reply(
                turn,
                ReplyStatus.CLARIFY,
                "Bạn cho mình biết bạn cần làm thủ tục gì ạ (ví dụ: đăng ký khai sinh, đăng ký tạm trú, chứng thực bản sao)?",
            )
            return turn
        found = self._find(turn, current)
        if found is not None:
            return self._remember(turn)
        if turn.candidates:
            return self._ask_which(turn)
        if current is not None and (said.aspects or said.facts):
            turn.procedure = current
            return self._remember(turn)
        return self._no_procedure(turn)

    def _find(self, turn: Turn, current: Procedure | None) -> Procedure | None:
        state = turn.state
        # Aspect phrases ("lệ phí", "ở đâu") say what is asked, not which procedure: searched
        # with them, "lệ phí kết hôn" finds the fee-declaration procedures.
        said = turn.understanding
        for text in dict.fromkeys([said.search_text, " ".join(said.residual), turn.text]):
            response = self.search.search(text, limit=STAY_IF_IN_TOP) if text else None
            if response is not None and response.status == "ok":
                break
        if (response is None or response.status != "ok") and current is None and state.unresolved:
            # Citizens write in several messages: "cho mình hỏi" / "làm giấy khai sinh" / "cho con".
            response = self.search.search(" ".join([*state.unresolved, turn.text]), limit=STAY_IF_IN_TOP)
        if response is None or response.status != "ok" or not response.results:
            return None
        hits = response.results
        codes = [hit.code for hit in hits]
        if current is not None and current.code in codes and not turn.understanding.switch_marker:
            turn.procedure = current
            return current
        if current is not None and not said.switch_marker and hits[0].score < SWITCH_CONFIDENCE:
            turn.procedure = current  # a weak match is no reason to leave: "quy định này theo luật nào"
            return current
        ambiguous = len(said.residual) <= AMBIGUOUS_MAX_WORDS and len(hits) > 1 and hits[1].score >= AMBIGUITY_RATIO * hits[0].score
        if ambiguous and current is not None and not said.switch_marker:
            turn.procedure = current  # a short follow-up that points nowhere in particular
            return current
        if ambiguous and not said.aspects and not turn.claims:
            # Only a bare need ("làm căn cước") is asked back; a question about a fee or a
            # time is answered for the best match, which names itself in the answer.
            turn.candidates = [self.knowledge.get(code) for code in codes]
            return None
        turn.procedure = self.knowledge.get(codes[0])
        if current is None or current.code != codes[0]:
            turn.switched = True
            state.switch_to(codes[0])
        state.unresolved = []
        return turn.procedure

    def _remember(self, turn: Turn) -> Turn:
        assert turn.analysis is not None
        turn.state.words = (turn.state.words + turn.analysis.words)[-MAX_REMEMBERED_WORDS:]
        return turn

    def _ask_which(self, turn: Turn) -> Turn:
        state = turn.state
        state.pending = "procedure"
        state.pending_options = [(p.code, composer.short(composer.title(p).strip("«»"), 60)) for p in turn.candidates]
        listing = "\n".join(f"- {composer.title(p)}" for p in turn.candidates)
        answer = f"Bạn muốn hỏi về thủ tục nào dưới đây ạ?\n{listing}"
        turn.reply = self._reply(turn, ReplyStatus.CLARIFY, answer, quick_replies=[label for _, label in state.pending_options])
        turn.reply.procedures = [_ref(p) for p in turn.candidates]
        return turn

    def _take_pending_answer(self, turn: Turn) -> None:
        """A tapped quick reply, or a free-text answer that states the pending fact."""
        state = turn.state
        if state.pending is None:
            return
        typed = turn.text.strip().lower()
        if state.pending == "procedure":
            chosen = self._chosen_candidate(typed, state.pending_options)
            if chosen is not None:
                state.switch_to(chosen)
                turn.switched = True
            return
        for key, label in state.pending_options:
            if typed == label.lower():
                if state.pending == "case":
                    state.case = key
                else:
                    state.facts[state.pending] = key
                turn.situation_answer = True
        if set(turn.understanding.facts) & {state.pending, *state.asked}:
            turn.situation_answer = True  # also an answer to an earlier question, by its old quick reply
        if turn.situation_answer:
            state.pending, state.pending_options = None, []

    @staticmethod
    def _chosen_candidate(typed: str, options: list[tuple[str, str]]) -> str | None:
        """The candidate a reply picks: its quick reply, or the one its words fit best."""
        for code, label in options:
            if typed == label.lower():
                return code
        said = set(tokens(typed))
        overlap = {code: len(said & set(tokens(label))) for code, label in options}
        best = max(overlap.values(), default=0)
        winners = [code for code, count in overlap.items() if count == best]
        return winners[0] if best > 0 and len(winners) == 1 else None

    def _no_procedure(self, turn: Turn) -> Turn:
        said, state = turn.understanding, turn.state
        if said.social_only:
            if said.thanks:
                answer = "Dạ không có gì ạ. Nếu cần hỏi thêm về thủ tục nào, bạn cứ nhắn cho mình nhé."
            else:
                answer = (
                    f"Xin chào! Mình là trợ lý của {self.centre.name}. Bạn cần hỏi về thủ tục nào ạ? "
                    "Mình có thể cho biết giấy tờ cần chuẩn bị, lệ phí, thời gian giải quyết và nơi nộp hồ sơ."
                )
            turn.reply = self._reply(turn, ReplyStatus.ANSWERED, answer)
            return turn
        if turn.message is not None and turn.message.injection:
            turn.reply = self._reply(
                turn,
                ReplyStatus.REFUSED,
                "Mình chỉ có thể trả lời về thủ tục hành chính theo hồ sơ thủ tục chính thức, "
                "và không thay đổi cách trả lời theo yêu cầu trong tin nhắn. Bạn cần hỏi về thủ tục nào ạ?",
            )
            return turn
        state.unresolved = [*state.unresolved, turn.text][-MAX_UNRESOLVED:]
        if said.residual and self.search.scope.probability(turn.text) >= NOT_FOUND_PROBABILITY:
            answer = (
                "Mình chưa tìm thấy thủ tục nào phù hợp với câu hỏi của bạn trong danh mục thủ tục hành chính. "
                "Bạn có thể nói rõ hơn việc bạn cần làm không ạ?\n" + composer.contact_text(self.centre)
            )
            turn.reply = self._reply(turn, ReplyStatus.NOT_FOUND, answer)
            return turn
        turn.reply = self._reply(
            turn,
            ReplyStatus.OUT_OF_SCOPE,
            "Xin lỗi, mình chỉ hỗ trợ các câu hỏi về thủ tục hành chính (hồ sơ, lệ phí, thời gian, nơi nộp). "
            "Bạn cần hỏi về thủ tục nào ạ?",
        )
        return turn

    def _compose(self, turn: Turn) -> Turn:
        if turn.reply is not None:
            return turn
        procedure, said, state = turn.procedure, turn.understanding, turn.state
        assert procedure is not None
        aspects = list(said.aspects)
        asked_channel = said.facts.get("channel")
        # A message that only tells more of the situation updates the checklist already given.
        wants_checklist = Aspect.DOCUMENTS in aspects or turn.situation_answer or (
            state.checklist_reference is not None and not aspects and not turn.switched
        )
        parts: list[str] = []
        sections: list[Section] = []
        if turn.message is not None and turn.message.injection:
            parts.append("Mình chỉ trả lời theo hồ sơ thủ tục chính thức; thông tin không thay đổi theo yêu cầu trong tin nhắn.")
        if premise := composer.premise_answer(turn.claims, procedure):
            parts.append(premise)
            sections.append(Section.CHANNELS)
            aspects = [a for a in aspects if not (a is Aspect.FEE and _has(turn.claims, "fee")) and not (a is Aspect.TIME and _has(turn.claims, "time"))]
        question: Question | None = None
        if wants_checklist:
            turn.checklist, question = self._checklist(procedure, state)
            parts.append(composer.checklist_answer(turn.checklist))
            sections.append(Section.DOCUMENTS)
        for aspect in aspects:
            if aspect is Aspect.DOCUMENTS:
                continue
            parts.append(composer.aspect_answer(aspect, procedure, self.centre, asked_channel))
            sections.append(composer.ASPECT_SECTIONS[aspect])
        overview = not parts or (turn.switched and not aspects and not wants_checklist and not premise)
        if overview:  # the need was named, nothing particular asked: what it is, where, fee, time
            parts = [composer.overview_answer(procedure, self.centre)]
            sections = [Section.OVERVIEW, Section.CHANNELS]
        elif not procedure.handled_at_ward() and Aspect.WHERE not in aspects:
            parts.append(composer.where_summary(procedure, self.centre))
            sections.append(Section.OVERVIEW)
        header = "" if overview else f"Về thủ tục {composer.title(procedure)}:\n"
        quick_replies = composer.follow_up_replies(set(said.aspects) | ({Aspect.DOCUMENTS} if wants_checklist else set()))
        if question is not None:
            parts.append(question.text)
            quick_replies = [label for _, label in state.pending_options]
        turn.sections = list(dict.fromkeys(sections))
        turn.reply = self._reply(turn, ReplyStatus.ANSWERED, header + "\n\n".join(parts), quick_replies=quick_replies)
        return turn

    def _checklist(self, procedure: Procedure, state: ConversationState) -> tuple[Checklist, Question | None]:
        draft = self.checklists.build(procedure, Situation(facts=state.facts, words=state.words, case=state.case))
        items = [
            ChecklistItem(
                name=d.item.name,
                form=d.item.form_code or (d.item.form_files[0] if d.item.form_files else None),
                originals=d.item.originals,
                copies=d.item.copies,
                action="present" if d.item.group is DocumentGroup.PRESENT else "submit",
                required=d.required,
                condition=d.item.condition,
                note=d.note,
                source_index=d.index,
            )
            for d in draft.items
        ]
        online = any(c.kind is ChannelKind.ONLINE for c in procedure.channels)
        checklist = Checklist(
            reference=UNSTORED_REFERENCE,  # drawn when stored
            procedure_code=procedure.code,
            procedure_name=procedure.name,
            items=items,
            fee=composer.fee_summary(procedure),
            processing_time=composer.time_summary(procedure),
            where=composer.where_summary(procedure, self.centre),
            online_url=procedure.source_url if online else None,
            situation={**state.facts, **({"case": draft.case} if draft.case else {})},
        )
        question = next((q for q in draft.questions if q.key not in state.asked), None)
        if question is None or len(state.asked) >= MAX_QUESTIONS_PER_PROCEDURE:
            return checklist, None
        state.asked.append(question.key)
        state.pending = question.key
        state.pending_options = [(key, composer.short(label, 60)) for key, label in question.options]
        return checklist, question

    def _rephrase(self, turn: Turn) -> Turn:
        """The optional LLM phrases the answer; the verifier keeps it honest."""
        reply = turn.reply
        if self.llm is None or reply is None or reply.status is not ReplyStatus.ANSWERED or turn.procedure is None:
            return turn
        if turn.checklist is not None:
            return turn  # a checklist is shown item by item, as the record words it
        grounding = Grounding([turn.procedure], self.centre)
        context = section_context([turn.procedure], [s.value for s in turn.sections])
        reply.answer, _ = self.llm.compose(turn.text, reply.answer, context, grounding)
        return turn

    # -- helpers -------------------------------------------------------------------------------

    def _reply(self, turn: Turn, status: ReplyStatus, answer: str, quick_replies: list[str] | None = None) -> Reply:
        procedure = turn.procedure if status is ReplyStatus.ANSWERED else None
        return Reply(
            conversation_id=turn.conversation_id,
            status=status,
            answer=answer,
            procedures=[_ref(procedure)] if procedure else [],
            citations=[Citation(code=procedure.code, section=s, url=procedure.source_url) for s in turn.sections] if procedure else [],
            quick_replies=quick_replies or [],
        )


def _has(claims: list[Claim], kind: str) -> bool:
    return any(c.kind == kind for c in claims)


def _ref(procedure: Procedure) -> ProcedureRef:
    return ProcedureRef(code=procedure.code, name=procedure.name, levels=[l.value for l in procedure.levels], url=procedure.source_url)
