"""The language data that bridges citizens' words and the procedures' words.

Loaded from `knowledge/` so staff can extend it: `abbreviations.yaml` (teencode and
shorthand), `glossary.yaml` (everyday words -> official wording) and `query_words.yaml`
(question phrasing to ignore, variant markers and their triggers).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from assistant.errors import AssistantError
from assistant.vntext import fold, has_diacritics, same_word, syllables

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class GlossaryEntry:
    everyday: tuple[Phrase, ...]
    official: tuple[str, ...]
    field: str | None = None
    note: str | None = None
    in_records: bool = True  # False: the procedure people mean is not in the portal's records


@dataclass(frozen=True)
class Variant:
    marker: str  # as written in procedure names, e.g. "có yếu tố nước ngoài"
    marker_folded: str
    triggers: tuple[Phrase, ...]
    penalty: float = 1.0  # scales the search's variant penalty
    # Phrases saying the condition does not hold ("bé đã có khai sinh rồi" rules out registering
    # the birth together with the recognition); they outweigh any trigger.
    ruled_out: tuple[Phrase, ...] = ()


class PhraseMatcher:
    """Finds reference phrases in a citizen's words, accent-aware (see `vntext.same_word`)."""

    def __init__(self) -> None:
        self._by_first: dict[str, list[tuple[Phrase, object]]] = defaultdict(list)

    def add(self, phrase: Phrase, value: object) -> None:
        if phrase:
            self._by_first[fold(phrase[0])].append((phrase, value))
            # Longest first, so a longer phrase wins where two start at the same word.
            self._by_first[fold(phrase[0])].sort(key=lambda item: -len(item[0]))

    def find(self, words: list[str]) -> list[tuple[int, int, object]]:
        """(start, end, value) of every phrase occurrence, longest first at each start."""
        found = []
        for start, word in enumerate(words):
            for phrase, value in self._by_first.get(fold(word), ()):
                end = start + len(phrase)
                if end <= len(words) and all(same_word(words[start + i], phrase[i]) for i in range(len(phrase))):
                    found.append((start, end, value))
        return found


