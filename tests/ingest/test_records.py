"""Exact parses of real portal records (copies in tests/fixtures/portal)."""

import json
from pathlib import Path

from assistant.domain import ChannelKind, DocumentGroup, Duration, Fee, Level, Procedure, SubmissionChannel
from ingest.portal import FOLDER_MINISTRY, parse_record

PORTAL = Path(__file__).resolve().parent.parent / "fixtures" / "portal"
SUBMIT, PRESENT, OTHER = DocumentGroup.SUBMIT, DocumentGroup.PRESENT, DocumentGroup.OTHER
ONLINE, IN_PERSON, POST = ChannelKind.ONLINE, ChannelKind.IN_PERSON, ChannelKind.POST
FREE = Fee(text="Miễn phí", free=True)
NOP, XUAT_TRINH, LUU_Y = "Giấy tờ phải nộp", "Giấy tờ phải xuất trình", "Lưu ý"


def raw_record(key: str) -> dict:
    return json.loads((PORTAL / f"{key}.json").read_text(encoding="utf-8"))


def parse(key: str, **kwargs) -> Procedure:
    folder = key.split("/")[0]
    return parse_record(raw_record(key), ministry=FOLDER_MINISTRY[folder], snapshot_date="2026-07", **kwargs)


def assert_documents(procedure: Procedure, expected: list[tuple]) -> None:
    """Each expected row: (group, group_title, name, form_code, form_files, originals, copies, is_note, condition).

    `name` is the exact text, or (start, end) for long items.
    """
    assert len(procedure.documents) == len(expected)
    for index, (item, row) in enumerate(zip(procedure.documents, expected)):
        group, title, name, form_code, files, originals, copies, is_note, condition = row
        actual = (item.group, item.group_title, item.form_code, item.form_files, item.originals, item.copies)
        assert actual == (group, title, form_code, files, originals, copies), index
        assert (item.condition, item.is_note) == (condition, is_note), index
        if isinstance(name, tuple):
            assert item.name.startswith(name[0]) and item.name.endswith(name[1]), (index, item.name)
        else:
            assert item.name == name, index


def channel(kind: ChannelKind, time: Duration, fee: Fee, note: str | None = None) -> SubmissionChannel:
    return SubmissionChannel(kind=kind, time=time, fee=fee, note=note)


# --- 1.001193 Thủ tục đăng ký khai sinh ---------------------------------------------

