"""`assistant ingest --report`: what is in the knowledge base and what could not be parsed."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table

from assistant.labels import LEVEL_LABELS
from ingest.pipeline import IngestResult


def print_report(result: IngestResult, console: Console) -> None:
    procedures = result.procedures
    by_level = Counter(LEVEL_LABELS[level] for p in procedures for level in p.levels)
    by_field = Counter(p.field or "(không ghi)" for p in procedures)

    table = Table(title=f"Thủ tục theo cấp thực hiện ({len(procedures)} thủ tục)")
    table.add_column("Cấp")
    table.add_column("Số thủ tục", justify="right")
    for level, count in by_level.most_common():
        table.add_row(level, str(count))
    console.print(table)

    table = Table(title=f"Thủ tục theo lĩnh vực ({len(by_field)} lĩnh vực)")
    table.add_column("Lĩnh vực")
    table.add_column("Số thủ tục", justify="right")
    for name, count in sorted(by_field.items(), key=lambda item: (-item[1], item[0])):
        table.add_row(name, str(count))
    console.print(table)

    flagged = [p for p in procedures if p.problems]
    not_indexed = [p for p in procedures if not p.indexable]
    console.print(
        f"\n[bold]Bản ghi có vấn đề khi phân tích:[/bold] {len(flagged)} "
        f"(trong đó {len(not_indexed)} không được đưa vào chỉ mục)"
    )
    for p in flagged:
        marker = "[red]không lập chỉ mục[/red]" if not p.indexable else "[yellow]vẫn lập chỉ mục[/yellow]"
        console.print(f"- {p.code} {p.name[:80]} — {marker}")
        for problem in p.problems:
            console.print(f"    • {problem}", markup=False, highlight=False)
    if result.problems:
        console.print(f"\n[bold red]Tệp không đọc được:[/bold red] {len(result.problems)}")
        for problem in result.problems:
            console.print(f"- {problem.path}: {problem.message}", markup=False, highlight=False)
