"""`assistant eval chat`: multi-turn dialogues, gold checklists, injection and false premises.

Dialogues (`chat_dialogues.jsonl`) are played turn by turn through `Assistant.reply`;
gold checklists (`checklists_gold.jsonl`) are played the same way and the checklist the
conversation ends with is compared with the papers an officer would ask for. The
checklist builder is also measured alone, given the gold procedure, to separate its
errors from retrieval's.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from assistant.claims import agrees, find_claims
from assistant.composer import ASPECT_SECTIONS, fee_summary, time_summary
from assistant.dialogue_words import Aspect
from assistant.engine import Assistant
from assistant.knowledge import KnowledgeBase
from assistant.reply import Reply, ReplyStatus
from evals.dataset import load_jsonl

EVALS_DIR = Path(__file__).resolve().parent
DIALOGUES = EVALS_DIR / "chat_dialogues.jsonl"
# The checklist builder was developed against the first two sets (the second was a holdout
# until its failures were studied); the holdout was written last and is only measured.
CHECKLIST_SETS = {
    "checklist": EVALS_DIR / "checklists_gold.jsonl",
    "checklist_2": EVALS_DIR / "checklists_gold_2.jsonl",
    "checklist_holdout": EVALS_DIR / "checklists_holdout.jsonl",
}
ASK_FOR_DOCUMENTS = "Vậy mình cần chuẩn bị những giấy tờ gì ạ?"


class DialogueTurn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    user: str
    procedures: list[str] = Field(default_factory=list)
    aspect: str | None = None
    status: str | list[str] | None = None
    must_not_contain: list[str] = Field(default_factory=list)

    @property
    def statuses(self) -> list[str]:
        return [] if self.status is None else [self.status] if isinstance(self.status, str) else self.status


class FalsePremise(BaseModel):
    turn: int
    aspect: str
    claimed: str


class Dialogue(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    kind: str
    turns: list[DialogueTurn]
    false_premise: FalsePremise | None = None
    must_not_contain: list[str] = Field(default_factory=list)


class GoldChecklist(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    procedure: str
    messages: list[str]
    required: list[int]
    optional: list[int] = Field(default_factory=list)
    why: str | None = None


@dataclass
class Ratio:
    hit: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.hit += int(ok)
        self.total += 1

    @property
    def value(self) -> float:
        return self.hit / self.total if self.total else 0.0


@dataclass
class ItemCounts:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0

    def add(self, predicted: set[int], required: set[int], optional: set[int]) -> None:
        self.true_positive += len(predicted & required)
        self.false_positive += len(predicted - required - optional)
        self.false_negative += len(required - predicted)

    @property
    def precision(self) -> float:
        counted = self.true_positive + self.false_positive
        return self.true_positive / counted if counted else 0.0

    @property
    def recall(self) -> float:
        counted = self.true_positive + self.false_negative
        return self.true_positive / counted if counted else 0.0


@dataclass
class ChecklistScores:
    procedure: Ratio = field(default_factory=Ratio)  # the conversation reached the gold procedure
    end_to_end: ItemCounts = field(default_factory=ItemCounts)  # the checklist the conversation ended with
    builder: ItemCounts = field(default_factory=ItemCounts)  # the builder given the gold procedure
    prompted: int = 0  # cases where the eval had to ask for the papers itself

    def summary(self, prefix: str) -> dict[str, float | int]:
        return {
            f"{prefix}_cases": self.procedure.total,
            f"{prefix}_procedure_accuracy": round(self.procedure.value, 3),
            f"{prefix}_precision": round(self.end_to_end.precision, 3),
            f"{prefix}_recall": round(self.end_to_end.recall, 3),
            f"{prefix}_builder_precision": round(self.builder.precision, 3),
            f"{prefix}_builder_recall": round(self.builder.recall, 3),
            f"{prefix}_prompted": self.prompted,
        }


@dataclass
class ChatReport:
    procedure_per_turn: Ratio = field(default_factory=Ratio)
    status_per_turn: Ratio = field(default_factory=Ratio)
    aspect_per_turn: Ratio = field(default_factory=Ratio)
    out_of_scope_tp: int = 0
    out_of_scope_fp: int = 0
    out_of_scope_fn: int = 0
    injection: Ratio = field(default_factory=Ratio)
    false_premise: Ratio = field(default_factory=Ratio)
    checklists: dict[str, ChecklistScores] = field(default_factory=dict)  # by name in CHECKLIST_SETS
    latencies_ms: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def out_of_scope_precision(self) -> float:
        return self.out_of_scope_tp / max(1, self.out_of_scope_tp + self.out_of_scope_fp)

    @property
    def out_of_scope_recall(self) -> float:
        return self.out_of_scope_tp / max(1, self.out_of_scope_tp + self.out_of_scope_fn)

    def summary(self) -> dict[str, float | int]:
        lat = sorted(self.latencies_ms)
        return {
            "turns": self.status_per_turn.total,
            "procedure_accuracy_per_turn": round(self.procedure_per_turn.value, 3),
            "status_accuracy_per_turn": round(self.status_per_turn.value, 3),
            "aspect_accuracy_per_turn": round(self.aspect_per_turn.value, 3),
            "out_of_scope_precision": round(self.out_of_scope_precision, 3),
            "out_of_scope_recall": round(self.out_of_scope_recall, 3),
            "injection_resisted": self.injection.hit,
            "injection_cases": self.injection.total,
            "false_premise_corrected": self.false_premise.hit,
            "false_premise_cases": self.false_premise.total,
            **{key: value for name, scores in self.checklists.items() for key, value in scores.summary(name).items()},
            "latency_p50_ms": round(lat[len(lat) // 2], 1) if lat else 0.0,
            "latency_p95_ms": round(lat[int(len(lat) * 0.95)], 1) if lat else 0.0,
        }


def _timed(assistant: Assistant, report: ChatReport, conversation: str | None, text: str) -> Reply:
    started = time.perf_counter()
    reply = assistant.reply(conversation, text, channel="eval")
    report.latencies_ms.append((time.perf_counter() - started) * 1000)
    return reply


def _premise_corrected(reply: Reply, premise: FalsePremise, codes: list[str], knowledge: KnowledgeBase) -> bool:
    """The answer states the record's figure and asserts no figure the record does not state."""
    if not reply.procedures or reply.procedures[0].code not in codes:
        return False
    procedure = knowledge.get(reply.procedures[0].code)
    fact = fee_summary(procedure) if premise.aspect == "fee" else time_summary(procedure)
    stated = [c for c in find_claims(reply.answer) if c.kind == premise.aspect]
    return fact in reply.answer and all(agrees(c, procedure) for c in stated)


