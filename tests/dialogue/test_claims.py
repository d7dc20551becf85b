"""Figures stated by citizens (premises) and by an LLM, checked against a record."""

from __future__ import annotations

import pytest

from assistant.claims import agrees, find_claims, record_fees, record_times


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("kết hôn phải nộp 1 triệu đúng không", "fee", 1_000_000),
        ("phí 500k à", "fee", 500_000),
        ("200.000đ một lần", "fee", 200_000),
        ("mất 1 tháng mới có hả", "time", 30),
        ("chờ hai tuần", "time", 14),
        ("3 ngày làm việc", "time", 3),
    ],
)
def test_find_claims(text, kind, value):
    [claim] = find_claims(text)
    assert (claim.kind, claim.value) == (kind, value)


def test_words_that_look_like_numbers_are_not_claims():
    assert find_claims("sau ngày nộp hồ sơ, từ ngày mai, tạm trú") == []


def test_agreement_with_records(fixture_procedures):
    by_code = {p.code: p for p in fixture_procedures}
    marriage = by_code["1.000894"]  # free at the ward
    assert 0.0 in record_fees(marriage)
    [wrong] = find_claims("1 triệu")
    [right] = find_claims("0 đồng")
    assert agrees(wrong, marriage) is False
    assert agrees(right, marriage) is True
    residence = by_code["1.004194"]
    assert record_times(residence)
    [too_long] = find_claims("30 ngày")
    assert agrees(too_long, residence) is False
