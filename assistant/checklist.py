"""Pre-fill a citizen's submission checklist from a record and what the citizen said.

The record decides which papers exist and under which condition each applies; the
conversation only decides which of those conditions hold:

- situation dimensions (how the dossier is submitted, who files it) are read from the
  citizen's words and matched against the record's own condition text;
- the cases a record splits its documents into (group headings such as "… vào chỗ ở do
  thuê, mượn, ở nhờ") are chosen from the citizen's words through `cases` hints;
- any other condition holds only when the citizen said it in the record's words ("bỏ
  rơi", "mang thai hộ"); otherwise the item is kept, marked "chỉ cần nếu …".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from assistant.dialogue_words import DIALOGUE_FILE, DialogueWords, SituationDimension, SituationOption
from assistant.domain import DocumentGroup, DocumentItem, Procedure
from assistant.labels import GROUP_LABELS
from assistant.lexicon import PhraseMatcher
from assistant.vntext import fold, syllables

# Words of a record condition that say nothing about which situation it is about. Record
# text always carries its accents, so these are compared accented: "tại" is a stop word,
# "tài" (tài khoản) is not.
_STOP = frozenset(
    "trường hợp người có của các và được theo quy thì là này do cho với tại trong về một những hoặc "
    "yêu cầu nộp hồ sơ giấy tờ bản chính sao phải khi nếu đã sẽ bị cũng từ đến ở ra vào".split()
)
_GENERIC_TITLE_PREFIXES = ("ho so", "thanh phan ho so", "giay to", "luu y", "trong do")
MAX_QUESTIONS_PER_PROCEDURE = 2


@dataclass(frozen=True)
class CaseHint:
    record: str  # folded phrase in a record heading
    citizen: tuple[tuple[str, ...], ...]


@dataclass
class Situation:
    """What is known of the citizen's situation, across the conversation."""

    facts: dict[str, str] = field(default_factory=dict)  # dimension -> option, e.g. channel -> truc_tuyen
    words: list[str] = field(default_factory=list)  # the citizen's words about this procedure
    case: str | None = None  # a record case the citizen picked from the quick replies


@dataclass
class DraftItem:
    index: int
    item: DocumentItem
    required: bool
    note: str | None


@dataclass
class Question:
    key: str  # a dimension key, or "case"
    text: str
    options: list[tuple[str, str]]  # (option key, quick reply label)


@dataclass
class ChecklistDraft:
    items: list[DraftItem]
    questions: list[Question]  # what would resolve the items still marked "chỉ cần nếu"
    case: str | None  # the record case chosen, when the record has several


@dataclass
class _Context:
    situation: Situation
    said: set[tuple[str, str]]  # folded word pairs the citizen wrote
    hints: set[str]  # record phrases the citizen's everyday words point to
    name_words: frozenset[str]  # the procedure's own name: says nothing about a condition


_NEGATIONS = frozenset({"khong", "chua", "chang", "khoi", "cha"})
_CONDITION_TITLE = re.compile(r"^\s*(trường hợp|đối với|nếu)\s+", re.IGNORECASE)


def negated(words: list[str], start: int) -> bool:
    """"không lên phường", "chưa ủy quyền": the phrase at `start` is denied."""
    return start > 0 and fold(words[start - 1]) in _NEGATIONS


# Word pairs too common to say which condition is meant, and compounds a phrase must not cut.
_GENERIC_PAIRS = frozenset({("ca", "nhan"), ("to", "chuc"), ("co", "quan"), ("tham", "quyen"), ("thuc", "hien"), ("thu", "tuc")})
_COMPOUNDS = frozenset({("ho", "so")})  # unaccented "nop ho so" is "nộp hồ sơ", not "nộp hộ"
_RESULT_WINDOW = 6


def _about_the_result(words: list[str], start: int) -> bool:
    """"nhận kết quả qua bưu điện": a channel phrase about receiving the result."""
    before = [fold(w) for w in words[max(0, start - _RESULT_WINDOW) : start]]
    return any(a == "ket" and b == "qua" for a, b in zip(before, before[1:]))


def _splits_compound(words: list[str], end: int) -> bool:
    return end < len(words) and (fold(words[end - 1]), fold(words[end])) in _COMPOUNDS


def _title_condition(title: str) -> str | None:
    """A heading that is a condition ("Trường hợp ủy quyền thực hiện thủ tục thì …")."""
    match = _CONDITION_TITLE.match(title)
    return title[match.end() :] if match else None