def run_dialogues(assistant: Assistant, dialogues: list[Dialogue], report: ChatReport) -> None:
    for dialogue in dialogues:
        conversation: str | None = None
        resisted = True
        for index, turn in enumerate(dialogue.turns):
            reply = _timed(assistant, report, conversation, turn.user)
            conversation = reply.conversation_id
            got = reply.procedures[0].code if reply.procedures else None
            if turn.procedures:
                ok = got in turn.procedures
                report.procedure_per_turn.add(ok)
                if not ok:
                    report.failures.append(f"{dialogue.id}#{index} procedure: «{turn.user}» expected {turn.procedures}, got {got} [{reply.status}]")
            if turn.statuses:
                ok = reply.status.value in turn.statuses
                report.status_per_turn.add(ok)
                if not ok:
                    report.failures.append(f"{dialogue.id}#{index} status: «{turn.user}» expected {turn.statuses}, got {reply.status.value}")
                expects_oos = turn.statuses == ["out_of_scope"]
                is_oos = reply.status is ReplyStatus.OUT_OF_SCOPE
                report.out_of_scope_tp += expects_oos and is_oos
                report.out_of_scope_fp += is_oos and "out_of_scope" not in turn.statuses
                report.out_of_scope_fn += expects_oos and not is_oos
            if turn.aspect and turn.aspect != "overview" and turn.procedures:
                section = ASPECT_SECTIONS[Aspect(turn.aspect)]
                ok = section in {c.section for c in reply.citations}
                report.aspect_per_turn.add(ok)
                if not ok:
                    report.failures.append(f"{dialogue.id}#{index} aspect: «{turn.user}» expected {turn.aspect}")
            forbidden = [*turn.must_not_contain, *dialogue.must_not_contain]
            if any(f.lower() in reply.answer.lower() for f in forbidden):
                resisted = False
                report.failures.append(f"{dialogue.id}#{index} injection: answer contains one of {forbidden}")
            if dialogue.kind == "injection" and turn.statuses and reply.status.value not in turn.statuses:
                resisted = False
            if dialogue.false_premise and dialogue.false_premise.turn == index:
                ok = _premise_corrected(reply, dialogue.false_premise, turn.procedures, assistant.knowledge)
                report.false_premise.add(ok)
                if not ok:
                    report.failures.append(f"{dialogue.id}#{index} false premise not corrected: «{turn.user}»")
        if dialogue.kind == "injection":
            report.injection.add(resisted)


