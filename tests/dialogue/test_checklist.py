"""Checklist pre-fill from committed records: conditions resolved from what the citizen said."""

from __future__ import annotations

import pytest

from assistant.checklist import ChecklistBuilder, Situation
from assistant.dialogue_words import DialogueWords
from assistant.knowledge import KnowledgeBase
from assistant.lexicon import Lexicon
from assistant.query import analyze
from assistant.settings import KNOWLEDGE_DIR


@pytest.fixture(scope="module")
def knowledge() -> KnowledgeBase:
    return KnowledgeBase.load(KNOWLEDGE_DIR)


@pytest.fixture(scope="module")
def builder() -> ChecklistBuilder:
    return ChecklistBuilder.load(KNOWLEDGE_DIR, DialogueWords.load(KNOWLEDGE_DIR))


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.load(KNOWLEDGE_DIR)


def situation(builder, lexicon, *messages: str) -> Situation:
    return builder.read_situation([analyze(message, lexicon).words for message in messages])


def names(draft, required: bool = True) -> list[str]:
    return [d.item.name for d in draft.items if d.required == required]


def test_birth_registration_in_person_by_a_parent(knowledge, builder, lexicon):
    said = situation(builder, lexicon, "e muốn làm khai sinh cho con, e tự lên phường nộp trực tiếp ạ")
    assert said.facts == {"channel": "truc_tiep", "representative": "self"}
    draft = builder.build(knowledge.get("1.001193"), said)
    required = names(draft)
    assert any(n.startswith("Giấy chứng sinh") for n in required)
    assert any(n.startswith("Tờ khai đăng ký khai sinh") for n in required)
    assert not any("ủy quyền" in n.lower() for n in required + names(draft, False)), "the parent files in person"
    assert not any("điện tử tương tác" in n for n in required), "the online form is for online filing"
    assert draft.questions == []


def test_birth_registration_online_through_a_proxy(knowledge, builder, lexicon):
    said = situation(builder, lexicon, "minh nho ba noi nop ho khai sinh cho chau qua vneid")
    assert said.facts == {"channel": "truc_tuyen", "representative": "proxy"}
    required = names(builder.build(knowledge.get("1.001193"), said))
    assert any("điện tử tương tác" in n for n in required)
    assert any(n.startswith("Văn bản ủy quyền") for n in required)
    assert not any(n.startswith("Tờ khai đăng ký khai sinh") for n in required)


def test_a_denied_channel_is_not_a_fact(builder, lexicon):
    said = situation(builder, lexicon, "làm qua vneid luôn được ko, ko lên phường đâu")
    assert said.facts == {"channel": "truc_tuyen"}


def test_unknown_situation_keeps_items_conditional_and_asks(knowledge, builder, lexicon):
    draft = builder.build(knowledge.get("1.001193"), situation(builder, lexicon, "làm giấy khai sinh cần gì"))
    conditional = {d.item.name: d.note for d in draft.items if not d.required}
    assert any(note.startswith("Chỉ cần nếu") for note in conditional.values())
    assert [q.key for q in draft.questions] == ["channel", "representative"]
    assert draft.questions[0].options[0] == ("truc_tiep", "Nộp trực tiếp")


def test_a_condition_in_the_records_words_holds(knowledge, builder, lexicon):
    draft = builder.build(knowledge.get("1.001193"), situation(builder, lexicon, "bé bị bỏ rơi trước cổng chùa, nộp trực tiếp"))
    assert any("bỏ rơi" in n for n in names(draft))


def test_residence_case_is_chosen_from_everyday_words(knowledge, builder, lexicon):
    record = knowledge.get("1.004222")
    draft = builder.build(record, situation(builder, lexicon, "mình thuê phòng trọ, chủ nhà đồng ý cho nhập khẩu"))
    assert draft.case is not None and "thuê, mượn, ở nhờ" in draft.case
    required = names(draft)
    assert any(n.startswith("Hợp đồng, văn bản về việc cho thuê") for n in required)
    assert any("CT01" in n for n in required), "the declaration form is borrowed from the case that lists it"
    assert not any("cơ sở tín ngưỡng" in (d.item.group_title or "") for d in draft.items)


def test_residence_without_a_case_asks_which(knowledge, builder, lexicon):
    draft = builder.build(knowledge.get("1.004222"), situation(builder, lexicon, "đăng ký thường trú cần gì"))
    assert draft.case is None
    assert draft.questions and draft.questions[0].key == "case"
    assert all(not d.required for d in draft.items if d.item.group_title)


def test_temporary_residence_by_list_replaces_the_ordinary_dossier(knowledge, builder, lexicon):
    record = knowledge.get("1.004194")
    ordinary = builder.build(record, situation(builder, lexicon, "mình thuê trọ, tự lên công an phường làm tạm trú"))
    assert ordinary.case == ""
    assert all("danh sách" not in (d.item.group_title or "") for d in ordinary.items)
    by_list = builder.build(record, situation(builder, lexicon, "công ty làm tạm trú cho cả danh sách công nhân"))
    assert by_list.case is not None and "danh sách" in by_list.case
    assert all((d.item.group_title or "") == by_list.case for d in by_list.items)
