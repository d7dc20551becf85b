import pytest

from assistant.domain import DocumentGroup, DocumentItem
from ingest.parse_documents import TABLE_HEADER, find_condition, find_form_code, parse_documents, split_form_files

# --- form files -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "files"),
    [
        (
            "Tờ khai thay đổi thông tin cư trú (Mẫu CT01); trừ trường hợp đã có ý kiến đồng ý bằng văn bản;"
            "1.MuCT01banhnhkmtheoThngts53.doc",
            "Tờ khai thay đổi thông tin cư trú (Mẫu CT01); trừ trường hợp đã có ý kiến đồng ý bằng văn bản;",
            ["1.MuCT01banhnhkmtheoThngts53.doc"],
        ),
        (
            "Đơn đề nghị theo Mẫu số 57 Phụ lục ban hành kèm theo Nghị định số 31/2021/NĐ-CPMau57.docx",
            "Đơn đề nghị theo Mẫu số 57 Phụ lục ban hành kèm theo Nghị định số 31/2021/NĐ-CP",
            ["Mau57.docx"],
        ),
        (
            "Dự án thành lập Cơ sở bảo tồn đa dạng sinh họcDu án thanh lap CSBT.docx",
            "Dự án thành lập Cơ sở bảo tồn đa dạng sinh học",
            ["Du án thanh lap CSBT.docx"],
        ),
        (
            "Văn bản theo Phụ lục III ban hành kèm theo Thông tư số 54/2025/TT-NHNN.Phụ lục III.docx",
            "Văn bản theo Phụ lục III ban hành kèm theo Thông tư số 54/2025/TT-NHNN.",
            ["Phụ lục III.docx"],
        ),
        (
            "Phiếu đề nghị giải quyết thủ tục về căn cước (Mẫu DC02 ban hành kèm theo Thông tư số 17/2024/TT-BCA của"
            " Bộ Công an)Mẫu DC02 Phiếu đề nghị giải quyết thủ tục về căn cước.doc",
            "Phiếu đề nghị giải quyết thủ tục về căn cước (Mẫu DC02 ban hành kèm theo Thông tư số 17/2024/TT-BCA của"
            " Bộ Công an)",
            ["Mẫu DC02 Phiếu đề nghị giải quyết thủ tục về căn cước.doc"],
        ),
        (
            "Đơn đề nghị theo Mẫu TP-TSCC-01a, 01b ban hành kèm theo Thông tư số 06/2025/TT-BTP."
            "Mẫu TP-TSCC-01a.docxMẫu TP-TSCC-01b.docx",
            "Đơn đề nghị theo Mẫu TP-TSCC-01a, 01b ban hành kèm theo Thông tư số 06/2025/TT-BTP.",
            ["Mẫu TP-TSCC-01a.docx", "Mẫu TP-TSCC-01b.docx"],
        ),
        # The file's own boundaries come later than the real one.
        (
            "Bản khai cá nhân (Mẫu số 03)Mẫu 03.TT41.doc",
            "Bản khai cá nhân (Mẫu số 03)",
            ["Mẫu 03.TT41.doc"],
        ),
        (
            "Văn bản đề nghị cấp giấy phép khai thác khoáng sảnMau 01 - Phu luc II_36.2025.TT-BNNMT_02.7.2025.docx",
            "Văn bản đề nghị cấp giấy phép khai thác khoáng sản",
            ["Mau 01 - Phu luc II_36.2025.TT-BNNMT_02.7.2025.docx"],
        ),
        # "4x6" is not a boundary; "66.7" is a number, not a boundary.
        (
            "Đơn kèm theo ảnh màu cỡ 4x6 cm có nền màu trắng.mau so 12 (1).doc",
            "Đơn kèm theo ảnh màu cỡ 4x6 cm có nền màu trắng.",
            ["mau so 12 (1).doc"],
        ),
        (
            "Tỷ lệ 66.7 phần trăm.Mau 1.docx",
            "Tỷ lệ 66.7 phần trăm.",
            ["Mau 1.docx"],
        ),
        # A file glued to a document number: never cut inside the number.
        (
            "Đơn theo Phụ lục kèm theo Nghị định 58/2017/NĐ-CPmẫu đơn đề nghị_6 (1).docx",
            "Đơn theo Phụ lục kèm theo Nghị định 58/2017/NĐ-CP",
            ["mẫu đơn đề nghị_6 (1).docx"],
        ),
        (
            "Đơn theo Mẫu số 01 Phụ lục III ban hành kèm theo Thông tư số 94/2025/TT-BNNMTđơn công nhận.pdf",
            "Đơn theo Mẫu số 01 Phụ lục III ban hành kèm theo Thông tư số 94/2025/TT-BNNMT",
            ["đơn công nhận.pdf"],
        ),
        # Two lower-case syllables never touch in Vietnamese text: a form word glued on starts the file.
        (
            "Văn bản đề nghị theo mẫuvăn bản đề nghị.docx",
            "Văn bản đề nghị theo mẫu",
            ["văn bản đề nghị.docx"],
        ),
        (
            "Bản sao chứng chỉ hết hạnmau so 20.doc",
            "Bản sao chứng chỉ hết hạn",
            ["mau so 20.doc"],
        ),
    ],
)
def test_split_form_files(text: str, name: str, files: list[str]) -> None:
    assert split_form_files(text) == (name, files)


