"""The `assistant` command, run as a real subprocess against a throwaway data dir."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.services import Services
from bots.api.app import create_app
from tests.conftest import PORTAL_FIXTURES, copy_knowledge_data

ASSISTANT = str(Path(sys.executable).with_name("assistant"))


def assistant(*args: str, settings, input_text: str | None = None) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "ASSISTANT_DATA_DIR": str(settings.data_dir),
        "ASSISTANT_KNOWLEDGE_DIR": str(settings.knowledge_dir),
        "COLUMNS": "200",
    }
    return subprocess.run([ASSISTANT, *args], env=env, capture_output=True, text=True, input=input_text, timeout=600)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    """A knowledge dir regenerated from the fixture dump by `assistant ingest --source`."""
    from tests.conftest import make_settings

    settings = make_settings(tmp_path_factory.mktemp("cli"))
    copy_knowledge_data(settings.knowledge_dir)
    result = assistant("ingest", "--source", str(PORTAL_FIXTURES), "--report", settings=settings)
    assert result.returncode == 0, result.stderr
    return settings, result


def test_ingest_from_dump_writes_knowledge_and_reports(ingested):
    settings, result = ingested
    files = sorted(p.stem for p in (settings.knowledge_dir / "procedures").glob("*.json"))
    assert "1.001193" in files and "1.004194" in files
    assert "Thủ tục theo cấp thực hiện" in result.stdout
    assert "Bản ghi có vấn đề khi phân tích" in result.stdout
    assert "2.001428" in result.stdout  # the misnamed record is listed with its problem


def test_second_ingest_changes_nothing(ingested):
    settings, _ = ingested
    result = assistant("ingest", settings=settings)
    assert result.returncode == 0, result.stderr
    assert "không có gì thay đổi" in result.stdout


def test_search_json_is_the_http_json(ingested, bundled_embeddings):
    settings, _ = ingested
    cli = assistant("search", "dang ky tam tru", "--json", "--limit", "5", settings=settings)
    assert cli.returncode == 0, cli.stderr
    client = TestClient(create_app(services=Services(settings, embeddings=bundled_embeddings)))
    http = client.get("/api/v1/procedures/search", params={"q": "dang ky tam tru", "limit": 5}).json()
    assert json.loads(cli.stdout) == http
    assert http["results"][0]["code"] == "1.004194"


def test_show_prints_the_parsed_record(ingested):
    settings, _ = ingested
    result = assistant("show", "1.000894", settings=settings)
    assert result.returncode == 0
    assert json.loads(result.stdout)["name"] == "Thủ tục đăng ký kết hôn"
    missing = assistant("show", "9.999999", settings=settings)
    assert missing.returncode == 2 and "không có thủ tục mã 9.999999" in missing.stderr


def test_bad_files_are_named_skipped_and_the_rest_ingested(tmp_path):
    from tests.conftest import make_settings

    dump = tmp_path / "dump" / "bo-tu-phap"
    dump.mkdir(parents=True)
    shutil.copy(PORTAL_FIXTURES / "bo-tu-phap" / "1.000894.json", dump)
    (dump / "9.000001.json").write_text('{"ma_thu_tuc": "9.000001", ', encoding="utf-8")
    (dump / "9.000002.json").write_bytes(b'{"ma_thu_tuc": "9.000002", "ten_thu_tuc": "\xff\xfe"}')
    settings = make_settings(tmp_path)
    copy_knowledge_data(settings.knowledge_dir)
    result = assistant("ingest", "--source", str(tmp_path / "dump"), settings=settings)
    assert result.returncode == 0, result.stderr
    assert "9.000001.json" in result.stderr and "9.000002.json" in result.stderr
    assert [p.stem for p in (settings.knowledge_dir / "procedures").glob("*.json")] == ["1.000894"]


def test_nothing_ingestible_exits_non_zero(tmp_path):
    from tests.conftest import make_settings

    dump = tmp_path / "dump" / "bo-tu-phap"
    dump.mkdir(parents=True)
    (dump / "9.000001.json").write_text("not json", encoding="utf-8")
    settings = make_settings(tmp_path)
    copy_knowledge_data(settings.knowledge_dir)
    result = assistant("ingest", "--source", str(tmp_path / "dump"), settings=settings)
    assert result.returncode != 0
    assert "9.000001.json" in result.stderr
    missing = assistant("ingest", "--source", str(tmp_path / "nowhere"), settings=settings)
    assert missing.returncode == 2 and "không tìm thấy thư mục" in missing.stderr


def test_ask_json_is_the_chat_reply(ingested):
    settings, _ = ingested
    result = assistant("ask", "đăng ký kết hôn phải nộp 1 triệu đúng không?", "--json", settings=settings)
    assert result.returncode == 0, result.stderr
    reply = json.loads(result.stdout)
    assert reply["status"] == "answered"
    assert reply["procedures"][0]["code"] == "1.000894"
    assert "miễn phí" in reply["answer"] and "1 triệu" not in reply["answer"]


def test_interactive_chat_keeps_the_conversation(ingested):
    settings, _ = ingested
    result = assistant("chat", settings=settings, input_text="đăng ký tạm trú cần mang gì\nmất mấy ngày\n\n")
    assert result.returncode == 0, result.stderr
    assert "Giấy tờ cần chuẩn bị" in result.stdout
    assert "3 ngày làm việc" in result.stdout
    assert result.stdout.count("Về thủ tục «Đăng ký tạm trú»") == 2


def test_db_upgrade(ingested):
    settings, _ = ingested
    result = assistant("db", "upgrade", settings=settings)
    assert result.returncode == 0, result.stderr
    assert "0001" in result.stdout
