"""Vietnamese display labels for domain enums and units (user-facing text lives here)."""

from __future__ import annotations

from assistant.domain import ChannelKind, DocumentGroup, Duration, Fee, Level

LEVEL_LABELS: dict[Level, str] = {
    Level.XA: "cấp xã",
    Level.TINH: "cấp tỉnh",
    Level.BO: "cấp bộ",
    Level.KHAC: "cơ quan khác",
}

CHANNEL_LABELS: dict[ChannelKind, str] = {
    ChannelKind.IN_PERSON: "Trực tiếp",
    ChannelKind.ONLINE: "Trực tuyến",
    ChannelKind.POST: "Qua dịch vụ bưu chính",
}

GROUP_LABELS: dict[DocumentGroup, str] = {
    DocumentGroup.SUBMIT: "Giấy tờ phải nộp",
    DocumentGroup.PRESENT: "Giấy tờ phải xuất trình",
    DocumentGroup.OTHER: "Lưu ý",
}

UNIT_LABELS: dict[str, str] = {
    "ngay_lam_viec": "ngày làm việc",
    "ngay": "ngày",
    "gio": "giờ",
    "thang": "tháng",
    "nam": "năm",
    "tuan": "tuần",
    "phut": "phút",
}


def format_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


def describe_duration(duration: Duration) -> str:
    if duration.value is None:
        return "không có thông tin"
    number = format_number(duration.value)
    if duration.unit is None:
        return f"{number} (đơn vị không ghi rõ)"
    return f"{number} {UNIT_LABELS.get(duration.unit, duration.unit)}"


def describe_fee(fee: Fee) -> str:
    if fee.free:
        return "miễn phí"
    if fee.amount is not None:
        if fee.currency == "VND":
            return f"{fee.amount:,}".replace(",", ".") + " đồng"
        return f"{fee.amount:,} {fee.currency}".replace(",", ".")
    return fee.text or "không có thông tin"
