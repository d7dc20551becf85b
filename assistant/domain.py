"""Domain types shared by every layer: the canonical procedure record and its parts.

These models are the contract between `ingest/` (which produces them from the portal
dump), `knowledge/` (where they are committed as JSON) and the engine (which reads them).
"""

from __future__ import annotations

import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


# "(thực hiện tại cấp tỉnh)", "(cấp xã)" at the end of a name: where it is done, not what it is.
_LEVEL_SUFFIX = re.compile(r"\((?:thực hiện )?(?:tại )?cấp [^)]*\)", re.IGNORECASE)


def without_level(name: str) -> str:
    """A procedure name without its level suffix: the same service at another level reads the same."""
    return _LEVEL_SUFFIX.sub("", name)


class Level(StrEnum):
    """Administrative level that handles a procedure (`cap_thuc_hien`)."""

    XA = "xa"  # Cấp xã: the ward/commune centre handles it itself
    TINH = "tinh"  # Cấp tỉnh
    BO = "bo"  # Cấp bộ (ministry)
    KHAC = "khac"  # Cơ quan khác


class ChannelKind(StrEnum):
    """How a dossier can be submitted (`Hình thức nộp`)."""

    IN_PERSON = "truc_tiep"  # Trực tiếp
    ONLINE = "truc_tuyen"  # Trực tuyến
    POST = "buu_chinh"  # Dịch vụ bưu chính


class DocumentGroup(StrEnum):
    SUBMIT = "submit"  # Giấy tờ phải nộp (or a plain dossier list)
    PRESENT = "present"  # Giấy tờ phải xuất trình
    OTHER = "other"  # notes ("Lưu ý"), and groups that are neither


class Section(StrEnum):
    """The sections a record is indexed and cited by."""

    OVERVIEW = "overview"
    DOCUMENTS = "documents"
    STEPS = "steps"
    CHANNELS = "channels"
    CONDITIONS = "conditions"
    RESULT = "result"
    LEGAL_BASIS = "legal_basis"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Duration(_Model):
    """A processing time as written, with a normalised number and unit when stated."""

    text: str  # as written, e.g. "3 Ngày làm việc", "1", "Không có thông tin" -> ""
    value: float | None = None
    # "ngay_lam_viec" | "ngay" | "gio" | "thang" | "nam" | "phut" | "tuan"; None when the
    # portal gives a bare number (unit not stated) or nothing.
    unit: str | None = None


class Fee(_Model):
    """A fee as written, with an amount when stated."""

    text: str  # the structured fee cell as written, e.g. "7,000 Việt Nam Đồng", "Miễn phí"
    amount: int | None = None  # in `currency`, when a number is stated
    currency: str | None = None  # "VND" | "USD"
    free: bool = False  # the cell says "Miễn phí"


class SubmissionChannel(_Model):
    kind: ChannelKind
    time: Duration
    fee: Fee
    note: str | None = None  # the description column and parenthesised fee details


class DocumentItem(_Model):
    group: DocumentGroup
    group_title: str | None = None  # heading as written, e.g. "Giấy tờ phải nộp", "Đăng ký tạm trú theo danh sách"
    name: str  # the item as written (cleaned of form file and count)
    form_code: str | None = None  # e.g. "CT01", "DC02", "TP/HT-2020-TKKS" when the text names a form
    form_files: list[str] = Field(default_factory=list)  # attached template files, e.g. "MuCT01....doc"
    originals: int = 0  # "bản chính"
    copies: int = 0  # "bản sao" (and "bản chụp")
    condition: str | None = None  # "Trường hợp ..." under which the item applies; None = always
    is_note: bool = False  # "0 bản chính" rows that are guidance, not a paper to bring


class LegalDocument(_Model):
    title: str
    number: str | None = None  # e.g. "123/2015/NĐ-CP"


class ProcedureResult(_Model):
    name: str
    code: str | None = None  # e.g. "KQ.G15.000031"


class Procedure(_Model):
    """The canonical procedure record (one per portal procedure)."""

    code: str
    name: str
    levels: list[Level]
    levels_text: str  # as written, e.g. "Cấp bộ, Cấp tỉnh, Cấp xã"
    kind: str | None = None  # loai_thu_tuc
    field: str | None = None  # linh_vuc
    ministry: str  # e.g. "Bộ Tư pháp"
    decision: str | None = None  # so_quyet_dinh
    applicants: list[str] = Field(default_factory=list)  # doi_tuong_thuc_hien
    competent_agency: str | None = None
    implementing_agency: str | None = None
    receiving_address: str | None = None
    related_procedures: str | None = None
    steps: list[str] = Field(default_factory=list)
    channels: list[SubmissionChannel] = Field(default_factory=list)
    documents: list[DocumentItem] = Field(default_factory=list)
    conditions: str | None = None
    results: list[ProcedureResult] = Field(default_factory=list)
    legal_basis: list[LegalDocument] = Field(default_factory=list)
    source_url: str
    snapshot_date: str  # date of the portal snapshot, ISO (YYYY-MM or YYYY-MM-DD)
    # Problems found while parsing; a record with a blocking problem is not indexed.
    problems: list[str] = Field(default_factory=list)
    indexable: bool = True

    def handled_at_ward(self) -> bool:
        return Level.XA in self.levels
