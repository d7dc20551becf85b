"""Read a citizen's question: shorthand, question phrasing, everyday words, variants."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from assistant.lexicon import GlossaryEntry, Lexicon, Variant
from assistant.vntext import fold, same_word, syllables


@dataclass
class QueryAnalysis:
    text: str
    words: list[str]  # the citizen's words, shorthand expanded, diacritics kept where typed
    content: list[str]  # words minus question phrasing
    glossary: list[GlossaryEntry] = field(default_factory=list)  # everyday phrases recognised
    variants: set[str] = field(default_factory=set)  # variant markers the question asks for
    ruled_out: set[str] = field(default_factory=set)  # variant markers whose condition it says does not hold
    # Everyday names of procedures the records do not hold, as written or loosely (their words
    # in order and close together).
    not_held: list[GlossaryEntry] = field(default_factory=list)

    @property
    def expansions(self) -> list[str]:
        # The official wording of a procedure the records do not hold finds only records that
        # mention it in passing.
        return [phrase for entry in self.glossary if entry.in_records for phrase in entry.official]

    @cached_property
    def official_words(self) -> list[str]:
        """The syllables of the glossary's official wording for this question."""
        return syllables(" ".join(self.expansions))


def read_words(text: str, lexicon: Lexicon) -> tuple[list[str], list[str]]:
    """The citizen's words with shorthand expanded, and those of them that are not question
    phrasing ("cho em hỏi", "ở đâu"): what the question is about."""
    words = lexicon.expand_abbreviations(syllables(text))
    drop = [False] * len(words)
    for start, end, phrase in lexicon.question_matcher.find(words):
        if lexicon.is_question_phrase(str(phrase), words[start:end]):
            for i in range(start, end):
                drop[i] = True
    return words, [word for word, dropped in zip(words, drop) if not dropped]


def analyze(text: str, lexicon: Lexicon) -> QueryAnalysis:
    words, content = read_words(text, lexicon)

    glossary: list[GlossaryEntry] = []
    covered = [False] * len(words)
    # What follows "để" is the purpose, not the need: "bản sao giấy khai sinh để nộp hồ sơ cho con
    # vào lớp 1" asks for a copy, whatever the records say of school enrolment.
    need = _before_purpose(words)
    not_held: list[GlossaryEntry] = []
    for start, end, entry in sorted(lexicon.glossary_matcher.find(words), key=lambda m: -(m[1] - m[0])):
        if any(covered[start:end]):
            continue  # overlaps a longer everyday phrase already recognised: the longer reading wins
        for i in range(start, end):
            covered[i] = True
        if entry not in glossary:
            glossary.append(entry)  # type: ignore[arg-type]
        if not entry.in_records and start < need and entry not in not_held:  # type: ignore[union-attr]
            not_held.append(entry)  # type: ignore[arg-type]

    variants = {v.marker_folded for _, _, v in lexicon.trigger_matcher.find(words) if isinstance(v, Variant)}
    variants |= {marker for entry in glossary for phrase in entry.official for marker in _markers_in(phrase, lexicon)}
    ruled_out = {v.marker_folded for _, _, v in lexicon.ruled_out_matcher.find(words) if isinstance(v, Variant)}
    return QueryAnalysis(
        text=text,
        words=words,
        content=content,
        glossary=glossary,
        variants=variants - ruled_out,
        ruled_out=ruled_out,
        not_held=list(dict.fromkeys(not_held + lexicon.not_held_loosely(words[:need]))),
    )


def _before_purpose(words: list[str]) -> int:
    """Where the purpose starts: the first "để" that is not "để lại" (bequeath, leave)."""
    for i, word in enumerate(words):
        if same_word(word, "để") and not (i + 1 < len(words) and same_word(words[i + 1], "lại")):
            return i
    return len(words)


def _markers_in(phrase: str, lexicon: Lexicon) -> list[str]:
    """A glossary entry that maps to a variant ("lấy chồng nước ngoài") asks for that variant."""
    folded = fold(phrase)
    return [v.marker_folded for v in lexicon.variants if v.marker_folded in folded]
