"""Reading citizens' questions: shorthand, phrasing, everyday words, variants, accents."""

from __future__ import annotations

import pytest

from assistant.lexical import query_terms
from assistant.lexicon import Lexicon
from assistant.query import analyze
from assistant.settings import KNOWLEDGE_DIR
from assistant.vntext import fold, same_word, syllables


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.load(KNOWLEDGE_DIR)


def test_accent_folding_and_tone_placement():
    assert fold("Đăng ký TẠM TRÚ") == "dang ky tam tru"
    assert same_word("hoà", "hòa") and same_word("thuỷ", "thủy")  # old and new tone placement
    assert same_word("mat", "mất")  # no diacritics typed: any accents match
    assert not same_word("mặt", "mất")  # typed diacritics disambiguate
    assert syllables("Cà vẹt, 7.000đ") == ["cà", "vẹt", "7", "000đ"]


def test_unicode_decomposed_input_is_the_same_question(lexicon):
    import unicodedata

    composed = analyze("đăng ký tạm trú", lexicon)
    decomposed = analyze(unicodedata.normalize("NFD", "đăng ký tạm trú"), lexicon)
    assert composed.content == decomposed.content


def test_shorthand_is_expanded_and_fillers_dropped(lexicon):
    analysis = analyze("cho e hoi dk cccd o dau a", lexicon)
    assert "đăng" in analysis.words and "căn" in analysis.words and "cước" in analysis.words
    assert "a" not in analysis.content


def test_question_phrasing_is_dropped_but_ambiguous_unaccented_words_kept(lexicon):
    analysis = analyze("làm căn cước ở đâu mất bao lâu", lexicon)
    assert analysis.content == ["làm", "căn", "cước"]
    # unaccented "can" may be "căn" (căn cước): never dropped as the question word "cần"
    assert "can" in analyze("can cuoc", lexicon).content


def test_everyday_words_map_to_official_words_with_or_without_diacritics(lexicon):
    for question in ("sang tên sổ đỏ cho con", "sang ten so do cho con"):
        expansions = " ".join(analyze(question, lexicon).expansions)
        assert "chuyển nhượng quyền sử dụng đất" in expansions, question
    assert "chứng thực" in " ".join(analyze("công chứng bản sao bằng đại học", lexicon).expansions)


def test_variant_triggers(lexicon):
    assert "co yeu to nuoc ngoai" in analyze("lấy chồng Hàn Quốc đăng ký kết hôn ở đâu", lexicon).variants
    assert "co yeu to nuoc ngoai" in analyze("ban trai em quoc tich Nhat, dang ky ket hon o dau", lexicon).variants
    # A place abroad is not a foreign party, and unaccented "nhat" alone is also "cập nhật".
    assert analyze("con sinh bên Nhật về quê ghi vào sổ hộ tịch", lexicon).variants == set()
    assert analyze("cap nhat thong tin ket hon", lexicon).variants == set()
    assert "luu dong" in analyze("bà ốm nặng không đi được, khai sinh tại nhà", lexicon).variants
    # "lao dong" is labour, not Laos: no foreign variant
    assert analyze("tai nan lao dong", lexicon).variants == set()
    assert analyze("đăng ký khai sinh cho con", lexicon).variants == set()
    # what happened to the paper picks re-issue or exchange; "mất" alone (died, takes time) does not
    assert "cap lai" in analyze("danh roi the can cuoc roi", lexicon).variants
    assert "cap doi" in analyze("thẻ căn cước sắp hết hạn", lexicon).variants
    assert analyze("bố em mất rồi, làm thẻ căn cước mất mấy ngày", lexicon).variants == set()


def test_a_condition_said_not_to_hold_rules_its_variant_out(lexicon):
    combined = "ket hop dang ky nhan cha, me, con"
    assert combined in analyze("bố cháu muốn nhận con lúc làm giấy khai sinh", lexicon).variants
    # the child already has a birth certificate: recognition alone, whatever "nhận con" triggers
    said = analyze("ba ruot muon nhan con, be da 5 tuoi co khai sinh roi", lexicon)
    assert combined not in said.variants and combined in said.ruled_out


def test_query_terms_find_multi_syllable_words_in_unaccented_text():
    terms = query_terms(["dang", "ky", "tam", "tru"], {"dang_ky", "tam_tru", "ky_tam"} - {"ky_tam"})
    assert terms == ["dang", "ky", "tam", "tru", "dang_ky", "tam_tru"]


def test_example_questions_match_despite_typos_and_missing_diacritics(lexicon):
    from assistant.examples import Example, ExampleIndex

    index = ExampleIndex(
        [
            Example("1.004194", "ở trọ có phải đăng ký tạm trú không", "a"),
            Example("1.000656", "bố em mất thì làm giấy báo tử ở đâu", "a"),
        ],
        lexicon,
    )
    for similarities in index.similarities(analyze("o tro co phai dang ki tam tru ko", lexicon).content):
        assert index.codes[int(similarities.argmax())] == "1.004194"
    assert not any(s.any() for s in index.similarities([]))


def test_of_two_overlapping_everyday_phrases_the_longer_reading_wins(lexicon):
    # "làm căn cước" (an adult's first card) overlaps "căn cước cho trẻ sơ sinh" (a child's):
    # reading both would ask for both cards at once.
    analysis = analyze("lam can cuoc cho tre so sinh o dau", lexicon)
    official = " ".join(analysis.expansions)
    assert "dưới 14 tuổi" in official and "từ đủ 14 tuổi" not in official


def test_procedures_the_records_do_not_hold_are_recognised_loosely(lexicon):
    # "trợ cấp người cao tuổi" is marked in_records: false; asked with a word in between,
    # without accents, it is still that entry, and only unheld entries are read loosely.
    unheld = analyze("xin tro cap cho nguoi cao tuoi tren 80 o dau", lexicon).not_held
    assert unheld and not any(entry.in_records for entry in unheld)
    assert not analyze("trợ cấp cho người có công", lexicon).not_held
    assert not analyze("người cao tuổi làm căn cước ở đâu", lexicon).not_held
    # the words must be close together: scattered over a long message they name nothing
    assert not analyze("trợ cấp thai sản cho vợ, còn bố mẹ là người cao tuổi ở quê", lexicon).not_held
    # a longer phrase allows more words in between ("hằng tháng cho" inside "trợ cấp người khuyết tật")
    assert analyze("xin trợ cấp hằng tháng cho người khuyết tật ở đâu", lexicon).not_held
    # in order only: "cán bộ xã làm sai" is not "làm cán bộ xã" (civil-service recruitment)
    assert not analyze("cán bộ xã làm sai gây thiệt hại, đòi bồi thường nhà nước thế nào", lexicon).not_held


def test_what_follows_de_is_the_purpose_not_the_need(lexicon):
    assert analyze("nộp hồ sơ cho con vào lớp 1 ở đâu", lexicon).not_held  # school enrolment: not in the records
    assert not analyze("xin bản sao giấy khai sinh để nộp hồ sơ cho con vào lớp 1", lexicon).not_held
    # "để lại" (bequeath) is no purpose
    assert analyze("bố để lại ít tiền, giờ muốn nộp hồ sơ cho con vào lớp 1", lexicon).not_held