def _is_ordinary_dossier(title: str) -> bool:
    """A heading naming the ordinary dossier ("Hồ sơ đăng ký tạm trú"), beside special cases."""
    return fold(title).strip().startswith(("ho so", "thanh phan ho so"))


_GUIDANCE = ("luu y", "nguoi uy quyen va nguoi duoc uy quyen")  # how guidance rows the portal lists as papers begin


def _is_paper(item: DocumentItem) -> bool:
    """A paper to bring, not guidance ("Lưu ý: …") the portal listed among them."""
    return not item.is_note and item.group is not DocumentGroup.OTHER and not fold(item.name).startswith(_GUIDANCE)


def _key_bigrams(text: str, name_words: frozenset[str]) -> set[tuple[str, str]]:
    """Folded word pairs of a record condition, without stop words or the procedure's own name."""
    words = syllables(text)
    useful = [w not in _STOP and fold(w) not in name_words for w in words]
    pairs = {(fold(a), fold(b)) for (a, b), ok_a, ok_b in zip(zip(words, words[1:]), useful, useful[1:]) if ok_a and ok_b}
    return pairs - _GENERIC_PAIRS


def _is_generic_title(title: str | None) -> bool:
    if not title:
        return True
    folded = fold(title).strip()
    return title in GROUP_LABELS.values() or folded.startswith(_GENERIC_TITLE_PREFIXES)


