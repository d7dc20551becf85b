"""The hand-written language data in knowledge/ stays loadable and consistent as staff extend it."""

from __future__ import annotations

import pytest
import yaml

from assistant.errors import AssistantError
from assistant.examples import EXAMPLES_DIR
from assistant.knowledge import read_procedures
from assistant.lexicon import Lexicon
from assistant.settings import KNOWLEDGE_DIR
from assistant.vntext import fold, tokens


@pytest.fixture(scope="module")
def procedures():
    return read_procedures(KNOWLEDGE_DIR)[0]


def test_glossary_and_shorthand_load_without_duplicates():
    lexicon = Lexicon.load(KNOWLEDGE_DIR)
    assert len(lexicon.glossary) >= 150
    # Typed without diacritics, an everyday phrase must not point to two different meanings.
    meanings: dict[str, set[tuple[str, ...]]] = {}
    for entry in lexicon.glossary:
        for phrase in entry.everyday:
            meanings.setdefault(fold(" ".join(phrase)), set()).add(entry.official)
    assert [p for p, official in meanings.items() if len(official) > 1] == []
    assert lexicon.abbreviations["cccd"] == ["căn", "cước", "công", "dân"]
    absent = {" ".join(entry.everyday[0]) for entry in lexicon.glossary if not entry.in_records}
    assert "đi nghĩa vụ" in absent and "làm căn cước" not in absent


def test_a_glossary_flag_that_is_not_true_or_false_is_named(tmp_path):
    for name in ("abbreviations.yaml", "query_words.yaml"):
        (tmp_path / name).write_text((KNOWLEDGE_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "glossary.yaml").write_text('- everyday: [đi bộ đội]\n  official: [nghĩa vụ quân sự]\n  in_records: "no"\n', encoding="utf-8")
    with pytest.raises(AssistantError, match="in_records must be true or false"):
        Lexicon.load(tmp_path)


def test_example_questions_name_real_indexable_procedures_in_citizens_words(procedures):
    names = [tokens(p.name) for p in procedures.values()]
    shingles = {tuple(n[i : i + 6]) for n in names for i in range(len(n) - 5)}
    seen: set[str] = set()
    total = 0
    for path in sorted((KNOWLEDGE_DIR / EXAMPLES_DIR).glob("*.yaml")):
        for code, questions in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            assert str(code) in procedures and procedures[str(code)].indexable, (path.name, code)
            for question in questions or []:
                words = tokens(question)
                key = " ".join(words)
                assert key not in seen, (path.name, question)  # each question once, accents aside
                seen.add(key)
                copied = [tuple(words[i : i + 6]) for i in range(len(words) - 5) if tuple(words[i : i + 6]) in shingles]
                assert not copied, (path.name, question)  # never the official name
                total += 1
    assert total > 1000
