import unicodedata

from ingest.text import fold, fold_lines, is_no_info, nfc, optional, strip_wrapping_parens


def test_nfc_composes_and_drops_invisible_marks() -> None:
    decomposed = unicodedata.normalize("NFD", "Việt Nam")
    assert decomposed != "Việt Nam"
    assert nfc(decomposed) == "Việt Nam"
    assert nfc("đăng k\u200eý") == "đăng ký"
    assert nfc("\uf0d8\tTrường hợp") == " \tTrường hợp"  # Word "Symbol" bullet -> space


def test_fold_collapses_all_whitespace() -> None:
    assert fold("  Công bố\nDanh mục \t và  Quy trình ") == "Công bố Danh mục và Quy trình"


def test_fold_lines_keeps_line_breaks() -> None:
    assert fold_lines("- a  b \n\n  - c\t\n") == "- a b\n- c"


def test_no_info_placeholder() -> None:
    assert is_no_info("Không có thông tin")
    assert is_no_info(" không có thông tin. ")
    assert is_no_info("")
    assert not is_no_info("Không quy định")
    assert optional("Không có thông tin") is None
    assert optional("") is None
    assert optional(" Hộ  tịch\n") == "Hộ tịch"
    assert optional("- a\n- b", keep_lines=True) == "- a\n- b"


def test_strip_wrapping_parens_one_level_only() -> None:
    assert strip_wrapping_parens("(a (b) c.)") == "a (b) c."
    assert strip_wrapping_parens("((x))") == "(x)"
    assert strip_wrapping_parens("(a) b (c)") == "(a) b (c)"
    assert strip_wrapping_parens("no parens") == "no parens"
