"""`load_dump` / `parse_record`: bad input, official lists, determinism, small field parsers."""

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook

from ingest.official_lists import OfficialEntry, read_official_list
from ingest.portal import RecordError, SourceProblem, load_dump, parse_record, parse_steps, split_applicants

PORTAL = Path(__file__).resolve().parent.parent / "fixtures" / "portal"
FIXTURE_CODES = ["1.000894", "1.001193", "1.004194", "1.014064", "2.000815", "2.001428", "5.003803"]


def fixture_record(key: str) -> dict:
    return json.loads((PORTAL / f"{key}.json").read_text(encoding="utf-8"))


def write_json(path: Path, value: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    return path


def test_load_dump_reads_every_fixture_sorted_by_code() -> None:
    procedures, problems = load_dump(PORTAL, snapshot_date="2026-07")
    assert problems == []
    assert [p.code for p in procedures] == FIXTURE_CODES
    assert {p.code: p.ministry for p in procedures} == {
        "1.000894": "Bộ Tư pháp",
        "1.001193": "Bộ Tư pháp",
        "1.004194": "Bộ Công an",
        "1.014064": "Bộ Công an",
        "2.000815": "Bộ Tư pháp",
        "2.001428": "Bộ Công an",
        "5.003803": "Bộ Xây dựng",
    }
    assert [p.code for p in procedures if not p.indexable] == ["2.001428"]


def test_load_dump_is_deterministic() -> None:
    first, _ = load_dump(PORTAL, snapshot_date="2026-07")
    second, _ = load_dump(PORTAL, snapshot_date="2026-07")
    assert [p.model_dump(mode="json") for p in first] == [p.model_dump(mode="json") for p in second]
    assert json.dumps([p.model_dump(mode="json") for p in first], ensure_ascii=False) == json.dumps(
        [p.model_dump(mode="json") for p in second], ensure_ascii=False
    )


def test_bad_files_are_reported_and_the_rest_still_loads(tmp_path: Path) -> None:
    folder = tmp_path / "bo-tu-phap"
    good = write_json(folder / "1.001193.json", fixture_record("bo-tu-phap/1.001193"))
    shutil.copy(PORTAL / "bo-tu-phap/2.000815.json", folder / "2.000815.json")
    duplicate = write_json(folder / "z-copy-of-1.001193.json", fixture_record("bo-tu-phap/1.001193"))
    invalid = folder / "a-invalid.json"
    invalid.write_text('{"ma_thu_tuc": "1.1",\n  "ten_thu_tuc":\n}', encoding="utf-8")
    a_list = write_json(folder / "b-list.json", [{"ma_thu_tuc": "1.2"}])
    no_code = write_json(folder / "c-no-code.json", {"ten_thu_tuc": "Thủ tục"})
    int_field = write_json(folder / "d-int.json", {"ma_thu_tuc": "1.3", "ten_thu_tuc": "Thủ tục", "so_quyet_dinh": 163})
    list_name = write_json(folder / "e-list-name.json", {"ma_thu_tuc": "1.4", "ten_thu_tuc": ["Thủ tục"]})
    latin1 = folder / "f-latin1.json"
    raw = b'{"ma_thu_tuc": "1.5", "ten_thu_tuc": "Th\xff t\xfac"}'  # a legacy 8-bit encoding, not UTF-8
    latin1.write_bytes(raw)
    offset = raw.index(b"\xff")

    procedures, problems = load_dump(tmp_path, snapshot_date="2026-07")

    assert [p.code for p in procedures] == ["1.001193", "2.000815"]
    assert problems == [
        SourceProblem(str(invalid), "invalid JSON at line 3 column 1: Expecting value"),
        SourceProblem(str(a_list), "JSON is a list, expected an object"),
        SourceProblem(str(no_code), "missing required field 'ma_thu_tuc'"),
        SourceProblem(str(int_field), "field 'so_quyet_dinh' is a number, expected a string"),
        SourceProblem(str(list_name), "field 'ten_thu_tuc' is a list, expected a string"),
        SourceProblem(str(latin1), f"not UTF-8 (byte 0xff at {offset})"),
        SourceProblem(str(duplicate), f"duplicate code 1.001193: already read from {good}"),
    ]


def test_odd_layout_is_reported_not_fatal(tmp_path: Path) -> None:
    write_json(tmp_path / "so-la" / "1.001193.json", fixture_record("bo-tu-phap/1.001193"))
    write_json(tmp_path / "bo-tu-phap" / "renamed.json", fixture_record("bo-tu-phap/2.000815"))
    stray = write_json(tmp_path / "stray.json", fixture_record("bo-tu-phap/1.000894"))

    procedures, problems = load_dump(tmp_path, snapshot_date="2026-07-01")

    assert problems == [SourceProblem(str(stray), "not inside a ministry folder: skipped")]
    by_code = {p.code: p for p in procedures}
    assert by_code["1.001193"].ministry == "so-la"
    assert by_code["1.001193"].problems[-1] == "unknown ministry folder 'so-la'"
    assert by_code["2.000815"].problems == ["file name 'renamed.json' does not match code 2.000815"]
    assert by_code["2.000815"].snapshot_date == "2026-07-01"


def test_parse_record_errors() -> None:
    with pytest.raises(RecordError, match=r"^missing required field 'ten_thu_tuc'$"):
        parse_record({"ma_thu_tuc": "1.1"}, ministry="Bộ Tư pháp", snapshot_date="2026-07")
    with pytest.raises(RecordError, match=r"^required field 'ten_thu_tuc' is empty$"):
        parse_record({"ma_thu_tuc": "1.1", "ten_thu_tuc": " \n"}, ministry="Bộ Tư pháp", snapshot_date="2026-07")
    with pytest.raises(RecordError, match=r"^field 'ma_thu_tuc' is null, expected a string$"):
        parse_record({"ma_thu_tuc": None, "ten_thu_tuc": "x"}, ministry="Bộ Tư pháp", snapshot_date="2026-07")
    with pytest.raises(RecordError, match=r"^field 'linh_vuc' is an object, expected a string$"):
        parse_record({"ma_thu_tuc": "1", "ten_thu_tuc": "x", "linh_vuc": {}}, ministry="B", snapshot_date="2026-07")


def test_minimal_record_parses_with_problems() -> None:
    raw = {"ma_thu_tuc": "9.9", "ten_thu_tuc": "Thủ\ntục  thử"}
    p = parse_record(raw, ministry="Bộ Tư pháp", snapshot_date="2026")
    assert (p.code, p.name, p.levels, p.channels, p.documents, p.source_url) == ("9.9", "Thủ tục thử", [], [], [], "")
    assert p.problems == [
        "no administrative level",
        "documents: none listed",
        "no submission channels",
        "no source URL",
    ]
    assert p.indexable


def test_unknown_level_is_a_problem() -> None:
    raw = {"ma_thu_tuc": "9.9", "ten_thu_tuc": "Thủ tục", "cap_thuc_hien": "Cấp xã, Cấp huyện"}
    p = parse_record(raw, ministry="Bộ Tư pháp", snapshot_date="2026-07")
    assert p.problems[0] == "unknown level 'Cấp huyện'"
    assert p.levels_text == "Cấp xã, Cấp huyện"


# --- official lists -------------------------------------------------------------------


def write_official_list(path: Path, rows: list[tuple]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách TTHC"
    sheet.append(["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nDANH SÁCH THỦ TỤC HÀNH CHÍNH"])
    sheet.append(["Mã số", "Tên", "Cơ quan ban hành", "Cơ quan thực hiện", "Lĩnh vực"])
    for row in rows:
        sheet.append(list(row))
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


SEAL_ROW = (
    "2.001428",
    "Đăng ký mẫu con dấu mới (thực hiện tại cấp tỉnh)",
    "Bộ Công an",
    "Phòng cảnh sát quản lý hành chính về trật tự xã hội\n",
    "Đăng ký, quản lý con dấu",
)


def test_read_official_list(tmp_path: Path) -> None:
    path = write_official_list(
        tmp_path / "list.xlsx",
        [
            SEAL_ROW,
            ("1.014966", " Cấp lại  chứng chỉ ", "Bộ Tư pháp", "Chủ tịch UBND cấp tỉnh\nSở Tư Pháp", "Quản tài viên"),
        ],
    )
    assert read_official_list(path) == {
        "2.001428": OfficialEntry(
            name="Đăng ký mẫu con dấu mới (thực hiện tại cấp tỉnh)",
            field="Đăng ký, quản lý con dấu",
            agency="Phòng cảnh sát quản lý hành chính về trật tự xã hội",
        ),
        "1.014966": OfficialEntry(
            name="Cấp lại chứng chỉ", field="Quản tài viên", agency="Chủ tịch UBND cấp tỉnh; Sở Tư Pháp"
        ),
    }


def test_misnamed_record_takes_name_and_field_from_official_list(tmp_path: Path) -> None:
    lists = tmp_path / "lists"
    write_official_list(lists / "danh-sach.xlsx", [SEAL_ROW])

    procedures, problems = load_dump(PORTAL, snapshot_date="2026-07", lists_dir=lists)

    assert problems == []
    p = {p.code: p for p in procedures}["2.001428"]
    assert (p.name, p.field) == ("Đăng ký mẫu con dấu mới (thực hiện tại cấp tỉnh)", "Đăng ký, quản lý con dấu")
    assert p.problems == [
        "page belongs to procedure 3.000579, not 2.001428: the scrape stored another procedure's content under "
        "this code",
        "name corrected from official list: was 'Công bố Danh mục và Quy trình nội bộ thủ tục hành chính thuộc thẩm "
        "quyền giải qu'",
        "field corrected from official list: was 'Người có công'",
    ]
    # The name is fixed, but the page's content (documents, steps) belongs to 3.000579,
    # a provincial "Người có công" procedure: indexing it as seal registration would mislead.
    assert not p.indexable


def test_corrected_name_alone_keeps_the_record_indexable(tmp_path: Path) -> None:
    path = write_official_list(tmp_path / "list.xlsx", [SEAL_ROW])
    raw = fixture_record("bo-cong-an/2.001428")
    raw["raw_text"] = ""  # no page code to contradict ma_thu_tuc
    p = parse_record(raw, ministry="Bộ Công an", snapshot_date="2026-07", official=read_official_list(path))
    assert p.name == "Đăng ký mẫu con dấu mới (thực hiện tại cấp tỉnh)"
    assert p.problems == [
        "name corrected from official list: was 'Công bố Danh mục và Quy trình nội bộ thủ tục hành chính thuộc thẩm "
        "quyền giải qu'",
        "field corrected from official list: was 'Người có công'",
    ]
    assert p.indexable


def test_other_name_differences_are_reported_only(tmp_path: Path) -> None:
    raw = fixture_record("bo-tu-phap/1.001193")
    official = {"1.001193": OfficialEntry(name="Đăng ký khai sinh", field="Hộ tịch", agency=None)}
    p = parse_record(raw, ministry="Bộ Tư pháp", snapshot_date="2026-07", official=official)
    assert p.name == "Thủ tục đăng ký khai sinh"
    assert "name differs from official list: 'Đăng ký khai sinh'" in p.problems
    assert p.indexable
    official = {"1.001193": OfficialEntry(name="Thủ tục  đăng ký khai sinh.", field="Hộ tịch", agency=None)}
    p = parse_record(raw, ministry="Bộ Tư pháp", snapshot_date="2026-07", official=official)
    assert not any("official list" in problem for problem in p.problems)


def test_unreadable_official_list_is_a_source_problem(tmp_path: Path) -> None:
    lists = tmp_path / "lists"
    lists.mkdir()
    broken = lists / "broken.xlsx"
    broken.write_text("not a workbook", encoding="utf-8")
    no_header = write_official_list(lists / "no-header.xlsx", [])
    workbook = Workbook()
    workbook.active.append(["something else"])
    workbook.save(no_header)

    procedures, problems = load_dump(PORTAL, snapshot_date="2026-07", lists_dir=lists)

    assert len(procedures) == len(FIXTURE_CODES)
    assert [p.path for p in problems] == [str(broken), str(no_header)]
    assert problems[0].message.startswith("official list not read: cannot open workbook: ")
    assert problems[1].message == (
        "official list not read: no header row with 'Mã số' and 'Tên' in the first 10 rows"
    )
    missing = tmp_path / "nowhere"
    _, problems = load_dump(PORTAL, snapshot_date="2026-07", lists_dir=missing)
    assert problems == [SourceProblem(str(missing), "official lists folder not found")]


# --- small field parsers ---------------------------------------------------------------


def test_split_applicants() -> None:
    assert split_applicants(
        "Hợp tác xã, Tổ chức (không bao gồm doanh nghiệp, HTX), Cán bộ, công chức, viên chức, Công dân Việt Nam"
    ) == [
        "Hợp tác xã",
        "Tổ chức (không bao gồm doanh nghiệp, HTX)",
        "Cán bộ, công chức, viên chức",
        "Công dân Việt Nam",
    ]
    assert split_applicants("Không có thông tin") == []
    assert split_applicants("") == []


def test_parse_steps_joins_wrapped_lines_and_splits_glued_steps() -> None:
    steps, problems = parse_steps(
        "Bước 1 Tiếp nhận hồ sơ trực tiếp từ tổ\nchức/cá nhân.\n\n  Bước 2 Chuyển hồ sơ để xử lýBước 3 Duyệt hồ sơ."
        "Bước 4 Thẩm định.\n+ Nếu đủ điều kiện thì lập dự\nthảo danh sách"
    )
    assert steps == [
        "Bước 1 Tiếp nhận hồ sơ trực tiếp từ tổ chức/cá nhân.",
        "Bước 2 Chuyển hồ sơ để xử lý",
        "Bước 3 Duyệt hồ sơ.",
        "Bước 4 Thẩm định.",
        "+ Nếu đủ điều kiện thì lập dự thảo danh sách",
    ]
    assert problems == []  # hard-wrapped text is normal, not garbled
    assert parse_steps("Không có thông tin") == ([], [])


def test_a_parser_crash_is_reported_not_raised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ingest.portal

    path = write_json(tmp_path / "bo-tu-phap" / "1.001193.json", fixture_record("bo-tu-phap/1.001193"))

    def explode(text: str) -> None:
        raise IndexError("boom")

    monkeypatch.setattr(ingest.portal, "parse_documents", explode)
    procedures, problems = load_dump(tmp_path, snapshot_date="2026-07")
    assert procedures == []
    assert problems == [SourceProblem(str(path), "parser error: IndexError: boom")]


def test_missing_dump_folder(tmp_path: Path) -> None:
    missing = tmp_path / "nothing-here"
    assert load_dump(missing, snapshot_date="2026-07") == ([], [SourceProblem(str(missing), "dump folder not found")])