BIRTH_DOCUMENTS = [
    (SUBMIT, NOP, ("Trường hợp trẻ em bị bỏ rơi thì phải có ", "i do cơ quan có thẩm quyền lập"),
     None, [], 1, 0, False, "trẻ em bị bỏ rơi"),
    (SUBMIT, NOP, ("Văn bản ủy quyền (được chứng thực) theo ", "ủy quyền không phải chứng thực"),
     None, [], 1, 0, False, "ủy quyền thực hiện việc đăng ký khai sinh"),
    (SUBMIT, NOP, ("Trường hợp người yêu cầu đã nộp bản điện", "nh thì không phải nộp bản giấy"),
     None, [], 0, 0, True,
     "người yêu cầu đã nộp bản điện tử Giấy chứng sinh hoặc cơ quan đăng ký hộ tịch đã khai thác được dữ liệu điện "
     "tử có ký số của Giấy chứng sinh"),
    (SUBMIT, NOP, ("Trường hợp khai sinh cho trẻ em sinh ra ", "sinh sản cho việc mang thai hộ"),
     None, [], 1, 0, False, "khai sinh cho trẻ em sinh ra do mang thai hộ"),
    (SUBMIT, NOP, ("Giấy chứng sinh; trường hợp không có Giấ", " có giấy cam đoan về việc sinh"),
     None, [], 1, 0, False, None),
    (PRESENT, XUAT_TRINH, ("Trường hợp không khai thác được thông ti", "ệu theo quy định của pháp luật"),
     None, [], 0, 0, True,
     "không khai thác được thông tin hoặc thông tin khai thác được không đầy đủ, không chính xác"),
    (PRESENT, XUAT_TRINH, ("Giấy tờ có giá trị chứng minh thông tin ", "ên (theo hình thức trực tuyến)"),
     None, [], 1, 0, False,
     "cơ quan đăng ký hộ tịch không thể khai thác được thông tin về nơi cư trú của công dân theo các phương thức quy "
     "định tại khoản 2 Điều 14 Nghị định số 104/2022/NĐ-CP ngày 21/12/2022 của Chính phủ"),
    (PRESENT, XUAT_TRINH, ("Trường hợp các thông tin cá nhân trong c", "ên (theo hình thức trực tuyến)"),
     None, [], 0, 0, True,
     "các thông tin cá nhân trong các giấy tờ này đã có trong Cơ sở dữ liệu quốc gia về dân cư, Cơ sở dữ liệu hộ "
     "tịch điện tử, được hệ thống điền tự động"),
    (PRESENT, XUAT_TRINH, ("Trường hợp giấy tờ tùy thân sử dụng là: ", "ể đối chiếu, khai thác dữ liệu"),
     None, [], 0, 0, True,
     "giấy tờ tùy thân sử dụng là: Hộ chiếu, Thẻ căn cước, Căn cước công dân, Giấy chứng nhận căn cước"),
    (PRESENT, XUAT_TRINH, ("Trường hợp gửi hồ sơ qua hệ thống bưu ch", "ấy tờ phải xuất trình nêu trên"),
     None, [], 0, 0, True, "gửi hồ sơ qua hệ thống bưu chính"),
    (PRESENT, XUAT_TRINH, ("Hộ chiếu/Thẻ căn cước công dân/Thẻ căn c", "ếp tại cơ quan đăng ký hộ tịch"),
     None, [], 1, 0, False, None),
    (OTHER, LUU_Y, ("Cá nhân có quyền lựa chọn thực hiện thủ ", "an có thẩm quyền theo quy định"),
     None, [], 0, 0, True, None),
    (OTHER, LUU_Y, ("Cơ quan đăng ký hộ tịch từ chối giải quy", "ng cam đoan không đúng sự thật"),
     None, [], 0, 0, True, None),
    (OTHER, LUU_Y, "Đối với việc xác định họ, dân tộc, quê quán, đặt tên cho trẻ:",
     None, [], 0, 0, True, "việc xác định họ, dân tộc, quê quán, đặt tên cho trẻ"),
    (OTHER, LUU_Y, ("Trường hợp cha, mẹ không thỏa thuận được", " tộc, quê quán của cha hoặc mẹ"),
     None, [], 0, 0, True, "cha, mẹ không thỏa thuận được về họ, dân tộc, quê quán của con khi đăng ký khai sinh"),
    (OTHER, LUU_Y, ("Người tiếp nhận có trách nhiệm tiếp nhận", "ộ tịch không quy định phải nộp"),
     None, [], 0, 0, True, None),
    (OTHER, LUU_Y, ("Trường hợp giấy tờ, tài liệu phải gửi kè", "u được sử dụng bản điện tử này"),
     None, [], 0, 0, True,
     "giấy tờ, tài liệu phải gửi kèm trong hồ sơ đăng ký khai sinh trực tuyến đã có bản sao điện tử hoặc đã có bản "
     "điện tử giấy tờ hộ tịch"),
    (OTHER, LUU_Y, ("Trường hợp cho phép người yêu cầu đăng k", "ệc cam đoan không đúng sự thật"),
     None, [], 0, 0, True,
     "cho phép người yêu cầu đăng ký hộ tịch lập văn bản cam đoan về nội dung yêu cầu đăng ký hộ tịch"),
    (OTHER, LUU_Y, ("Trường hợp người đi đăng ký khai sinh ch", "ẻ em về các nội dung khai sinh"),
     None, [], 0, 0, True, "người đi đăng ký khai sinh cho trẻ em là ông, bà, người thân thích khác"),
    (OTHER, LUU_Y, ("Đối với giấy tờ gửi kèm theo nếu người y", " sơ theo hình thức trực tuyến:"),
     None, [], 0, 0, True, "giấy tờ gửi kèm theo nếu người yêu cầu nộp hồ sơ theo hình thức trực tuyến"),
    (OTHER, LUU_Y, ("Người tiếp nhận hồ sơ thực hiện khai thá", "ị người yêu cầu kê khai đầy đủ"),
     None, [], 0, 0, True, None),
    (OTHER, LUU_Y, ("Trường hợp người yêu cầu đăng ký hộ tịch", "uy định trước khi nhận kết quả"),
     None, [], 0, 0, True, "người yêu cầu đăng ký hộ tịch lựa chọn nhận kết quả tại Trung tâm Phục vụ hành chính công"),
    (OTHER, LUU_Y, ("Đối với giấy tờ nộp, xuất trình nếu ngườ", "ồ sơ theo hình thức trực tiếp:"),
     None, [], 0, 0, True, "giấy tờ nộp, xuất trình nếu người yêu cầu nộp hồ sơ theo hình thức trực tiếp"),
    (OTHER, LUU_Y, ("Việc xác định họ, dân tộc, đặt tên cho t", "g đặt tên quá dài, khó sử dụng"),
     None, [], 0, 0, True, None),
    (OTHER, LUU_Y, ("Trường hợp người yêu cầu đăng ký hộ tịch", "hủy bỏ kết quả đăng ký hộ tịch"),
     None, [], 0, 0, True,
     "người yêu cầu đăng ký hộ tịch không cung cấp được giấy tờ theo quy định hoặc giấy tờ nộp, xuất trình bị tẩy "
     "xóa, sửa chữa, làm giả"),
    (OTHER, LUU_Y, ("Bản chụp các giấy tờ gửi kèm theo hồ sơ ", "ấp hợp lệ, còn giá trị sử dụng"),
     None, [], 0, 0, True, None),
    (OTHER, LUU_Y, ("Người yêu cầu đăng ký hộ tịch có thể nộp", "dụng định danh điện tử (VneID)"),
     None, [], 0, 0, True, None),
    (OTHER, LUU_Y, ("Đối với giấy tờ xuất trình khi đăng ký h", "n sao hoặc bản chụp giấy tờ đó"),
     None, [], 0, 0, True, None),
    (OTHER, LUU_Y, ("Giấy tờ do cơ quan có thẩm quyền của nướ", "c tế mà Việt Nam là thành viên"),
     None, [], 0, 0, True, None),
    (OTHER, LUU_Y, ("Trường hợp người yêu cầu nộp bản chụp kè", "yêu cầu nộp bản sao giấy tờ đó"),
     None, [], 0, 0, True, "người yêu cầu nộp bản chụp kèm theo bản chính giấy tờ"),
    (SUBMIT, None, ("Người có yêu cầu đăng ký khai sinh thực ", "c trực tuyến) các giấy tờ sau:"),
     None, [], 0, 0, True, None),
    (SUBMIT, None, ("Tờ khai đăng ký khai sinh theo mẫu (nếu ", " hồ sơ qua hệ thống bưu chính)"),
     None, [], 1, 0, False,
     "người có yêu cầu lựa chọn nộp hồ sơ theo hình thức trực tiếp hoặc gửi hồ sơ qua hệ thống bưu chính"),
    (SUBMIT, None, ("Mẫu hộ tịch điện tử tương tác đăng ký kh", " sơ theo hình thức trực tuyến)"),
     None, [], 1, 0, False, "người có yêu cầu lựa chọn nộp hồ sơ theo hình thức trực tuyến"),
]