def test_no_boundary_keeps_everything_as_text() -> None:
    text = "Giấy đề nghị gia hạn theo Hiện định GMSGMS - Gia hạn.docx"
    assert split_form_files(text) == (text, [])
    assert split_form_files("Giấy khai sinh") == ("Giấy khai sinh", [])


# --- counts, groups, items ---------------------------------------------------------


def item(name: str, group: DocumentGroup = DocumentGroup.SUBMIT, title: str | None = None, **fields) -> DocumentItem:
    return DocumentItem(group=group, group_title=title, name=name, **fields)


def test_counts_end_items_and_counts_inside_text_do_not() -> None:
    text = (
        "--" + TABLE_HEADER + "- Tài liệu theo Nghị định 1161 bản chính"
        "+ Văn bản đề nghị (01 bản chính) của doanh nghiệp;0 bản chính,1 bản sao"
        "Hợp đồng: nộp 01 bản chính1 bản chính"
        "a) Hồ sơ 01 bản chính (bản giấy) gồm:0 bản chính"
        "Giấy phép1 bản chính,2 bản chụp"
        "Đơn đề nghị1 bản chính (2). Đối với cấp lại3 bản chính"
    )
    items, problems = parse_documents(text)
    assert problems == []
    assert items == [
        item("Tài liệu theo Nghị định 116", originals=1),
        item("Văn bản đề nghị (01 bản chính) của doanh nghiệp", originals=0, copies=1),
        item("Hợp đồng: nộp 01 bản chính", originals=1),
        item("Hồ sơ 01 bản chính (bản giấy) gồm:", originals=0, is_note=True),
        item("Giấy phép", originals=1, copies=2),
        item("Đơn đề nghị", originals=1),
        item("Đối với cấp lại", originals=3),
    ]


def test_headings_set_group_and_title() -> None:
    text = (
        "* Giấy tờ phải nộp:" + TABLE_HEADER + "Tờ khai1 bản chính"
        "* Giấy tờ phải xuất trình:" + TABLE_HEADER + "Hộ chiếu1 bản chính"
        "* Lưu ý :" + TABLE_HEADER + "Không phải nộp bản sao0 bản chính"
        "--" + TABLE_HEADER + "Đơn1 bản chính"
        "* Đăng ký tạm trú theo danh sách, hồ sơ gồm:" + TABLE_HEADER + "Danh sách1 bản chính"
        "Trường hợp ủy quyền thực hiện thủ tục:" + TABLE_HEADER + "Văn bản ủy quyền1 bản chính"
        "Bao gồm" + TABLE_HEADER + "Giấy tờ khác1 bản chính"
    )
    items, problems = parse_documents(text)
    assert problems == []
    assert [(i.group, i.group_title, i.name) for i in items] == [
        (DocumentGroup.SUBMIT, "Giấy tờ phải nộp", "Tờ khai"),
        (DocumentGroup.PRESENT, "Giấy tờ phải xuất trình", "Hộ chiếu"),
        (DocumentGroup.OTHER, "Lưu ý", "Không phải nộp bản sao"),
        (DocumentGroup.SUBMIT, None, "Đơn"),
        (DocumentGroup.SUBMIT, "Đăng ký tạm trú theo danh sách", "Danh sách"),
        (DocumentGroup.SUBMIT, "Trường hợp ủy quyền thực hiện thủ tục", "Văn bản ủy quyền"),
        (DocumentGroup.SUBMIT, "Bao gồm", "Giấy tờ khác"),
    ]