@dataclass
class Lexicon:
    abbreviations: dict[str, list[str]] = field(default_factory=dict)  # token as listed -> words
    folded_abbreviations: dict[str, list[str]] = field(default_factory=dict)  # for tokens typed without accents
    fillers: set[str] = field(default_factory=set)
    glossary: list[GlossaryEntry] = field(default_factory=list)
    variants: list[Variant] = field(default_factory=list)
    glossary_matcher: PhraseMatcher = field(default_factory=PhraseMatcher)
    question_matcher: PhraseMatcher = field(default_factory=PhraseMatcher)
    trigger_matcher: PhraseMatcher = field(default_factory=PhraseMatcher)
    ruled_out_matcher: PhraseMatcher = field(default_factory=PhraseMatcher)
    safe_unaccented: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, knowledge_dir: Path) -> Lexicon:
        lexicon = cls()
        abbreviations = _read(knowledge_dir / "abbreviations.yaml")
        for key, expansion in (abbreviations.get("abbreviations") or {}).items():
            key = str(key).lower()
            lexicon.abbreviations[key] = syllables(str(expansion))
            lexicon.folded_abbreviations[fold(key)] = lexicon.abbreviations[key]
        lexicon.fillers = {str(word) for word in abbreviations.get("fillers") or []}

        for raw in _read(knowledge_dir / "glossary.yaml") or []:
            entry = GlossaryEntry(
                everyday=tuple(tuple(syllables(p)) for p in raw["everyday"]),
                official=tuple(raw["official"]),
                field=raw.get("field"),
                note=raw.get("note"),
                in_records=_flag(raw, "in_records", default=True),
            )
            lexicon.glossary.append(entry)
            for phrase in entry.everyday:
                lexicon.glossary_matcher.add(phrase, entry)

        words = _read(knowledge_dir / "query_words.yaml")
        lexicon.safe_unaccented = set(words.get("safe_unaccented") or [])
        for phrase in words.get("question_phrases") or []:
            lexicon.question_matcher.add(tuple(syllables(phrase)), phrase)
        nationalities = [str(n) for n in words.get("nationalities") or []]
        for raw in words.get("variants") or []:
            foreign = _flag(raw, "nationalities", default=False, source="query_words.yaml")
            triggers = list(raw["triggers"]) + (nationalities if foreign else [])
            variant = Variant(
                raw["marker"],
                fold(raw["marker"]),
                tuple(tuple(syllables(t)) for t in triggers),
                float(raw.get("penalty", 1.0)),
                tuple(tuple(syllables(t)) for t in raw.get("ruled_out") or []),
            )
            lexicon.variants.append(variant)
            for trigger in variant.triggers:
                lexicon.trigger_matcher.add(trigger, variant)
            for phrase in variant.ruled_out:
                lexicon.ruled_out_matcher.add(phrase, variant)
        return lexicon

    def not_held_loosely(self, words: list[str]) -> list[GlossaryEntry]:
        """Entries for procedures the records do not hold, one of whose everyday phrases (of
        two words or more) has its words in order and close together in the question: "trợ
        cấp hằng tháng cho người khuyết tật" names "trợ cấp người khuyết tật" though the phrase
        is not there as written."""
        folded = {fold(w) for w in words}
        found: list[GlossaryEntry] = []
        for entry, phrase, phrase_folded in self._loose_phrases:
            # The cheap test first: most phrases share no word with the question.
            if entry not in found and phrase_folded <= folded and _near(phrase, words):
                found.append(entry)
        return found

    @cached_property
    def _loose_phrases(self) -> list[tuple[GlossaryEntry, Phrase, frozenset[str]]]:
        """The phrases `not_held_loosely` reads, with their folded words."""
        return [
            (entry, phrase, frozenset(fold(p) for p in phrase))
            for entry in self.glossary
            if not entry.in_records
            for phrase in entry.everyday
            if len(phrase) > 1
        ]

    def acronyms(self) -> dict[str, str]:
        """Letter-only shorthand of three or more letters ("bhyt", "gplx"), for record text."""
        return {
            key: " ".join(words)
            for key, words in self.abbreviations.items()
            if len(key) >= 3 and key.isalpha() and not has_diacritics(key.replace("đ", "d"))
        }

    def expand_abbreviations(self, words: list[str]) -> list[str]:
        out: list[str] = []
        for word in words:
            if word in self.fillers:
                continue
            # An accented word is shorthand only as listed ("đk"); a plain one may drop the accents.
            expansion = self.abbreviations.get(word) or (
                None if has_diacritics(word) else self.folded_abbreviations.get(word)
            )
            out.extend(expansion or [word])
        return out

    def is_question_phrase(self, phrase: str, words: list[str]) -> bool:
        """One-word question phrases typed unaccented only count if they are safe."""
        if len(words) > 1:
            return True
        word = words[0]
        return has_diacritics(word) or word in self.safe_unaccented or fold(phrase) == phrase


def _near(phrase: Phrase, words: list[str]) -> bool:
    """The phrase's words (accent-aware) in order within a window of its length plus some
    others: two for a short phrase, about half its length for a longer one."""
    size = len(phrase) + max(2, len(phrase) // 2 + 1)
    for start, word in enumerate(words):
        if same_word(word, phrase[0]):
            rest = iter(words[start + 1 : start + size])
            if all(any(same_word(w, p) for w in rest) for p in phrase[1:]):  # in order: `rest` is consumed
                return True
    return False


def _flag(raw: dict, key: str, default: bool, source: str = "glossary.yaml") -> bool:
    value = raw.get(key, default)
    if not isinstance(value, bool):
        name = raw.get("everyday", [None])[0] or raw.get("marker", "?")
        raise AssistantError(f"{source}, entry {name!r}: {key} must be true or false, not {value!r}")
    return value


def _read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
