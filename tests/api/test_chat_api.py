"""The chat contract of DESIGN.md: JSON reply, SSE stream, checklists by reference, bad input."""

from __future__ import annotations

import json

import pytest

REPLY_KEYS = {"conversation_id", "status", "answer", "procedures", "citations", "checklist", "quick_replies"}
CHECKLIST_KEYS = {"reference", "procedure_code", "items", "fee", "processing_time", "where", "online_url", "review_status"}
ITEM_KEYS = {"name", "form", "originals", "copies", "required", "condition", "note"}


def post(client, message, conversation_id=None):
    return client.post("/api/v1/chat", json={"message": message, "conversation_id": conversation_id})


def test_chat_reply_has_the_contract_shape(client):
    response = post(client, "đăng ký kết hôn cần giấy tờ gì")
    assert response.status_code == 200
    body = response.json()
    assert REPLY_KEYS <= set(body)
    assert body["status"] == "answered"
    assert body["procedures"][0] == {
        "code": "1.000894",
        "name": "Thủ tục đăng ký kết hôn",
        "levels": ["xa"],
        "url": body["procedures"][0]["url"],
    }
    assert {"code", "section", "url"} == set(body["citations"][0])
    checklist = body["checklist"]
    assert CHECKLIST_KEYS <= set(checklist) and checklist["review_status"] == "pending"
    assert ITEM_KEYS <= set(checklist["items"][0])


def test_a_conversation_continues_by_id(client):
    first = post(client, "mình muốn đăng ký kết hôn").json()
    second = post(client, "làm ở đâu?", first["conversation_id"]).json()
    assert second["conversation_id"] == first["conversation_id"]
    assert second["procedures"][0]["code"] == "1.000894"


def test_an_unknown_conversation_id_starts_a_new_one(client):
    body = post(client, "chào bạn", "somebody-elses-guess").json()
    assert body["conversation_id"] != "somebody-elses-guess"


def test_checklist_by_reference(client):
    reply = post(client, "đăng ký tạm trú cần mang gì").json()
    reference = reply["checklist"]["reference"]
    response = client.get(f"/api/v1/checklists/{reference}")
    assert response.status_code == 200
    assert response.json()["reference"] == reference and response.json()["review_status"] == "pending"
    assert client.get(f"/api/v1/checklists/{reference.lower()}").status_code == 200
    missing = client.get("/api/v1/checklists/ZZZZZZ")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    assert client.get("/api/v1/checklists/not-a-reference!").status_code in (404, 422)


def test_stream_sends_deltas_then_the_whole_reply(client):
    with client.stream("POST", "/api/v1/chat/stream", json={"message": "đăng ký tạm trú mất mấy ngày"}) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        raw = "".join(response.iter_text())
    events = []
    for block in raw.strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        events.append((fields["event"], json.loads(fields["data"])))
    assert [name for name, _ in events[:-1]] == ["delta"] * (len(events) - 1) and len(events) > 1
    name, done = events[-1]
    assert name == "done" and REPLY_KEYS <= set(done)
    assert "".join(data["text"] for _, data in events[:-1]) == done["answer"]


@pytest.mark.parametrize(
    "payload",
    [
        b"{not json",
        b'{"message": ""}',
        b'{"message": "   "}',
        b'{"message": 42}',
        b'{"conversation_id": "abc"}',
        b'{"message": "hi", "conversation_id": "has spaces and !"}',
        b'{"message": "hi", "extra": 1}',
        json.dumps({"message": "a" * 20_001}).encode(),
    ],
)
def test_bad_input_is_a_clear_4xx(client, payload):
    response = client.post("/api/v1/chat", content=payload, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"


def test_a_long_message_gets_a_polite_reply_not_an_error(client):
    response = post(client, "xin hỏi về đăng ký tạm trú " * 60)
    assert response.status_code == 200
    assert response.json()["status"] == "refused"
