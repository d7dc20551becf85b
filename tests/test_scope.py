"""The scope check: is a message about an administrative procedure at all?"""

from __future__ import annotations

import pytest

from assistant.scope import ScopeClassifier
from assistant.settings import KNOWLEDGE_DIR


def test_many_more_procedure_questions_do_not_drown_the_out_of_scope_examples():
    # The search adds thousands of example questions to a few hundred out-of-scope lines;
    # the classes are weighed as equals, so a plain off-topic message stays out.
    asked = [f"đăng ký tạm trú cho con {n} tuổi ở đâu" for n in range(500)]
    scope = ScopeClassifier(asked, ["giá vàng hôm nay", "thời tiết mai thế nào", "kết quả bóng đá", "hát cho nghe đi"])
    assert scope.probability("giá vàng sáng nay bao nhiêu") < 0.5
    assert scope.probability("đăng ký tạm trú ở đâu") > 0.5


def test_the_shipped_examples_plus_example_questions_separate_the_two():
    extra = ["cưới xong thì đăng ký kết hôn ở phường nào"]
    scope = ScopeClassifier.load(KNOWLEDGE_DIR, extra)
    assert scope.probability("mẫu thiệp cưới nào đẹp") < 0.5
    assert scope.probability("cưới xong đăng ký kết hôn ở phường nào") > 0.5


def test_scope_examples_need_both_sides():
    with pytest.raises(ValueError):
        ScopeClassifier(["đăng ký khai sinh"], [])