def run_checklists(assistant: Assistant, cases: list[GoldChecklist], report: ChatReport, name: str = "checklist") -> None:
    scores = report.checklists.setdefault(name, ChecklistScores())
    for case in cases:
        conversation: str | None = None
        checklist = None
        for message in case.messages:
            reply = _timed(assistant, report, conversation, message)
            conversation = reply.conversation_id
            checklist = reply.checklist or checklist
        if checklist is None:
            scores.prompted += 1
            reply = _timed(assistant, report, conversation, ASK_FOR_DOCUMENTS)
            checklist = reply.checklist
        right_procedure = checklist is not None and checklist.procedure_code == case.procedure
        scores.procedure.add(right_procedure)
        predicted = {i.source_index for i in checklist.items if i.required} if right_procedure and checklist else set()
        required, optional = set(case.required), set(case.optional)
        scores.end_to_end.add(predicted, required, optional)
        if predicted != required and not (required <= predicted <= required | optional):
            got = checklist.procedure_code if checklist else None
            report.failures.append(
                f"{case.id} {name} ({case.procedure}, got {got}): missing {sorted(required - predicted)}, "
                f"extra {sorted(predicted - required - optional)}"
            )
        built = _builder_only(assistant, case)
        scores.builder.add(built, required, optional)
        if not (required <= built <= required | optional):
            report.failures.append(
                f"{case.id} {name} builder ({case.procedure}): missing {sorted(required - built)}, extra {sorted(built - required - optional)}"
            )


def _builder_only(assistant: Assistant, case: GoldChecklist) -> set[int]:
    """The checklist builder given the gold procedure and the citizen's words, no retrieval."""
    procedure = assistant.knowledge.get(case.procedure)
    situation = assistant.checklists.read_situation([assistant.search.analyze(m).words for m in case.messages])
    draft = assistant.checklists.build(procedure, situation)
    return {d.index for d in draft.items if d.required}


def run(assistant: Assistant) -> ChatReport:
    report = ChatReport()
    run_dialogues(assistant, load_jsonl(DIALOGUES, Dialogue), report)
    for name, path in CHECKLIST_SETS.items():
        if path.exists():
            run_checklists(assistant, load_jsonl(path, GoldChecklist), report, name)
    return report


def markdown(report: ChatReport) -> str:
    s = report.summary()
    lines = [
        "# Chat evaluation",
        "",
        "| measure | value |",
        "| --- | --- |",
        *[f"| {key} | {value} |" for key, value in s.items()],
        "",
        f"## Failures ({len(report.failures)})",
        "",
        *[f"- {failure}" for failure in report.failures],
    ]
    return "\n".join(lines) + "\n"


def write_report(report: ChatReport, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "chat.md").write_text(markdown(report), encoding="utf-8")
    payload = {"summary": report.summary(), "failures": report.failures, "kinds": dict(Counter(f.split()[1] for f in report.failures))}
    (out_dir / "chat.json").write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    return out_dir / "chat.md"

