"""The committed knowledge base: complete, valid, and reproducible from the dump."""

from __future__ import annotations

import os

import pytest

from assistant.domain import Level
from assistant.knowledge import CentreProfile, load_centre, read_procedures
from assistant.settings import KNOWLEDGE_DIR
from ingest.knowledge_writer import serialise
from tests.conftest import SHARED_DUMP


@pytest.fixture(scope="module")
def committed():
    procedures, problems = read_procedures(KNOWLEDGE_DIR)
    assert problems == []
    return procedures


def test_every_portal_procedure_is_committed(committed):
    assert len(committed) == 2642
    ward = [p for p in committed.values() if Level.XA in p.levels]
    assert len(ward) == 588  # the data README: 588 procedures include "Cấp xã"


def test_unparseable_records_are_flagged_not_silently_indexed(committed):
    flagged = [p for p in committed.values() if p.problems]
    assert flagged, "the dump has known defects; some must be reported"
    for p in committed.values():
        if not p.indexable:
            assert p.problems, f"{p.code} excluded from the index without a reason"


@pytest.mark.skipif(not SHARED_DUMP.is_dir() and not os.environ.get("CI"), reason="portal dump not beside the repo")
def test_regenerating_from_the_dump_is_byte_identical(committed):
    from ingest.pipeline import DEFAULT_SNAPSHOT_DATE, default_lists_dir
    from ingest.portal import load_dump

    procedures, problems = load_dump(SHARED_DUMP, snapshot_date=DEFAULT_SNAPSHOT_DATE, lists_dir=default_lists_dir(SHARED_DUMP))
    assert problems == []
    assert [p.code for p in procedures] == sorted(committed)
    for p in procedures:
        path = KNOWLEDGE_DIR / "procedures" / f"{p.code}.json"
        assert serialise(p) == path.read_text(encoding="utf-8"), p.code


def test_centre_profile_states_only_what_the_operator_set():
    centre = load_centre(KNOWLEDGE_DIR)
    assert centre.name == "Trung tâm Phục vụ hành chính công phường Vĩnh Phúc"
    assert centre.province == "tỉnh Phú Thọ"
    # Nothing was confirmed by an operator yet, so no contact detail may be shown.
    assert centre.contact_lines() == []
    set_by_operator = CentreProfile(name="x", ward="y", province="z", hotline="0210 000")
    assert set_by_operator.contact_lines() == [("Đường dây nóng", "0210 000")]
