from assistant.domain import ChannelKind, Duration, Fee, SubmissionChannel
from ingest.parse_channels import HEADER, parse_channels


def parse(body: str) -> list[SubmissionChannel]:
    channels, problems = parse_channels(HEADER + body)
    assert problems == []
    return channels


def test_rows_with_units_fees_and_notes() -> None:
    channels = parse(
        "Trực tuyến3 Ngày làm việc7,000 Việt Nam Đồng(7.000 đồng/lần)- Nộp qua Cổng"
        "Trực tiếp15 Ngày2,500,000 VNĐTrong thời hạn 15 ngàyDịch vụ bưu chính2 GiờMiễn phí"
    )
    assert channels == [
        SubmissionChannel(
            kind=ChannelKind.ONLINE,
            time=Duration(text="3 Ngày làm việc", value=3.0, unit="ngay_lam_viec"),
            fee=Fee(text="7,000 Việt Nam Đồng", amount=7000, currency="VND"),
            note="(7.000 đồng/lần) - Nộp qua Cổng",
        ),
        SubmissionChannel(
            kind=ChannelKind.IN_PERSON,
            time=Duration(text="15 Ngày", value=15.0, unit="ngay"),
            fee=Fee(text="2,500,000 VNĐ", amount=2500000, currency="VND"),
            note="Trong thời hạn 15 ngày",
        ),
        SubmissionChannel(
            kind=ChannelKind.POST,
            time=Duration(text="2 Giờ", value=2.0, unit="gio"),
            fee=Fee(text="Miễn phí", free=True),
            note=None,
        ),
    ]


def test_lowercase_or_colon_channel_words_inside_notes_are_not_rows() -> None:
    channels = parse("Trực tiếp5 Ngày làm việc10 USD(10 USD/lần)+ Trực tiếp: nộp tại trụ sở, hoặc trực tuyến1 lần")
    assert len(channels) == 1
    assert channels[0].fee == Fee(text="10 USD", amount=10, currency="USD")
    assert channels[0].note == "(10 USD/lần) + Trực tiếp: nộp tại trụ sở, hoặc trực tuyến1 lần"


def test_bare_number_time_has_no_unit() -> None:
    [channel] = parse("Trực tuyến1Miễn phí")
    assert channel.time == Duration(text="1", value=1.0, unit=None)
    assert channel.fee == Fee(text="Miễn phí", free=True)


def test_bare_number_time_glued_to_amount_is_split() -> None:
    # "120 VNĐ(20.000 vnđ /tờ khai)": time 1 (no unit), fee 20 VNĐ as written.
    [first, second], _ = parse_channels(HEADER + "Trực tuyến120 VNĐ(20.000 vnđ /tờ khai)Trực tiếp1050,000 VNĐ")
    assert first.time == Duration(text="1", value=1.0)
    assert first.fee == Fee(text="20 VNĐ", amount=20, currency="VND")
    assert first.note == "20.000 vnđ /tờ khai"
    assert second.time == Duration(text="10", value=10.0)
    assert second.fee == Fee(text="50,000 VNĐ", amount=50000, currency="VND")


def test_implausibly_small_fee_is_reported() -> None:
    channels, problems = parse_channels(HEADER + "Trực tuyến120 VNĐTrực tiếp120 VNĐ")
    assert [c.fee.amount for c in channels] == [20, 20]
    assert problems == ["submission channels: implausibly small fee '20 VNĐ' (thousands of đồng dropped?)"] * 2


def test_times_without_a_number() -> None:
    channels = parse(
        "Trực tiếpKhông có thông tinKhông có thông tinTrực tuyếnKhông quy địnhMiễn phí"
        "Dịch vụ bưu chínhKhông phải trả kết quả cho người nộp thuếMiễn phíGửi qua bưu chính"
        "Trực tiếpKhông Không có thông tinTại Trung tâm"
    )
    assert [c.time for c in channels] == [
        Duration(text=""),
        Duration(text="Không quy định"),
        Duration(text="Không phải trả kết quả cho người nộp thuế"),
        Duration(text="Không"),
    ]
    free = Fee(text="Miễn phí", free=True)
    assert [c.fee for c in channels] == [Fee(text=""), free, free, Fee(text="")]
    assert [c.note for c in channels] == [None, None, "Gửi qua bưu chính", "Tại Trung tâm"]


def test_decimal_time_and_months() -> None:
    first, second = parse("Trực tuyến1.5 Ngày làm việc40,000 Việt Nam ĐồngTrực tiếp6 Tháng100 USD(100 USD/thẻ.)")
    assert first.time == Duration(text="1.5 Ngày làm việc", value=1.5, unit="ngay_lam_viec")
    assert second.time == Duration(text="6 Tháng", value=6.0, unit="thang")
    assert second.fee == Fee(text="100 USD", amount=100, currency="USD")
    assert second.note == "100 USD/thẻ."


def test_sentence_in_time_cell_falls_back_to_loose_rows() -> None:
    channels, problems = parse_channels(
        HEADER + "Trực tiếpHệ thống phản hồi tự động.Không có thông tinTại Trung tâm"
        "Trực tuyếnHệ thống phản hồi tự động.Miễn phíQua Cổng"
    )
    assert problems == []
    assert [(c.kind, c.time.text, c.fee.free, c.note) for c in channels] == [
        (ChannelKind.IN_PERSON, "Hệ thống phản hồi tự động.", False, "Tại Trung tâm"),
        (ChannelKind.ONLINE, "Hệ thống phản hồi tự động.", True, "Qua Cổng"),
    ]


def test_unreadable_fee_and_missing_rows_are_problems() -> None:
    channels, problems = parse_channels(HEADER + "Trực tiếp3 Ngày làm việc- Nộp tại xã")
    assert channels[0].fee == Fee(text="")
    assert channels[0].note == "- Nộp tại xã"
    assert problems == ["submission channels: truc_tiep row has no readable fee: '3 Ngày làm việc- Nộp tại xã'"]

    channels, problems = parse_channels(HEADER + "Nộp tại Bộ phận một cửa")
    assert channels == []
    assert problems == ["submission channels: no channel row found in 'Nộp tại Bộ phận một cửa'"]

    assert parse_channels("Không có thông tin") == ([], [])
