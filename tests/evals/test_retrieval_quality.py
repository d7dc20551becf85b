"""Retrieval quality on the citizen question sets, against the whole corpus.

The floors below are regression guards set a few points under what was measured when
they were written (see README, Evaluation) — not targets. The issue's targets (top-1
0.90, recall@5 0.98, OOS F1 0.90) are reported by `assistant eval retrieval`.
"""

from __future__ import annotations

import pytest

from assistant.knowledge import KnowledgeBase
from assistant.search import ProcedureRetriever, ProcedureSearch
from evals.dataset import SETS, load_questions
from evals.retrieval import run_all


@pytest.fixture(scope="module")
def search(full_index, bundled_embeddings) -> ProcedureSearch:
    return ProcedureSearch(full_index, KnowledgeBase.load(full_index.knowledge_dir), bundled_embeddings)


@pytest.fixture(scope="module")
def dev_reports(search):
    return {r.name: r for r in run_all(search, load_questions(SETS["dev"]))}


@pytest.mark.slow
def test_question_sets_are_well_formed(search):
    for path in SETS.values():
        questions = load_questions(path)
        assert len({q.id for q in questions}) == len(questions)
        for q in questions:
            assert q.kinds, q.id
            assert ("out_of_scope" in q.kinds) == (not q.codes), q.id
            # answerable: an acceptable procedure is in the index (a corrupted record may be listed beside it)
            assert not q.codes or any(c in search.knowledge and search.knowledge.get(c).indexable for c in q.codes), q.id


@pytest.mark.slow
def test_ours_beats_both_baselines(dev_reports):
    ours, bm25, dense = dev_reports["hybrid (ours)"], dev_reports["BM25 baseline"], dev_reports["dense baseline"]
    for baseline in (bm25, dense):
        assert ours.overall.top1 > baseline.overall.top1 + 0.2
        assert ours.overall.recall5 > baseline.overall.recall5 + 0.2


@pytest.mark.slow
def test_dev_set_regression_floors(dev_reports):
    ours = dev_reports["hybrid (ours)"]
    assert ours.overall.top1 >= FLOORS["top1"]
    assert ours.overall.recall5 >= FLOORS["recall5"]
    assert ours.scope.f1 >= FLOORS["oos_f1"]
    gap = ours.kinds["with_diacritics"].top1 - ours.kinds["no_diacritics"].top1
    assert gap <= 0.05  # typing without diacritics must not cost much


@pytest.mark.slow
@pytest.mark.parametrize("name", ["holdout", "holdout2", "holdout3", "holdout4", "holdout5", "holdout6", "holdout7", "holdout8", "holdout9"])
def test_holdout_regression_floors(search, name):
    (ours, *_baselines) = run_all(search, load_questions(SETS[name]))
    assert ours.overall.top1 >= FLOORS[f"{name}_top1"]
    assert ours.scope.f1 >= FLOORS[f"{name}_oos_f1"]


@pytest.mark.slow
def test_fields_set_regression_floors(search):
    (ours, *_baselines) = run_all(search, load_questions(SETS["fields"]))
    assert ours.overall.top1 >= FLOORS["fields_top1"]


@pytest.mark.slow
def test_procedures_nobody_wrote_examples_for_are_still_found(search):
    """The fields set asked as it was before its fields had example questions: the record's
    own words must carry the search."""
    blind = search.without_examples("fields-*")
    assert len(blind.examples.examples) < len(search.examples.examples)
    (ours, *_baselines) = run_all(blind, load_questions(SETS["fields"]))
    assert ours.overall.top1 >= FLOORS["unexampled_top1"]
    assert ours.overall.recall5 >= FLOORS["unexampled_recall5"]


def test_langchain_retriever_returns_procedure_documents(search):
    documents = ProcedureRetriever(search=search, k=3).invoke("dang ky tam tru")
    assert len(documents) == 3
    assert documents[0].metadata["code"] == "1.004194"
    assert documents[0].metadata["url"].startswith("https://dichvucong.gov.vn/")


