"""Read the ministries' official procedure lists (xlsx exported from the portal).

Each workbook has a title row, then a header row ('Mã số', 'Tên', 'Cơ quan ban hành',
'Cơ quan thực hiện', 'Lĩnh vực'), then one procedure per row. We locate the header by
its labels rather than by position, so an extra title row does not break the reader.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from ingest.text import fold


class OfficialEntry(NamedTuple):
    name: str
    field: str | None
    agency: str | None  # 'Cơ quan thực hiện', may list several agencies


_CODE, _NAME, _FIELD, _AGENCY = "Mã số", "Tên", "Lĩnh vực", "Cơ quan thực hiện"
_HEADER_SEARCH_ROWS = 10


class OfficialListError(ValueError):
    """A workbook that is not an official list (unreadable, or no header row)."""


def read_official_list(path: Path) -> dict[str, OfficialEntry]:
    """code -> entry for one workbook; the first row wins when a code repeats."""
    from openpyxl import load_workbook  # heavy import, only needed when lists are used

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a bad file
        raise OfficialListError(f"cannot open workbook: {exc}") from exc
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        columns = _find_header(rows)
        entries: dict[str, OfficialEntry] = {}
        for row in rows:
            code = _cell(row, columns[_CODE])
            name = _cell(row, columns[_NAME])
            if not code or not name or code in entries:
                continue
            entries[code] = OfficialEntry(
                name=name,
                field=_cell(row, columns.get(_FIELD)),
                agency=_cell(row, columns.get(_AGENCY), lines="; "),
            )
        return entries
    finally:
        workbook.close()


def load_official_lists(lists_dir: Path) -> tuple[dict[str, OfficialEntry], list[tuple[str, str]]]:
    """Merge every *.xlsx in `lists_dir`, sorted by name (the first file wins on a repeated code).

    Returns the entries and the workbooks that could not be read, as (path, message).
    """
    merged: dict[str, OfficialEntry] = {}
    errors: list[tuple[str, str]] = []
    for path in sorted(lists_dir.glob("*.xlsx")):
        try:
            entries = read_official_list(path)
        except (OfficialListError, OSError) as exc:
            errors.append((str(path), str(exc)))
            continue
        for code, entry in entries.items():
            merged.setdefault(code, entry)
    return merged, errors


def _find_header(rows) -> dict[str, int]:  # noqa: ANN001 - openpyxl row iterator
    for _, row in zip(range(_HEADER_SEARCH_ROWS), rows):
        labels = {fold(str(value)): index for index, value in enumerate(row) if value is not None}
        if _CODE in labels and _NAME in labels:
            return labels
    raise OfficialListError(f"no header row with {_CODE!r} and {_NAME!r} in the first {_HEADER_SEARCH_ROWS} rows")


def _cell(row: tuple, index: int | None, *, lines: str | None = None) -> str | None:
    """A cleaned cell; with `lines`, keep one-per-line values apart ("A\nB" -> "A; B")."""
    if index is None or index >= len(row) or row[index] is None:
        return None
    text = str(row[index])
    if lines is not None:
        text = lines.join(part for part in (fold(line) for line in text.splitlines()) if part)
    return fold(text) or None
