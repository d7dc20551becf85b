"""The public HTTP contract of DESIGN.md for health, search and procedure records."""

from __future__ import annotations

from fastapi.testclient import TestClient

from assistant.services import Services
from bots.api.app import create_app
from tests.conftest import make_settings


def test_healthz(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_readyz_when_index_and_database_are_usable(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"index": "ok", "database": "ok"}


def test_readyz_is_503_without_an_index(tmp_path, workspace, bundled_embeddings):
    app = create_app(services=Services(workspace, embeddings=bundled_embeddings))
    response = TestClient(app).get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["index"].startswith("error: no complete search index")


def test_readyz_is_503_without_the_ranking_model(workspace, bundled_embeddings):
    (workspace.knowledge_dir / "ranking.yaml").unlink()
    app = create_app(services=Services(workspace, embeddings=bundled_embeddings))
    response = TestClient(app).get("/readyz")
    assert response.status_code == 503
    assert "ranking.yaml is missing; run `assistant fit-ranking`" in response.json()["checks"]["index"]


def test_search_returns_the_contract_shape(client):
    response = client.get("/api/v1/procedures/search", params={"q": "đăng ký tạm trú", "limit": 3})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert 1 <= len(body["results"]) <= 3
    top = body["results"][0]
    assert set(top) == {"code", "name", "levels", "field", "score", "url"}
    assert top["code"] == "1.004194"
    assert top["levels"] == ["xa"]
    assert top["url"].startswith("https://dichvucong.gov.vn/")


def test_search_without_diacritics_finds_the_same_procedure(client):
    body = client.get("/api/v1/procedures/search", params={"q": "dang ky ket hon"}).json()
    assert body["results"][0]["code"] == "1.000894"


def test_gibberish_is_out_of_scope(client):
    body = client.get("/api/v1/procedures/search", params={"q": "qwzx plmkj"}).json()
    assert body == {"status": "out_of_scope", "results": []}


def test_a_question_about_the_centre_itself_names_no_procedure(client):
    # The chat answers these from the centre's profile; the search must not offer a procedure.
    # Recognised by the same phrases the chat uses (dialogue.yaml), typed with or without accents.
    for q in (
        "trung tâm hành chính công chiều thứ sáu làm tới mấy giờ",
        "ubnd phuong co cho gui xe may ko",
        "dia chi trung tam phuc vu hanh chinh cong o dau",
        "hồ sơ của tôi nộp tuần trước giờ đến đâu rồi, tra cứu ở đâu",
        "nop online roi, theo doi ho so dang xu ly toi dau",  # other words, none naming a procedure
        "cán bộ tiếp nhận hồ sơ ở phường tên gì vậy",
        "ở trung tâm có chỗ photo giấy tờ hay phải mang sẵn bản sao",  # other words, none naming a procedure
        "trụ sở ủy ban nhân dân phường sau khi sáp nhập đặt ở đâu",
    ):
        assert client.get("/api/v1/procedures/search", params={"q": q}).json()["status"] == "out_of_scope", q
    # A procedure named beside a centre phrase is still searched.
    for q in ("thứ 7 có làm đăng ký kết hôn không", "hồ sơ đăng ký kết hôn nộp rồi bao lâu có kết quả"):
        body = client.get("/api/v1/procedures/search", params={"q": q}).json()
        assert body["status"] == "ok" and body["results"][0]["code"] == "1.000894", q


def test_advice_comparisons_and_a_dispute_s_outcome_are_out_of_scope(client):
    # The records say how to do a procedure, not what is wise, what things mean or who wins.
    for q in (
        "ly hôn thì ai được quyền nuôi con nhỏ",
        "so do voi so hong khac nhau the nao",
        "có nên làm căn cước gắn chip sớm không",
        "mã định danh cá nhân có bao nhiêu chữ số",
        "chia đất cho con trai mà không cho con gái như vậy có công bằng không",  # fairness
        "con tôi đánh bạn cùng lớp bị thương thì có bị khởi tố không",  # criminal liability
        "ngan hang nao cho vay mua nha lai thap nhat",  # the best bank
        "nếu ly hôn thì nhà đất chung chia thế nào",  # a share only a court or an agreement decides
        "kiện hàng xóm lấn ngõ đi chung thì có thắng kiện không",  # a court's call
        "giải giúp em bài toán tính diện tích mảnh đất hình thang",  # homework in a procedure's words
    ):
        assert client.get("/api/v1/procedures/search", params={"q": q}).json()["status"] == "out_of_scope", q
    # Beside something a record answers (papers, fee, place…), the procedure is still searched.
    body = client.get("/api/v1/procedures/search", params={"q": "có nên đăng ký tạm trú online không, cần giấy tờ gì"}).json()
    assert body["status"] == "ok" and body["results"][0]["code"] == "1.004194"


def test_a_procedure_the_records_do_not_hold_is_not_answered_with_a_neighbour(client):
    # Military service registration is done at the ward but is not among the portal's records;
    # its words occur in other records' document lists (glossary entry marked in_records: false).
    body = client.get("/api/v1/procedures/search", params={"q": "đăng ký nghĩa vụ quân sự cho con trai ở đâu"}).json()
    assert body == {"status": "out_of_scope", "results": []}
    # a recognised phrase the records do hold keeps the question in scope
    body = client.get("/api/v1/procedures/search", params={"q": "đi nghĩa vụ về, ở trọ thì đăng ký tạm trú ở đâu"}).json()
    assert body["status"] == "ok" and body["results"][0]["code"] == "1.004194"


def test_bad_search_parameters_are_4xx_json_errors(client):
    for params in ({}, {"q": ""}, {"q": "   "}, {"q": "x" * 501}, {"q": "khai sinh", "limit": 0}, {"q": "a", "limit": "many"}):
        response = client.get("/api/v1/procedures/search", params=params)
        assert response.status_code == 422, params
        assert response.json()["error"]["code"] == "invalid_request"


def test_procedure_record(client):
    response = client.get("/api/v1/procedures/1.001193")
    assert response.status_code == 200
    record = response.json()
    assert record["code"] == "1.001193"
    assert record["name"] == "Thủ tục đăng ký khai sinh"
    assert record["levels"] == ["xa"]
    assert record["documents"] and record["channels"] and record["legal_basis"]


def test_unknown_procedure_is_404_json(client):
    response = client.get("/api/v1/procedures/9.999999")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "procedure_not_found"


def test_malformed_code_is_rejected(client):
    response = client.get("/api/v1/procedures/abc$def")
    assert response.status_code == 422


def test_unknown_route_is_json_404(client):
    response = client.get("/api/v1/nothing")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_the_server_embeds_questions_with_the_configured_threads(indexed_settings, bundled_embeddings):
    import torch

    before = torch.get_num_threads()
    try:
        settings = indexed_settings.model_copy(update={"query_threads": 3})
        create_app(services=Services(settings, embeddings=bundled_embeddings))
        assert torch.get_num_threads() == 3
    finally:
        torch.set_num_threads(before)