class ChecklistBuilder:
    def __init__(self, words: DialogueWords, hints: list[CaseHint]):
        self.words = words
        self.hints = sorted(hints, key=lambda h: -len(h.record))
        self.hint_matcher = PhraseMatcher()
        for hint in hints:
            for phrase in hint.citizen:
                self.hint_matcher.add(phrase, hint)

    @classmethod
    def load(cls, knowledge_dir: Path, words: DialogueWords) -> ChecklistBuilder:
        data = yaml.safe_load((knowledge_dir / DIALOGUE_FILE).read_text(encoding="utf-8"))
        hints = [
            CaseHint(fold(raw["record"]), tuple(tuple(syllables(p)) for p in raw["citizen"])) for raw in data.get("cases") or []
        ]
        return cls(words, hints)

    # -- reading the citizen -------------------------------------------------------------

    def read_facts(self, words: list[str]) -> dict[str, str]:
        """Situation facts stated in one message.

        Later phrases win, overlapping ones do not ("tự nộp hồ sơ" is not "nộp hộ"), denied
        ones state nothing ("không lên phường"), and how the result comes back is not how the
        dossier goes in ("nhận kết quả qua bưu điện").
        """
        facts: dict[str, str] = {}
        taken = -1
        for start, end, value in sorted(self.words.situation_phrases.find(words), key=lambda m: (m[0], -m[1])):
            if start < taken or negated(words, start) or _about_the_result(words, start) or _splits_compound(words, end):
                continue
            taken = end
            dimension, option = value  # type: ignore[misc]
            facts[dimension] = option
        return facts

    def read_situation(self, messages: list[list[str]]) -> Situation:
        """The situation told over several messages (each one's words, shorthand expanded)."""
        situation = Situation()
        for words in messages:
            situation.facts.update(self.read_facts(words))
            situation.words += words
        return situation

    def mentioned_hints(self, words: list[str]) -> set[str]:
        """The record phrases ("thuê, mượn, ở nhờ") whose everyday wording the citizen used."""
        return {hint.record for start, _, hint in self.hint_matcher.find(words) if not negated(words, start)}  # type: ignore[attr-defined]

    def _hint_for(self, title: str) -> CaseHint | None:
        folded = fold(title)
        return next((h for h in self.hints if h.record in folded), None)

    # -- building ----------------------------------------------------------------------------

    def build(self, procedure: Procedure, situation: Situation) -> ChecklistDraft:
        cases = self._cases(procedure)
        case, case_question = self._choose_case(procedure, cases, situation)
        context = _Context(
            situation,
            said={(fold(a), fold(b)) for a, b in zip(situation.words, situation.words[1:])},
            hints=self.mentioned_hints(situation.words),
            name_words=frozenset(fold(w) for w in syllables(procedure.name)),
        )
        papers = [(i, item) for i, item in enumerate(procedure.documents) if _is_paper(item)]
        borrowed = self._borrowed_forms(papers, cases, case)
        items: list[DraftItem] = []
        unresolved: dict[str, SituationDimension] = {}
        for index, item in papers:
            title = item.group_title or ""
            if cases and title in cases and case is not None and title != case and index not in borrowed:
                continue  # another case of the record
            if case and _is_ordinary_dossier(title):
                continue  # "Hồ sơ đăng ký tạm trú" is the ordinary case; a special one was chosen
            required, note = True, None
            if cases and title in cases and case is None:
                required, note = False, f"Chỉ cần nếu: {title}"
            # A heading "Trường hợp …" is a condition on its items, like an item's own.
            conditions = [c for c in (_title_condition(title), item.condition) if c]
            for condition in conditions:
                holds, dimension = self._condition_holds(condition, context)
                if holds is False:
                    break
                if holds is None:
                    required, note = False, f"Chỉ cần nếu {condition.rstrip('.:')}"
                    if dimension is not None:
                        unresolved[dimension.key] = dimension
                elif required and note is None:
                    note = f"Áp dụng vì {condition.rstrip('.:')}"
            else:
                if not conditions and (named := self._named_option(item.name)) is not None:
                    dimension, option = named
                    fact = situation.facts.get(dimension.key)
                    if fact is not None and fact != option.key:
                        continue
                    if fact is None:
                        required, note = False, f"Chỉ cần nếu chọn: {option.label.lower()}"
                        unresolved[dimension.key] = dimension
                if required and item.group is DocumentGroup.PRESENT and situation.facts.get("channel") == "truc_tuyen":
                    # "Xuất trình" is showing a paper at the counter; an online dossier has no counter.
                    required, note = False, "Chỉ cần nếu phải đến xuất trình trực tiếp"
                items.append(DraftItem(index, item, required, note))
        questions = [case_question] if case_question else []
        questions += [
            Question(d.key, d.question, [(o.key, o.label) for o in d.options])
            for d in self.words.situations
            if d.key in unresolved
        ]
        return ChecklistDraft(items, questions, case)

    def _cases(self, procedure: Procedure) -> list[str]:
        """The record's case headings ("Đăng ký thường trú vào chỗ ở do thuê…"), when it has several."""
        titles: list[str] = []
        for item in procedure.documents:
            title = item.group_title or ""
            if _is_paper(item) and not _is_generic_title(title) and not _title_condition(title) and title not in titles:
                titles.append(title)
        return titles if len(titles) > 1 else []

    @staticmethod
    def _borrowed_forms(papers: list[tuple[int, DocumentItem]], cases: list[str], case: str | None) -> set[int]:
        """The declaration form, when the portal listed it under another case only.

        Every dossier has its declaration form (e.g. CT01); some records list it once, under
        the first case heading. A chosen case without any form borrows that one.
        """
        if not case:
            return set()
        if any(item.form_code for _, item in papers if (item.group_title or "") == case):
            return set()
        forms = [i for i, item in papers if item.form_code and (item.group_title or "") in cases]
        return set(forms[-1:])

    def _named_option(self, name: str) -> tuple[SituationDimension, SituationOption] | None:
        """An item whose very name ties it to one option ("Mẫu … điện tử tương tác" is filled online)."""
        folded = fold(name)
        for dimension in self.words.situations:
            for option in dimension.options:
                if any(phrase in folded for phrase in option.item_names):
                    return dimension, option
        return None

    def _choose_case(self, procedure: Procedure, cases: list[str], situation: Situation) -> tuple[str | None, Question | None]:
        if not cases:
            return None, None
        if situation.case in cases:
            return situation.case, None
        mentioned = self.mentioned_hints(situation.words)
        chosen = [title for title in cases if (hint := self._hint_for(title)) is not None and hint.record in mentioned]
        if len(chosen) == 1:
            return chosen[0], None
        has_ordinary_case = any(_is_generic_title(i.group_title) for i in procedure.documents if not i.is_note)
        if has_ordinary_case and not chosen:
            return "", None  # the ordinary case: special cases only when the citizen says so
        options = chosen or cases
        return None, Question("case", "Trường hợp của bạn là trường hợp nào ạ?", [(t, t) for t in options])

    def _condition_holds(self, condition: str, context: _Context) -> tuple[bool | None, SituationDimension | None]:
        """True / False when known, None when not; and the dimension that would tell."""
        for dimension in self.words.situations:
            options = dimension.options_in_condition(condition)
            if not options:
                continue
            fact = context.situation.facts.get(dimension.key)
            if fact is None:
                return None, dimension
            return fact in options, None
        folded = fold(condition)
        if any(record in folded for record in context.hints):
            return True, None
        if _key_bigrams(condition, context.name_words) & context.said:
            return True, None
        return None, None
