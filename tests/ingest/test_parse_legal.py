from assistant.domain import LegalDocument, ProcedureResult
from ingest.parse_legal import LEGAL_HEADER, parse_legal_basis, parse_results


def rows(body: str) -> list[tuple[str, str | None]]:
    documents, problems = parse_legal_basis(LEGAL_HEADER + body)
    assert problems == []
    return [(d.title, d.number) for d in documents]


def test_number_column_glued_to_title_and_next_title() -> None:
    assert rows(
        "Nghị định số 123/2015/NĐ-CP ngày 15/11/2015 của Chính phủ quy định chi tiết Luật Hộ tịch123/2015/NĐ-CP"
        "Luật 60/2014/QH1360/2014/QH13"
        "Luật Cư trú 202068/2020/QH14"
        "Thông tư \t226/2016/TT-BTC226/2016/TT-BTC"
        "Nghị quyết số 66.7/2025/NQ-CP của Chính phủ66.7/2025/NQ-CP"
        "Quyết định về thẻ ABTC45/2019/QĐ-TTg"
    ) == [
        ("Nghị định số 123/2015/NĐ-CP ngày 15/11/2015 của Chính phủ quy định chi tiết Luật Hộ tịch", "123/2015/NĐ-CP"),
        ("Luật 60/2014/QH13", "60/2014/QH13"),
        ("Luật Cư trú 2020", "68/2020/QH14"),
        ("Thông tư 226/2016/TT-BTC", "226/2016/TT-BTC"),
        ("Nghị quyết số 66.7/2025/NQ-CP của Chính phủ", "66.7/2025/NQ-CP"),
        ("Quyết định về thẻ ABTC", "45/2019/QĐ-TTg"),
    ]


def test_number_column_repeating_the_kind_of_document() -> None:
    assert rows(
        "Thông tư số 03/2023/TT-BTP ngày 02/8/2023 của Bộ trưởng Bộ Tư phápThông tư số 03/2023/TT-BTP"
        "Thông tư sửa đổi, bổ sung thông tư trong lĩnh vực trồng trọtsố 07/2026/TT-BNNMT"
        "sửa đổi, bổ sung một số nghị định để cắt giảm thủ tục hành chính18/2026/NĐ-CP Nghị định quy định về"
        " Cơ sở dữ liệu hộ tịch87/2020/NĐ-CP"
    ) == [
        ("Thông tư số 03/2023/TT-BTP ngày 02/8/2023 của Bộ trưởng Bộ Tư pháp", "03/2023/TT-BTP"),
        ("Thông tư sửa đổi, bổ sung thông tư trong lĩnh vực trồng trọt", "07/2026/TT-BNNMT"),
        ("sửa đổi, bổ sung một số nghị định để cắt giảm thủ tục hành chính", "18/2026/NĐ-CP"),
        ("Nghị định quy định về Cơ sở dữ liệu hộ tịch", "87/2020/NĐ-CP"),
    ]


def test_numbers_inside_titles_do_not_end_rows() -> None:
    assert rows(
        "Thông tư số 53/2025/TT-BCAngày 01/7/2025 của Bộ Công an sửa đổi Thông tư số 55/2021/TT-BCA ngày 15 tháng"
        " 5 năm 2021.53/2025/TT-BCA"
        "Thông tư số 66/2023/TT-BCA Sửa đổi, bổ sung một số điều66/2023/TT-BCA"
        "Luật số 43/2024/QH15 ngày 29/6/202443/2024/QH15"
    ) == [
        (
            "Thông tư số 53/2025/TT-BCAngày 01/7/2025 của Bộ Công an sửa đổi Thông tư số 55/2021/TT-BCA ngày 15 tháng"
            " 5 năm 2021",
            "53/2025/TT-BCA",
        ),
        ("Thông tư số 66/2023/TT-BCA Sửa đổi, bổ sung một số điều", "66/2023/TT-BCA"),
        ("Luật số 43/2024/QH15 ngày 29/6/2024", "43/2024/QH15"),
    ]


def test_bare_year_number_column() -> None:
    assert rows("Nghị định số 46/2020/NĐ-CP46/2020Luật Hải quan54/2014/QH13") == [
        ("Nghị định số 46/2020/NĐ-CP", "46/2020"),
        ("Luật Hải quan", "54/2014/QH13"),
    ]


def test_rows_without_a_number_are_kept_and_reported() -> None:
    documents, problems = parse_legal_basis(LEGAL_HEADER + "Luật Thú y 2015")
    assert documents == [LegalDocument(title="Luật Thú y 2015", number=None)]
    assert problems == ["legal basis: row without a document number: 'Luật Thú y 2015'"]


def test_missing_or_empty_legal_basis() -> None:
    assert parse_legal_basis("Không có thông tin") == ([], [])
    documents, problems = parse_legal_basis(": Thông tư 269/2016/TT-BTC ngày 14/11/2016 của Bộ Tài chính")
    assert problems[0] == "legal basis: table header missing"


def test_results_with_codes_and_portal_ui_dropped() -> None:
    assert parse_results(
        "Giấy khai sinhMã: KQ.G15.000031Từ khóaKhông có thông tinMô tảKhông có thông tinChọn cơ quan thực hiện"
        "Tỉnh/ Thành phốNộp hồ sơ"
    ) == ([ProcedureResult(name="Giấy khai sinh", code="KQ.G15.000031")], [])
    results, problems = parse_results(
        "Phiếu từ chối tiếp nhận, giải quyết hồ sơ (lĩnh vực cư trú)Mã: KQ.G01.000067"
        "Cập nhật thông tin trong Cơ sở dữ liệu quốc gia về dân cưMã: KQ.G01.000064Từ khóaKhông có thông tin"
    )
    assert problems == []
    assert results == [
        ProcedureResult(name="Phiếu từ chối tiếp nhận, giải quyết hồ sơ (lĩnh vực cư trú)", code="KQ.G01.000067"),
        ProcedureResult(name="Cập nhật thông tin trong Cơ sở dữ liệu quốc gia về dân cư", code="KQ.G01.000064"),
    ]


def test_results_without_codes() -> None:
    assert parse_results("Quyết định phê duyệtTừ khóaKhông có thông tin") == (
        [ProcedureResult(name="Quyết định phê duyệt", code=None)],
        [],
    )
    assert parse_results("Giấy phépMã: Từ khóa") == ([ProcedureResult(name="Giấy phép", code=None)], [])
    assert parse_results("Không có thông tin") == ([], [])
    assert parse_results("- Giấy chứng nhận đăng kýMã: KQ.G04.000100Từ khóa") == (
        [ProcedureResult(name="Giấy chứng nhận đăng ký", code="KQ.G04.000100")],
        [],
    )