def test_birth_registration() -> None:
    p = parse("bo-tu-phap/1.001193")
    assert (p.code, p.name, p.ministry, p.field, p.decision) == (
        "1.001193",
        "Thủ tục đăng ký khai sinh",
        "Bộ Tư pháp",
        "Hộ tịch",
        "163/QĐ-BTP",
    )
    assert (p.levels, p.levels_text, p.kind) == ([Level.XA], "Cấp xã", "TTHC được giao luật quy định chi tiết")
    assert p.applicants == ["Công dân Việt Nam", "Người Việt Nam định cư ở nước ngoài"]
    assert (p.competent_agency, p.implementing_agency, p.receiving_address, p.related_procedures, p.conditions) == (
        None,
        None,
        None,
        None,
        None,
    )
    assert p.source_url == "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d2bfd-3fe0-70ac-b9d6-5e9e20d6eef7"
    assert p.snapshot_date == "2026-07"
    one = Duration(text="1", value=1.0, unit=None)
    assert p.channels == [channel(ONLINE, one, FREE), channel(POST, one, FREE), channel(IN_PERSON, one, FREE)]
    assert_documents(p, BIRTH_DOCUMENTS)
    assert len(p.legal_basis) == 15
    assert [(d.title, d.number) for d in p.legal_basis[2:3] + p.legal_basis[7:8] + p.legal_basis[12:14]] == [
        (
            "Nghị định số 123/2015/NĐ-CP ngày 15/11/2015 của Chính phủ quy định chi tiết một số điều và biện pháp thi "
            "hành Luật Hộ tịch",
            "123/2015/NĐ-CP",
        ),
        ("Thông tư số 03/2023/TT-BTP ngày 02/8/2023 của Bộ trưởng Bộ Tư pháp", "03/2023/TT-BTP"),
        (
            "Nghị quyết số 66.7/2025/NQ-CP của Chính phủ: Quy định cắt giảm, đơn giản hóa thủ tục hành chính dựa trên "
            "dữ liệu",
            "66.7/2025/NQ-CP",
        ),
        ("Luật 60/2014/QH13", "60/2014/QH13"),
    ]
    assert all(d.number for d in p.legal_basis)
    assert [(r.name, r.code) for r in p.results] == [("Giấy khai sinh", "KQ.G15.000031")]
    assert len(p.steps) == 24
    assert p.steps[0].startswith("- Nếu lựa chọn hình thức nộp hồ sơ trực tiếp, người yêu cầu đăng ký khai sinh")
    assert p.steps[15] == "* Lưu ý:"
    # The portal's own text is spliced mid-sentence here; we flag it but keep the record.
    assert p.problems == [
        "steps: possibly garbled text at a mid-sentence line break: ', hoàn tất việc sinh tại Trung' / 'nộp hồ sơ.'"
    ]
    assert p.indexable


# --- 1.004194 Đăng ký tạm trú ----------------------------------------------------------

