"""What one message says, beyond which procedure: aspects asked, situation facts, social moves.

    "nộp qua bưu điện được không?" -> aspects {channels}, facts {channel: buu_chinh}, no residual words
    "còn khai tử thì sao?"         -> switch marker, residual ["khai", "tử"] (names a procedure)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.checklist import ChecklistBuilder
from assistant.dialogue_words import TELLING_TOPICS, Aspect, CentreTopic, DialogueWords
from assistant.query import QueryAnalysis
from assistant.vntext import fold, has_diacritics, syllables


@dataclass
class Understanding:
    aspects: list[Aspect] = field(default_factory=list)
    facts: dict[str, str] = field(default_factory=dict)
    residual: list[str] = field(default_factory=list)  # words that may name a procedure
    search_text: str = ""  # the message without the aspect phrases ("lệ phí", "ở đâu"), for search
    yes_no: bool = False  # "… đúng không?": the citizen checks something they take for granted
    greeting: bool = False
    thanks: bool = False
    handoff: bool = False
    centre: list[CentreTopic] = field(default_factory=list)  # asked about the centre itself
    switch_marker: bool = False  # "còn … thì sao?": the message moves to another procedure
    opinion_only: bool = False  # advice, a comparison, trivia, a dispute's outcome, and nothing a record answers

    @property
    def centre_only(self) -> bool:
        """About the centre itself ("thứ 7 có làm việc không"), naming no procedure."""
        return bool(self.centre) and not self.residual

    @property
    def centre_beside_other_words(self) -> bool:
        """About a dossier's progress or the staff, whatever else is said; the words left
        over may still name a procedure, which the search tells."""
        return any(topic in TELLING_TOPICS for topic in self.centre)

    @property
    def social_only(self) -> bool:
        return (self.greeting or self.thanks) and not self.residual and not self.aspects and not self.centre


def understand(analysis: QueryAnalysis, words: DialogueWords, builder: ChecklistBuilder | None = None) -> Understanding:
    """What the message says; situation facts are read only with a checklist builder."""
    tokens = analysis.words
    typed = syllables(analysis.text)  # greetings are read as typed: shorthand expansion drops "chào"
    covered = [False] * len(tokens)

    def mark(matches: list[tuple[int, int, object]]) -> list[tuple[int, int, object]]:
        for start, end, _ in matches:
            for i in range(start, end):
                covered[i] = True
        return matches

    opinions = mark(words.opinion.find(tokens))
    strong: list[Aspect] = []
    weak: list[Aspect] = []
    # "có nên" is not a condition, "ai được quyền nuôi" not a result: aspect words inside an
    # opinion phrase are part of it.
    inside_opinion = {i for start, end, _ in opinions for i in range(start, end)}
    aspect_matches = [m for m in words.aspects.find(tokens) if not inside_opinion & set(range(m[0], m[1]))]
    for start, end, aspect in mark(aspect_matches):
        phrase = tuple(fold(t) for t in tokens[start:end])
        target = weak if phrase in words.weak_aspects else strong
        if aspect not in target:
            target.append(aspect)  # type: ignore[arg-type]
    aspects = strong or weak
    search_text = " ".join(t for t, c in zip(tokens, covered) if not c)

    understanding = Understanding(aspects=aspects, facts=builder.read_facts(tokens) if builder else {}, search_text=search_text)
    understanding.opinion_only = bool(opinions) and not strong
    understanding.yes_no = bool(words.yes_no.find(tokens))
    mark(words.situation_phrases.find(tokens))
    understanding.greeting = bool(words.greetings.find(typed))
    understanding.thanks = bool(words.thanks.find(typed))
    understanding.handoff = bool(mark(words.handoff.find(tokens)))
    understanding.centre = list(dict.fromkeys(topic for _, _, topic in mark(words.centre.find(tokens))))  # type: ignore[misc]
    if understanding.centre:
        mark(words.centre_names.find(tokens))  # "trung tâm", "phường": the centre asked about
    # A one-syllable marker counts only typed with its accents: unaccented "con" is a child.
    switches = [m for m in words.switches.find(tokens) if m[1] - m[0] > 1 or has_diacritics(tokens[m[0]])]
    understanding.switch_marker = bool(mark(switches))

    content = {fold(w) for w in analysis.content}
    understanding.residual = [
        token
        for token, is_covered in zip(tokens, covered)
        if not is_covered and fold(token) in content and not words.is_generic(token) and not token.isdigit()
    ]
    return understanding

