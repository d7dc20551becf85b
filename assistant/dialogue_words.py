"""The conversation's language data (`knowledge/dialogue.yaml`), loaded once."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import yaml

from assistant.lexicon import PhraseMatcher
from assistant.vntext import fold, has_diacritics, nfc, syllables

DIALOGUE_FILE = "dialogue.yaml"


class Aspect(StrEnum):
    DOCUMENTS = "documents"
    FEE = "fee"
    TIME = "time"
    WHERE = "where"
    CHANNELS = "channels"
    STEPS = "steps"
    CONDITIONS = "conditions"
    RESULT = "result"
    LEGAL_BASIS = "legal_basis"


class CentreTopic(StrEnum):
    """What a message asks about the centre itself; all but the last three are fields of its profile."""

    OPENING_HOURS = "opening_hours"
    ADDRESS = "address"
    HOTLINE = "hotline"
    EMAIL = "email"
    DOSSIER_STATUS = "dossier_status"  # "hồ sơ của tôi đến đâu rồi": not in the profile, nor here
    STAFF = "staff"  # who the chairman is, praise for an officer: not in the profile
    OTHER = "other"  # parking, queue numbers…: not in the profile


# Topics that say a message is about the centre even beside other words ("nộp online rồi,
# theo dõi hồ sơ tới đâu", "ở trung tâm có chỗ photo giấy tờ không"), unless those name a
# procedure. Opening hours' phrases also occur in questions about procedures ("đóng cửa tiệm",
# "chủ nhật có làm khai sinh không"), and so do the hotline's ("số điện thoại trên căn cước").
TELLING_TOPICS = frozenset({CentreTopic.ADDRESS, CentreTopic.DOSSIER_STATUS, CentreTopic.STAFF, CentreTopic.OTHER})


@dataclass(frozen=True)
class SituationOption:
    key: str
    label: str  # the quick reply
    record: tuple[str, ...]  # folded phrases in a record's condition text
    item_names: tuple[str, ...]  # folded phrases in an item's name that tie it to this option
    citizen: tuple[tuple[str, ...], ...]  # phrases in the citizen's words


@dataclass(frozen=True)
class SituationDimension:
    key: str  # "channel", "representative"
    question: str
    options: tuple[SituationOption, ...]

    def options_in_condition(self, condition: str) -> set[str]:
        """The options a record condition names ("nộp hồ sơ trực tuyến" -> {"truc_tuyen"}).

        The most specific phrase decides: "ủy quyền cho tổ chức" names the organisation
        option only, though it also contains the "ủy quyền" every proxy option lists.
        """
        folded = fold(condition)
        found = [(o.key, phrase) for o in self.options for phrase in o.record if phrase in folded]
        phrases = {phrase for _, phrase in found}
        return {key for key, phrase in found if not any(phrase != other and phrase in other for other in phrases)}


@dataclass
class DialogueWords:
    aspects: PhraseMatcher = field(default_factory=PhraseMatcher)
    weak_aspects: set[tuple[str, ...]] = field(default_factory=set)  # folded
    switches: PhraseMatcher = field(default_factory=PhraseMatcher)
    greetings: PhraseMatcher = field(default_factory=PhraseMatcher)
    thanks: PhraseMatcher = field(default_factory=PhraseMatcher)
    handoff: PhraseMatcher = field(default_factory=PhraseMatcher)
    centre: PhraseMatcher = field(default_factory=PhraseMatcher)  # -> CentreTopic
    centre_names: PhraseMatcher = field(default_factory=PhraseMatcher)  # "trung tâm", "phường"
    yes_no: PhraseMatcher = field(default_factory=PhraseMatcher)
    opinion: PhraseMatcher = field(default_factory=PhraseMatcher)  # advice, comparisons, trivia, a dispute's outcome
    injection: list[re.Pattern[str]] = field(default_factory=list)
    situations: list[SituationDimension] = field(default_factory=list)
    situation_phrases: PhraseMatcher = field(default_factory=PhraseMatcher)  # -> (dimension, option)
    generic: frozenset[str] = frozenset()  # words that name no procedure, as written
    generic_folded: frozenset[str] = frozenset()

    @classmethod
    def load(cls, knowledge_dir: Path) -> DialogueWords:
        data = yaml.safe_load((knowledge_dir / DIALOGUE_FILE).read_text(encoding="utf-8"))
        words = cls()
        for aspect, phrases in data["aspects"].items():
            for phrase in phrases:
                words.aspects.add(tuple(syllables(phrase)), Aspect(aspect))
        for topic, phrases in (data.get("centre") or {}).items():
            for phrase in phrases:
                words.centre.add(tuple(syllables(phrase)), CentreTopic(topic))
        words.weak_aspects = {tuple(fold(w) for w in syllables(p)) for p in data.get("weak_aspects") or []}
        for name in ("switches", "greetings", "thanks", "handoff", "yes_no", "opinion", "centre_names"):
            matcher: PhraseMatcher = getattr(words, name)
            for phrase in data.get(name) or []:
                matcher.add(tuple(syllables(phrase)), phrase)
        words.generic = frozenset(nfc(str(w)).lower() for w in data.get("generic_words") or [])
        words.generic_folded = frozenset(fold(w) for w in words.generic)
        words.injection = [re.compile(p) for p in data.get("injection_patterns") or []]
        for key, raw in (data.get("situations") or {}).items():
            options = tuple(
                SituationOption(
                    key=option_key,
                    label=option["label"],
                    record=tuple(fold(p) for p in option.get("record") or []),
                    item_names=tuple(fold(p) for p in option.get("item_names") or []),
                    citizen=tuple(tuple(syllables(p)) for p in option.get("citizen") or []),
                )
                for option_key, option in raw["options"].items()
            )
            dimension = SituationDimension(key, raw["question"], options)
            words.situations.append(dimension)
            for option in options:
                for phrase in option.citizen:
                    words.situation_phrases.add(phrase, (key, option.key))
        return words

    def is_generic(self, token: str) -> bool:
        """Accent-aware: typed "đăng" is not "đang"; unaccented "dang" may be either."""
        return token in self.generic if has_diacritics(token) else fold(token) in self.generic_folded