TAM_TRU, DANH_SACH = "Hồ sơ đăng ký tạm trú", "Đăng ký tạm trú theo danh sách"
DONG_QUAN = (
    "Đăng ký tạm trú tại nơi đơn vị đóng quân trong Công an nhân dân, Quân đội nhân nhân (đơn vị đóng quân, "
    "nhà ở công vụ)"
)
RESIDENCE_DOCUMENTS = [
    (SUBMIT, TAM_TRU, ("Ví dụ: Trường hợp giấy tờ, tài liệu chứn", "liệu chứng minh chỗ ở hợp pháp"),
     None, [], 0, 0, True, None),
    (SUBMIT, TAM_TRU, ("Thông tin chứng minh về chỗ ở hợp pháp đ", " ngày 26/11/2024 của Chính phủ"),
     None, [], 1, 0, False, None),
    (SUBMIT, TAM_TRU, ("Tờ khai thay đổi thông tin cư trú (Mẫu C", " có ý kiến đồng ý bằng văn bản"),
     "CT01", ["1.MuCT01banhnhkmtheoThngts53.doc"], 1, 0, False, None),
    (SUBMIT, DANH_SACH, ("Tờ khai thay đổi thông tin cư trú (của t", "eo Thông tư số 53/2025/TT-BCA)"),
     "CT01", ["1.MuCT01banhnhkmtheoThngts53.doc"], 1, 0, False, None),
    (SUBMIT, DANH_SACH, ("Văn bản đề nghị đăng ký tạm trú, trong đ", "nh cá nhân và thời hạn tạm trú"),
     None, [], 1, 1, False, None),
    (SUBMIT, DONG_QUAN, ("Đối với Quân đội nhân dân: Giấy giới thi", "ng đoàn và tương đương trở lên"),
     None, [], 1, 0, False, "Quân đội nhân dân"),
    (SUBMIT, DONG_QUAN, ("Tờ khai thay đổi thông tin cư trú (Mẫu C", "eo Thông tư số 53/2025/TT-BCA)"),
     "CT01", ["1.MuCT01banhnhkmtheoThngts53.doc"], 1, 0, False, None),
    (SUBMIT, DONG_QUAN, ("Đối với Công an nhân dân: Giấy giới thiệ", "bộ chiến sĩ (ký tên, đóng dấu)"),
     None, [], 1, 0, False, "Công an nhân dân"),
    (SUBMIT, None, ("Lưu ý: - Trường hợp giấy tờ, tài liệu ch", "ực hiện thủ tục đăng ký cư trú"),
     None, [], 0, 0, True, None),
]


def test_temporary_residence() -> None:
    p = parse("bo-cong-an/1.004194")
    assert (p.name, p.levels, p.ministry) == ("Đăng ký tạm trú", [Level.XA], "Bộ Công an")
    assert p.field == "Đăng ký, quản lý cư trú"
    assert p.applicants == [
        "Hợp tác xã",
        "Doanh nghiệp",
        "Công dân Việt Nam",
        "Tổ chức (không bao gồm doanh nghiệp, HTX)",
    ]
    three_days = Duration(text="3 Ngày làm việc", value=3.0, unit="ngay_lam_viec")
    assert p.channels == [
        channel(
            ONLINE,
            three_days,
            Fee(text="7,000 Việt Nam Đồng", amount=7000, currency="VND"),
            "(- Đăng ký tạm trú (cá nhân, hộ gia đình): + Trường hợp công dân nộp hồ sơ qua cổng dịch vụ công trực "
            "tuyến thu 7.000 đồng/lần đăng ký.) - Nộp hồ sơ trực tuyến qua các cổng cung cấp dịch vụ công trực tuyến "
            "như: Trực tuyến qua Cổng dịch vụ công quốc gia, Cổng dịch vụ công Bộ Công an, ứng dụng VNeID hoặc dịch "
            "vụ công trực tuyến khác theo quy định của pháp luật. Thời gian tiếp nhận hồ sơ: Giờ hành chính các ngày "
            "làm việc từ thứ 2 đến thứ 6 và sáng thứ 7 hàng tuần (trừ các ngày nghỉ lễ, tết theo quy định của pháp "
            "luật).",
        ),
        channel(
            IN_PERSON,
            three_days,
            Fee(text="10,000 Việt Nam Đồng", amount=10000, currency="VND"),
            "(- Đăng ký tạm trú theo danh sách: + Trường hợp công dân nộp hồ sơ trực tiếp thu 10.000 đồng/người/lần "
            "đăng ký;) - Nộp hồ sơ trực tiếp tại Công an cấp xã. Thời gian tiếp nhận hồ sơ: Giờ hành chính các ngày "
            "làm việc từ thứ 2 đến thứ 6 và sáng thứ 7 hàng tuần (trừ các ngày nghỉ lễ, tết theo quy định của pháp "
            "luật).",
        ),
    ]
    assert_documents(p, RESIDENCE_DOCUMENTS)
    assert len(p.legal_basis) == 11
    assert [(d.title, d.number) for d in p.legal_basis[3:6]] == [
        ("Thông tư 57/2021/TT-BCA", "57/2021/TT-BCA"),
        (
            "Nghị quyết số 66.7/2025/NQ-CP của Chính phủ: Quy định cắt giảm, đơn giản hóa thủ tục hành chính dựa trên "
            "dữ liệu",
            "66.7/2025/NQ-CP",
        ),
        ("Luật Cư trú 2020", "68/2020/QH14"),
    ]
    assert p.legal_basis[0].title.startswith("Thông tư số 53/2025/TT-BCAngày 01/7/2025 của Bộ Công an sửa đổi")
    assert p.legal_basis[0].number == "53/2025/TT-BCA"
    assert [(r.name, r.code) for r in p.results] == [
        ("Phiếu từ chối tiếp nhận, giải quyết hồ sơ (lĩnh vực cư trú)", "KQ.G01.000067"),
        ("Cập nhật thông tin trong Cơ sở dữ liệu quốc gia về dân cư", "KQ.G01.000064"),
        ("Thông báo kết quả giải quyết thủ tục về cư trú, hủy bỏ thủ tục về cư trú", "KQ.G01.000065"),
        ("Cập nhật thông tin trong Cơ sở dữ liệu về cư trú", "KQ.G01.000066"),
    ]
    assert p.steps[:2] == [
        "Bước 1: Cá nhân, tổ chức chuẩn bị hồ sơ theo quy định của pháp luật.",
        "Bước 2: Cá nhân, tổ chức nộp hồ sơ đến Công an cấp xã.",
    ]
    assert len(p.steps) == 7
    assert (p.problems, p.indexable) == ([], True)