def test_empty_and_malformed_tables_are_reported() -> None:
    assert parse_documents("--") == ([], ["documents: none listed"])
    assert parse_documents("Không có thông tin") == ([], ["documents: none listed"])
    items, problems = parse_documents("); nộp hồ sơ cho cơ quan BHXH.")
    assert [i.name for i in items] == ["); nộp hồ sơ cho cơ quan BHXH"]
    assert problems == [
        "documents: no document table header",
        "documents: item without a count: '); nộp hồ sơ cho cơ quan BHXH.'",
    ]


# --- form code and condition -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Tờ khai thay đổi thông tin cư trú (Mẫu CT01 ban hành kèm theo Thông tư số 53/2025/TT-BCA)", "CT01"),
        ("Tờ khai đăng ký khai sinh theo Mẫu TP/HT-2020-TKKS.", "TP/HT-2020-TKKS"),
        ("Tờ khai theo mẫu số 02b tại Phụ lục", "02b"),
        ("Tờ khai thuế (Mẫu số 01/BĐS)", "01/BĐS"),
        ("Văn bản đề nghị hủy tài khoản điện tử (NA20).", "NA20"),
        ("Phiếu CC01 được tạo lập khi trích xuất thông tin", "CC01"),
        # A bare number identifies nothing without its decree.
        ("Đơn đề nghị theo Mẫu số 03 ban hành kèm theo Nghị định số 41/2026/NĐ-CP", None),
        ("Đơn đề nghị theo mẫu quy định", None),
    ],
)
def test_find_form_code(text: str, code: str | None) -> None:
    assert find_form_code(text) == code


@pytest.mark.parametrize(
    ("text", "condition"),
    [
        (
            "Trường hợp trẻ em bị bỏ rơi thì phải có biên bản về việc trẻ bị bỏ rơi do cơ quan có thẩm quyền lập.",
            "trẻ em bị bỏ rơi",
        ),
        (
            "Văn bản ủy quyền (được chứng thực) theo quy định của pháp luật trong trường hợp ủy quyền thực hiện việc"
            " đăng ký khai sinh. Trường hợp người được ủy quyền là ông, bà thì văn bản ủy quyền không phải chứng thực.",
            "ủy quyền thực hiện việc đăng ký khai sinh",
        ),
        ("Đối với Quân đội nhân dân: Giấy giới thiệu đăng ký tạm trú của đơn vị", "Quân đội nhân dân"),
        (
            "Trường hợp khai sinh cho trẻ em sinh ra do mang thai hộ phải có văn bản xác nhận",
            "khai sinh cho trẻ em sinh ra do mang thai hộ",
        ),
        (
            "Trường hợp ủy quyền cho đơn vị bưu chính không phải là bưu chính công ích thì phải nộp",
            "ủy quyền cho đơn vị bưu chính không phải là bưu chính công ích",
        ),
        ("Báo cáo kết quả khảo sát (đối với trường hợp phải khảo sát đường bộ) theo mẫu", "phải khảo sát đường bộ"),
        ("Tờ khai theo mẫu. Hai bên có thể khai chung (nếu nộp hồ sơ trực tiếp)", "nộp hồ sơ trực tiếp"),
        # The item always applies; the clause offers an alternative.
        (
            "Giấy chứng sinh; trường hợp không có Giấy chứng sinh thì nộp văn bản của người làm chứng xác nhận về việc"
            " sinh; nếu không có người làm chứng thì phải có giấy cam đoan về việc sinh.",
            None,
        ),
        ("Giấy chứng sinh. Đối với trường hợp trẻ em bị bỏ rơi thì nộp biên bản thay cho giấy chứng sinh.", None),
        ("Giấy phép kinh doanh (nếu có)", None),
        ("Tờ khai đăng ký kết hôn", None),
    ],
)
def test_find_condition(text: str, condition: str | None) -> None:
    assert find_condition(text) == condition
