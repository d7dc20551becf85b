"""The ranking model: its file, its scores, and fitting it on example questions."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from assistant.errors import AssistantError
from assistant.examples import Example, ExampleIndex, best_and_top
from assistant.knowledge import KnowledgeBase
from assistant.lexicon import Lexicon
from assistant.ranking import FEATURES, RANKING_FILE, RankingModel, Signals
from assistant.ranking_fit import OTHERS_UNEXAMPLED, as_if_unexampled, collect, fit
from assistant.search import ProcedureSearch
from assistant.settings import KNOWLEDGE_DIR


def signals(**values: list[float]) -> Signals:
    size = len(next(iter(values.values())))
    return Signals(**{name: np.array(values.get(name, [0.0] * size), dtype=np.float32) for name in FEATURES})


def test_committed_model_loads_and_prefers_stronger_evidence():
    model = RankingModel.load(KNOWLEDGE_DIR)
    assert model.questions > 1000 and 0 < model.cross_validated_top1 <= 1
    belief = model.belief(signals(lexical=[1.0, 0.4, 0.0], example_best=[0.8, 0.8, 0.0], example_top=[0.5, 0.5, 0.0]))
    assert belief[0] > belief[1] > 0 and belief[2] == 0  # the third is not touched at all
    assert belief.sum() == pytest.approx(1.0)


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "missing"),
        ("weights: [1, 2\n", "not a valid ranking model"),
        (
            yaml.safe_dump(
                {"weights": {"lexical": 1.0}, "questions": 1, "cross_validated_top1": 0, "cross_validated_top1_unexampled": 0, "fitted": "x"}
            ),
            "exactly",
        ),
    ],
)
def test_a_missing_or_malformed_model_is_named(tmp_path: Path, content: str | None, message: str):
    if content is not None:
        (tmp_path / RANKING_FILE).write_text(content, encoding="utf-8")
    with pytest.raises(AssistantError, match=message) as raised:
        RankingModel.load(tmp_path)
    assert str(tmp_path / RANKING_FILE) in str(raised.value)


def test_example_similarities_aggregate_per_procedure():
    best, top = best_and_top(np.array([0.9, 0.3, 0.5, 0.2], dtype=np.float32), positions=np.array([1, 1, -1, 0]), size=3)
    assert best.tolist() == pytest.approx([0.2, 0.9, 0.0])
    assert top.tolist() == pytest.approx([0.2 / 3, 0.4, 0.0])  # (0.9 + 0.3 + nothing) / 3


def test_left_out_examples_do_not_count():
    index = ExampleIndex(
        [Example("A", "làm giấy khai sinh cho con", "one"), Example("A", "khai sinh cho bé mới sinh", "two")],
        Lexicon.load(KNOWLEDGE_DIR),
    )
    content = ["khai", "sinh", "cho", "con"]
    whole = index.match(content, positions=np.array([0, 0]), size=1)
    without_first = index.match(content, positions=np.array([0, 0]), size=1, leave_out=np.array([True, False]))
    assert 0 < without_first.best[0] < whole.best[0]
    assert 0 < without_first.best_words[0] < whole.best_words[0]
    assert whole.known[0] and without_first.known[0]
    without_any = index.match(content, positions=np.array([0, 0]), size=1, leave_out=np.array([True, True]))
    assert not without_any.known[0] and without_any.best[0] == 0


@pytest.fixture(scope="module")
def fixture_search(fixture_index, bundled_embeddings) -> ProcedureSearch:
    return ProcedureSearch(fixture_index, KnowledgeBase.load(fixture_index.knowledge_dir), bundled_embeddings)


def test_fitting_leaves_each_batch_out_and_learns_to_trust_words_and_examples(fixture_search, tmp_path: Path):
    questions = collect(fixture_search)
    indexed = {p.code for p in KnowledgeBase.load(fixture_search.settings.knowledge_dir).all()}
    assert questions and all(q.code in indexed for q in questions)
    assert len({q.source for q in questions}) > 1
    unexampled = FEATURES.index("unexampled")
    for q in questions:
        assert q.labels.sum() == 1 and q.features.shape == (len(q.candidates), len(FEATURES))
        # asked as if nobody had written examples for it, the procedure has none
        assert q.features[q.labels, unexampled][0] == (1.0 if q.unexampled else 0.0)
    assert {q.unexampled for q in questions} == {True, False}
    model = fit(questions)
    assert model.weights["lexical"] > 0 and model.weights["example_gap"] > 0
    assert model.weights["lexical_unexampled"] > 0  # without examples, the record's words must carry it
    assert model.cross_validated_top1 > 0.5 and model.cross_validated_top1_unexampled > 0
    model.save(tmp_path)
    assert RankingModel.load(tmp_path) == model


def test_as_if_unexampled_the_asked_procedure_is_not_the_only_one_without_examples():
    # With every procedure exampled, a fit that left out only the asked one's examples would
    # learn that the one procedure without examples is always the answer.
    codes = np.array([f"{n // 3}" for n in range(3000)])  # 1,000 procedures, 3 examples each
    _, procedure_of = np.unique(codes, return_inverse=True)
    left_out = as_if_unexampled(codes == "7", procedure_of, np.random.default_rng(1))
    assert left_out[codes == "7"].all()
    others = {c for c in codes[left_out] if c != "7"}
    assert abs(len(others) / 999 - OTHERS_UNEXAMPLED) < 0.05
    assert all(left_out[codes == c].all() for c in others)  # a procedure loses all its examples or none


def unexampled_against_exampled(words: tuple[float, float], coverage: tuple[float, float], example: float) -> Signals:
    """Two procedures: the first has no example questions, the second has examples that match
    the question `example` well (characters and words alike)."""
    return signals(
        lexical=list(words), name_coverage=list(coverage), unexampled=[1.0, 0.0],
        lexical_unexampled=[words[0], 0.0], lexical_strength_unexampled=[3.0 * words[0], 0.0],
        name_coverage_unexampled=[coverage[0], 0.0],
        example_best=[0.0, example], example_top=[0.0, example * 0.7], example_gap=[-example, 0.0],
        example_words_best=[0.0, example * 0.7], example_words_gap=[-example * 0.7, 0.0],
    )


def test_committed_model_finds_a_procedure_without_examples_by_its_words():
    model = RankingModel.load(KNOWLEDGE_DIR)
    # the question names the first; the second's examples barely match it
    weak = model.belief(unexampled_against_exampled(words=(1.0, 0.3), coverage=(0.8, 0.1), example=0.3))
    assert weak[0] > weak[1]
    # but a question asked the way someone's example was asked goes to that procedure
    close = model.belief(unexampled_against_exampled(words=(1.0, 0.6), coverage=(0.5, 0.4), example=0.8))
    assert close[1] > close[0]


def test_fitting_needs_examples_by_more_than_one_writer():
    with pytest.raises(ValueError, match="another writer"):
        fit([])