# --- 1.000894 Thủ tục đăng ký kết hôn --------------------------------------------------

MARRIAGE_DOCUMENTS = [
    (PRESENT, XUAT_TRINH, ("Hộ chiếu/Thẻ căn cước công dân/Thẻ căn c", "ếp tại cơ quan đăng ký hộ tịch"),
     None, [], 1, 0, False, None),
    (PRESENT, XUAT_TRINH, ("Trường hợp giấy tờ tùy thân sử dụng là: ", "ể đối chiếu, khai thác dữ liệu"),
     None, [], 0, 0, True,
     "giấy tờ tùy thân sử dụng là: Hộ chiếu, Thẻ căn cước, Căn cước công dân, Giấy chứng nhận căn cước"),
    (PRESENT, XUAT_TRINH, ("Trường hợp không khai thác được thông ti", "ệu theo quy định của pháp luật"),
     None, [], 0, 0, True,
     "không khai thác được thông tin hoặc thông tin khai thác được không đầy đủ, không chính xác"),
    (PRESENT, XUAT_TRINH, ("Trường hợp các thông tin cá nhân trong c", "ên (theo hình thức trực tuyến)"),
     None, [], 0, 0, True,
     "các thông tin cá nhân trong các giấy tờ này đã có trong Cơ sở dữ liệu quốc gia về dân cư, Cơ sở dữ liệu hộ "
     "tịch điện tử, được hệ thống điền tự động"),
    (PRESENT, XUAT_TRINH, ("Giấy tờ có giá trị chứng minh thông tin ", "ên (theo hình thức trực tuyến)"),
     None, [], 1, 0, False,
     "cơ quan đăng ký hộ tịch không thể khai thác được thông tin về nơi cư trú của công dân theo các phương thức quy "
     "định tại khoản 2 Điều 14 Nghị định số 104/2022/NĐ-CP ngày 21/12/2022 của Chính phủ"),
    (PRESENT, XUAT_TRINH, ("Trường hợp gửi hồ sơ qua hệ thống bưu ch", "ấy tờ phải xuất trình nêu trên"),
     None, [], 0, 0, True, "gửi hồ sơ qua hệ thống bưu chính"),
    (OTHER, LUU_Y, ("Người tiếp nhận có trách nhiệm tiếp nhận", "ộ tịch không quy định phải nộp"),
     None, [], 0, 0, True, None),
    (OTHER, LUU_Y, ("Bản chụp các giấy tờ gửi kèm theo hồ sơ ", "ấp hợp lệ, còn giá trị sử dụng"),
     None, [], 0, 0, True, None),
    (OTHER, LUU_Y, ("Giấy tờ do cơ quan có thẩm quyền của nướ", "c tế mà Việt Nam là thành viên"),
     None, [], 0, 0, True, None),
    (OTHER, LUU_Y, ("Trường hợp người yêu cầu đăng ký kết hôn", "hủy bỏ kết quả đăng ký kết hôn"),
     None, [], 0, 0, True,
     "người yêu cầu đăng ký kết hôn không cung cấp được giấy tờ nêu trên theo quy định hoặc giấy tờ nộp, xuất trình "
     "bị tẩy xóa, sửa chữa, làm giả"),
    (OTHER, LUU_Y, ("Đối với giấy tờ xuất trình khi đăng ký h", "n sao hoặc bản chụp giấy tờ đó"),
     None, [], 0, 0, True, None),
    (OTHER, LUU_Y, ("Người tiếp nhận hồ sơ thực hiện khai thá", "ị người yêu cầu kê khai đầy đủ"),
     None, [], 0, 0, True, None),
    (OTHER, LUU_Y, ("Người yêu cầu đăng ký hộ tịch có thể nộp", "dụng định danh điện tử (VneID)"),
     None, [], 0, 0, True, None),
    (OTHER, LUU_Y, ("Cá nhân có quyền lựa chọn thực hiện thủ ", "an có thẩm quyền theo quy định"),
     None, [], 0, 0, True, None),
    (OTHER, LUU_Y, ("Trường hợp người yêu cầu nộp bản chụp kè", "yêu cầu nộp bản sao giấy tờ đó"),
     None, [], 0, 0, True, "người yêu cầu nộp bản chụp kèm theo bản chính giấy tờ"),
    (OTHER, LUU_Y, ("Nếu bên kết hôn là công dân Việt Nam đã ", "iải quyết việc đăng ký kết hôn"),
     None, [], 0, 0, True, None),
    (OTHER, LUU_Y, ("Đối với giấy tờ nộp, xuất trình nếu ngườ", "ồ sơ theo hình thức trực tiếp:"),
     None, [], 0, 0, True, "giấy tờ nộp, xuất trình nếu người yêu cầu nộp hồ sơ theo hình thức trực tiếp"),
    (OTHER, LUU_Y, ("Đối với yêu cầu đăng ký kết hôn, cơ quan", "nh trạng hôn nhân của người đó"),
     None, [], 0, 0, True, None),
    (OTHER, LUU_Y, ("Trường hợp giấy tờ, tài liệu phải gửi kè", "u được sử dụng bản điện tử này"),
     None, [], 0, 0, True,
     "giấy tờ, tài liệu phải gửi kèm trong hồ sơ đăng ký kết hôn trực tuyến đã có bản sao điện tử hoặc đã có bản "
     "điện tử giấy tờ hộ tịch"),
    (OTHER, LUU_Y, ("Đối với giấy tờ gửi kèm theo nếu người y", " sơ theo hình thức trực tuyến:"),
     None, [], 0, 0, True, "giấy tờ gửi kèm theo nếu người yêu cầu nộp hồ sơ theo hình thức trực tuyến"),
    (SUBMIT, None, ("Mẫu hộ tịch điện tử tương tác đăng ký kế", " sơ theo hình thức trực tuyến)"),
     None, [], 1, 0, False, "người có yêu cầu lựa chọn nộp hồ sơ theo hình thức trực tuyến"),
    (SUBMIT, None, ("Người có yêu cầu đăng ký kết hôn thực hi", "c trực tuyến) các giấy tờ sau:"),
     None, [], 0, 0, True, None),
    (SUBMIT, None, ("Tờ khai đăng ký kết hôn theo mẫu, có đủ ", "ồ sơ theo hình thức trực tiếp)"),
     None, [], 1, 0, False, "người có yêu cầu lựa chọn nộp hồ sơ theo hình thức trực tiếp"),
]


