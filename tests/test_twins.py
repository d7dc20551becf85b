"""Near-twin names: the words that tell two almost equal procedure names apart."""

from __future__ import annotations

import numpy as np

from assistant.ranking import RankingModel
from assistant.settings import KNOWLEDGE_DIR
from assistant.twins import NameTwins, name_words
from assistant.vntext import tokens

NAMES = [
    "Đăng ký tạm trú",
    "Xóa đăng ký tạm trú",
    "Cấp thẻ căn cước cho người dưới 14 tuổi",
    "Cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên",
    "Cấp thẻ căn cước cho người dưới 14 tuổi (thực hiện tại cấp tỉnh)",
    "Thủ tục đăng ký khai tử",
]


def contrast(question: str) -> tuple[np.ndarray, np.ndarray]:
    return NameTwins.build(NAMES).signals(set(tokens(question)))


def test_name_words_leave_out_level_and_joining_words_but_keep_distinguishing_ones():
    assert name_words("Cấp thẻ căn cước cho người dưới 14 tuổi (thực hiện tại cấp tỉnh)") == name_words(
        "Cấp thẻ căn cước cho người dưới 14 tuổi"
    )
    assert "cho" not in name_words(NAMES[2]) and "duoi" in name_words(NAMES[2])
    assert "doi" in name_words("Cấp đổi thẻ căn cước") and "doi" not in name_words("Hỗ trợ đối với hộ nghèo")  # đổi, not đối


def test_the_plainer_twin_wins_unless_the_question_says_the_extra_word():
    worst, best = contrast("sinh viên ở ký túc xá có phải đăng ký tạm trú không")
    assert worst[0] == 0 and best[0] > 0  # "Đăng ký tạm trú": its twin's extra word was not said
    assert worst[1] < 0 and best[1] <= 0  # "Xóa đăng ký tạm trú"
    worst, best = contrast("chuyển đi rồi muốn xoá tạm trú")
    assert best[1] > 0 and worst[0] < 0


def test_siblings_are_told_apart_by_what_only_one_of_them_says():
    worst, best = contrast("làm căn cước cho bé dưới 14 tuổi")
    assert worst[2] > worst[3] and best[2] > 0 > worst[3]
    worst, best = contrast("làm căn cước lần đầu")  # says neither: no difference
    assert worst[2] == worst[3] and best[2] == best[3]


def test_the_same_name_at_another_level_and_unrelated_names_are_not_twins():
    worst, best = contrast("làm căn cước cho bé dưới 14 tuổi")
    assert worst[2] == worst[4] and best[2] == best[4]  # level twins: left to the ward signal
    assert worst[5] == best[5] == 0


def test_committed_model_learnt_that_the_telling_words_matter():
    weights = RankingModel.load(KNOWLEDGE_DIR).weights
    assert weights["twin_worst"] > 0 and weights["twin_best"] > 0