def test_out_of_scope_gibberish_and_chit_chat(search):
    for question in ("asdfgh jkl", "chào bạn", "???"):
        assert search.search(question).status == "out_of_scope", question


def test_ordinary_variant_first_unless_the_condition_is_stated(search):
    plain = search.search("đăng ký kết hôn cần giấy tờ gì").results[0]
    assert plain.code == "1.000894"
    foreign = search.search("lấy chồng Hàn Quốc thì đăng ký kết hôn ở đâu").results[0]
    assert "yếu tố nước ngoài" in foreign.name
    # each condition in a name counts: a lost card is re-issued at the ward, not "cấp lại … tại cấp tỉnh"
    assert search.search("đánh rơi thẻ căn cước rồi làm lại ở đâu").results[0].code == "1.014064"
    assert search.search("làm thẻ căn cước lần đầu cho con 15 tuổi").results[0].code == "1.014061"
    # a condition said not to hold: the child already has a birth certificate, so the father's
    # recognition alone (with a foreign element), not the one combined with the birth registration
    late = search.search("người yêu em là người Mỹ muốn nhận con chung, bé đã có khai sinh rồi").results[0]
    assert late.code == "2.000779", late
    # a condition that rules a variant out: reported lost, then found, is restored, not reported again
    found = search.search("tuần trước đã báo mất hộ chiếu, nay tìm thấy ở nhà thì làm sao dùng tiếp").results[0]
    assert found.code == "1.010384", found
    assert search.search("lỡ đánh mất hộ chiếu khi đi chợ thì báo ở đâu").results[0].code == "1.010386"


def test_everyday_words_for_less_common_needs(search):
    # a suspected fake banknote goes to the central bank's examination, relatives staying a week
    # to the host's notice of their stay
    assert search.search("nhận được tờ tiền nghi là tiền giả thì gửi đâu giám định").results[0].code == "1.001803"
    assert search.search("cháu ở quê lên nhà chơi một tuần có phải báo không").results[0].code == "2.001159"


# Measured 2026-11-27 (ninth round): dev top-1 0.906, recall@5 0.996, OOS F1 0.968; holdout top-1 0.881,
# OOS F1 1.0; second holdout top-1 0.924, OOS F1 0.925; third holdout top-1 0.933, OOS F1 0.990; fourth
# holdout top-1 0.913, OOS F1 0.949; fifth holdout top-1 0.907, OOS F1 0.911; sixth holdout top-1 0.879,
# OOS F1 0.983; seventh holdout top-1 0.936, OOS F1 0.929; eighth holdout top-1 0.833, OOS F1 0.932;
# ninth holdout (blind; measured before and after the ninth round) top-1 0.863, OOS F1 0.862; fields
# top-1 0.831; fields without their examples top-1 0.650, recall@5 0.906.
FLOORS = {
    "top1": 0.85,
    "recall5": 0.97,
    "oos_f1": 0.93,
    "holdout_top1": 0.83,
    "holdout_oos_f1": 0.95,
    "holdout2_top1": 0.85,
    "holdout2_oos_f1": 0.88,
    "holdout3_top1": 0.88,
    "holdout3_oos_f1": 0.95,
    "holdout4_top1": 0.88,
    "holdout4_oos_f1": 0.89,
    "holdout5_top1": 0.83,
    "holdout5_oos_f1": 0.86,
    "holdout6_top1": 0.83,
    "holdout6_oos_f1": 0.94,
    "holdout7_top1": 0.89,
    "holdout7_oos_f1": 0.88,
    "holdout8_top1": 0.80,
    "holdout8_oos_f1": 0.89,
    "holdout9_top1": 0.82,
    "holdout9_oos_f1": 0.82,
    "fields_top1": 0.78,
    "unexampled_top1": 0.58,
    "unexampled_recall5": 0.85,
}