def test_marriage_registration() -> None:
    p = parse("bo-tu-phap/1.000894")
    assert (p.name, p.levels, p.applicants) == ("Thủ tục đăng ký kết hôn", [Level.XA], ["Công dân Việt Nam"])
    assert p.competent_agency == "Ủy ban Nhân dân xã, phường, thị trấn."
    note = (
        "Miễn lệ phí. Phí cấp bản sao Trích lục kết hôn (nếu có yêu cầu) thực hiện theo quy định tại Thông tư số "
        "281/2016/TT-BTC ngày 14/11/2016 của Bộ Tài chính."
    )
    one = Duration(text="1", value=1.0, unit=None)
    assert p.channels == [
        channel(ONLINE, one, FREE, note),
        channel(POST, one, FREE, f"({note})"),  # the portal wraps this one twice; we strip one level
        channel(IN_PERSON, one, FREE, note),
    ]
    assert_documents(p, MARRIAGE_DOCUMENTS)
    assert len(p.legal_basis) == 16
    assert [(d.title, d.number) for d in p.legal_basis[4:6]] == [
        ("Luật 52/2014/QH13", "52/2014/QH13"),
        ("Luật 60/2014/QH13", "60/2014/QH13"),
    ]
    assert all(d.number for d in p.legal_basis)
    assert [(r.name, r.code) for r in p.results] == [("Giấy chứng nhận kết hôn", "KQ.G15.000032")]
    assert len(p.steps) == 16
    assert (p.problems, p.indexable) == ([], True)


# --- 2.000815 Chứng thực bản sao: two in-person rows ------------------------------------


def test_certified_copy_has_two_in_person_rows() -> None:
    p = parse("bo-tu-phap/2.000815")
    assert p.levels == [Level.XA, Level.KHAC]
    assert p.levels_text == "Cấp xã, Cơ quan khác"
    no_time = Duration(text="", value=None, unit=None)
    assert p.channels == [
        channel(
            IN_PERSON,
            no_time,
            Fee(text="2,000 Việt Nam Đồng", amount=2000, currency="VND"),
            "(/trang) Tại Ủy ban nhân dân cấp xã, Tổ chức hành nghề công chứng: 2.000 đồng/trang; từ trang thứ 3 trở "
            "lên thu 1.000 đồng/trang, tối đa thu không quá 200.000 đồng/bản. Trang là căn cứ để thu phí được tính "
            "theo trang của bản chính;",
        ),
        channel(
            IN_PERSON,
            no_time,
            Fee(text="10 USD", amount=10, currency="USD"),
            "(/bản) Tại cơ quan đại diện: 10 USD/bản.",
        ),
    ]
    assert_documents(
        p,
        [
            (SUBMIT, None, ("Bản chính giấy tờ, văn bản làm cơ sở để ", "đã ghi thông tin của bản chính"),
             None, [], 1, 0, False, None),
        ],
    )
    assert p.implementing_agency == "Tổ chức hành nghề công chứng, Cơ quan đại diện có thẩm quyền"
    assert p.conditions.startswith("Bản chính giấy tờ, văn bản cần chứng thực.\nBản chính giấy tờ, văn bản không được")
    assert [(d.title[:40], d.number) for d in p.legal_basis] == [
        ("Quy định mức thu, chế độ thu, nộp, quản ", "264/2016/TT-BTC"),
        ("Về cấp bản sao từ sổ gốc, chứng thực bản", "23/2015/NĐ-CP"),
        ("Thông tư quy định mức thu, chế độ thu, n", "257/2016/TT-BTC"),
        ("Nghị định số 280/2025/NĐ-CP sửa đổi, bổ ", "280/2025/NĐ-CP"),
        ("Thông tư 01/2020/TT-BTP", "01/2020/TT-BTP"),
        ("Thông tư 226/2016/TT-BTC", "226/2016/TT-BTC"),
    ]
    assert [(r.name, r.code) for r in p.results] == [("Bản sao được chứng thực từ bản chính", "KQ.G15.000021")]
    assert (p.problems, p.indexable) == ([], True)


# --- 1.014064 Cấp lại thẻ căn cước ------------------------------------------------------


def test_reissue_id_card() -> None:
    p = parse("bo-cong-an/1.014064")
    assert (p.name, p.levels, p.applicants) == ("Cấp lại thẻ căn cước", [Level.XA], ["Công dân Việt Nam"])
    seven = Duration(text="7 Ngày làm việc", value=7.0, unit="ngay_lam_viec")
    fee = Fee(text="70,000 Việt Nam Đồng", amount=70000, currency="VND")
    assert [(c.kind, c.time, c.fee) for c in p.channels] == [
        (IN_PERSON, seven, fee),
        (ONLINE, seven, fee),
        (POST, seven, Fee(text="")),
    ]
    assert p.channels[0].note.startswith("(- Cấp lại thẻ căn cước đối với các trường hợp quy định tại khoản 2 Điều 24")
    assert p.channels[0].note.endswith(
        ") - Trực tiếp tại trụ sở Công an cấp xã hoặc bộ phận một cửa cấp xã trong cả nước không phụ thuộc vào nơi cư "
        "trú. - Thời gian tiếp nhận hồ sơ: Giờ hành chính các ngày làm việc từ thứ 2 đến thứ 6 và sáng thứ 7 hàng tuần "
        "(trừ các ngày nghỉ lễ, tết theo quy định của pháp luật). Thời hạn giải quyết: Không quá 07 ngày làm việc."
    )
    assert p.channels[2].note == "Trả kết quả qua dịch vụ bưu chính, trả phí theo quy định."
    assert_documents(
        p,
        [
            (SUBMIT, None, ("Phiếu này là biểu mẫu điện tử, công dân ", "rường hợp nộp hồ sơ trực tuyến"),
             None, [], 0, 0, True, "nộp hồ sơ trực tuyến"),
            (SUBMIT, None, ("Phiếu đề nghị giải quyết thủ tục về căn ", "17/2024/TT-BCA của Bộ Công an)"),
             "DC02", ["Mẫu DC02 Phiếu đề nghị giải quyết thủ tục về căn cước.doc"], 1, 0, False, None),
            (SUBMIT, None, ("Giấy tờ, tài liệu có giá trị pháp lý chứ", "ợp pháp của người dưới 14 tuổi"),
             None, [], 1, 0, False, None),
            (SUBMIT, None, ("Phiếu CC01 được tạo lập khi trích xuất t", " chứng minh thông tin công dân"),
             "CC01", [], 1, 0, False, None),
        ],
    )
    assert len(p.legal_basis) == 7
    assert [(d.title, d.number) for d in p.legal_basis[5:]] == [
        (
            "Thông tư quy định quy định về quy trình cấp, cấp đổi, cấp lại thẻ căn cước, giấy chứng nhận căn cước",
            "18/2024/TT-BCA",
        ),
        ("Luật Căn cước", "26/2023/QH15"),
    ]
    assert p.legal_basis[0].number == "190/2025/NQ-QH15"
    assert [(r.name, r.code) for r in p.results] == [("Thẻ căn cước", "KQ.G01.000023")]
    assert p.steps[0] == "- Bước 1:"
    assert (p.problems, p.indexable) == ([], True)


# --- 5.003803: a record that is mostly "Không có thông tin" ----------------------------


def test_mostly_empty_record() -> None:
    p = parse("bo-xay-dung/5.003803")
    assert (p.code, p.name, p.levels, p.kind, p.field) == (
        "5.003803",
        "Công bố mở luồng đường thủy nội địa quốc gia",
        [Level.BO],
        None,
        "Hàng hải và đường thủy nội địa",
    )
    assert p.applicants == ["Cán bộ, công chức, viên chức"]
    assert (p.related_procedures, p.conditions, p.competent_agency, p.receiving_address) == (None, None, None, None)
    assert p.implementing_agency == "Bộ Xây dựng, Cục Hàng hải và Đường thủy Việt Nam"
    five_days = Duration(text="5 Ngày", value=5.0, unit="ngay")
    assert p.channels == [
        channel(IN_PERSON, five_days, Fee(text="")),
        channel(ONLINE, five_days, Fee(text="")),
        channel(POST, five_days, Fee(text="")),
    ]
    assert p.documents == []
    assert [(d.title, d.number) for d in p.legal_basis] == [
        ("Quy định về quản lý hoạt động đường thủy nội địa", "08/2021/NĐ-CP"),
        ("Nghị định 33/2013/NĐ-CP", "33/2013/NĐ-CP"),
    ]
    assert [(r.name, r.code) for r in p.results] == [("Quyết định công bố mở luồng", "KQ.G04.000388")]
    assert p.steps == [
        "Cục Hàng hải và Đường thủy Việt Nam lập hồ sơ, báo cáo Bộ Xây dựng; trong thời hạn 05 ngày làm việc, kể từ "
        "ngày nhận đủ hồ sơ, Bộ Xây dựng ban hành quyết định công bố mở luồng."
    ]
    # No documents is worth a note, but the record still answers "where / how long".
    assert (p.problems, p.indexable) == (["documents: none listed"], True)


# --- 2.001428: named after a publication decision, content of another procedure ---------


def test_misnamed_record_without_official_list_is_not_indexable() -> None:
    p = parse("bo-cong-an/2.001428")
    assert p.name.startswith("Công bố Danh mục và Quy trình nội bộ thủ tục hành chính thuộc thẩm quyền")
    assert "\n" not in p.name
    assert p.field == "Người có công"
    assert p.problems == [
        "name is a publication decision, not a procedure name, and 2.001428 is not in the official list: "
        "'Công bố Danh mục và Quy trình nội bộ thủ tục hành chính thuộc thẩm quyền giải qu'",
        "page belongs to procedure 3.000579, not 2.001428: the scrape stored another procedure's content under "
        "this code",
    ]
    assert not p.indexable
    assert_documents(
        p,
        [
            (SUBMIT, None, ("Bản khai cá nhân đề nghị hưởng chế độ tr", "g phong, theo mẫu BM.NCC.20.03"),
             "BM.NCC.20.01", [], 1, 0, False, None),
            (SUBMIT, None, ("Một trong các giấy tờ chứng minh là TNXP", "ng trú trước khi tham gia TNXP"),
             None, [], 1, 0, False, None),
            (SUBMIT, None, "Giấy chứng nhận hộ nghèo",
             None, [], 1, 0, False, None),
        ],
    )
    assert [d.number for d in p.legal_basis] == [
        "118/2025/NĐ-CP",
        "02/2017/TT-VPCP",
        "03/2025/TT-VPCP",
        "182/2025/NQ-HĐND",
        "16/2026/QĐ-UBND",
    ]
    assert [(c.kind, c.time.text, c.fee.text) for c in p.channels] == [
        (IN_PERSON, "7 Ngày", ""),
        (ONLINE, "7 Ngày", ""),
        (POST, "7 Ngày", ""),
    ]
    assert "Bước 9 Chuyển hồ sơ về phòng Người có công (NCC) của Sở Nội vụ để xử lý" in p.steps
    assert "Bước 10 Duyệt hồ sơ và chuyển cho chuyên viên xử lý." in p.steps
