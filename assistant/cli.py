"""The `assistant` command line: the one composition root that may wire every part."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from assistant.errors import AssistantError, ProcedureNotFound
from assistant.settings import get_settings
from evals.dataset import SETS

app = typer.Typer(help="Trợ lý thủ tục hành chính — dòng lệnh.", no_args_is_help=True, add_completion=False)
console = Console()
err_console = Console(stderr=True)


def _fail(message: str, code: int = 1) -> None:
    err_console.print(f"[red]Lỗi:[/red] {message}", highlight=False)
    raise typer.Exit(code)


@app.command()
def ingest(
    source: Annotated[Optional[Path], typer.Option(help="Thư mục dữ liệu gốc của Cổng DVC; nếu có, tạo lại knowledge/ từ đó trước.")] = None,
    lists: Annotated[Optional[Path], typer.Option(help="Thư mục danh sách TTHC (xlsx) để đối chiếu tên.")] = None,
    snapshot_date: Annotated[Optional[str], typer.Option(help="Ngày chụp dữ liệu (YYYY-MM hoặc YYYY-MM-DD).")] = None,
    report: Annotated[bool, typer.Option("--report", help="In thống kê và mọi bản ghi có vấn đề.")] = False,
) -> None:
    """Build the knowledge base and the search index (incremental)."""
    from ingest.pipeline import DEFAULT_SNAPSHOT_DATE, run_ingest
    from ingest.report import print_report

    if source is not None and not source.is_dir():
        _fail(f"không tìm thấy thư mục {source}", 2)
    try:
        result = run_ingest(
            get_settings(), source=source, lists_dir=lists, snapshot_date=snapshot_date or DEFAULT_SNAPSHOT_DATE
        )
    except AssistantError as exc:
        _fail(str(exc))
    for problem in result.problems:
        err_console.print(f"[yellow]Bỏ qua[/yellow] {problem.path}: {problem.message}", highlight=False)
    if report:
        print_report(result, console)
    if result.written is not None:
        w = result.written
        console.print(f"knowledge/: {w.written} tệp ghi mới hoặc thay đổi, {w.unchanged} không đổi, {w.deleted} xóa.")
    if result.index is None:
        _fail("không có thủ tục nào đọc được; chỉ mục giữ nguyên.")
    s = result.index
    if s.changed:
        console.print(
            f"Chỉ mục {s.generation}: {s.procedures} thủ tục — {s.embedded} lập mới ({s.chunks_embedded} đoạn), "
            f"{s.copied} giữ lại, {s.removed} xóa{', tiếp tục lần chạy dở' if s.resumed else ''} — {s.seconds:.1f} giây."
        )
    else:
        console.print(f"Chỉ mục {s.generation} đã cập nhật ({s.procedures} thủ tục), không có gì thay đổi — {s.seconds:.1f} giây.")


def _services():
    from assistant.services import Services

    return Services(get_settings())


@app.command()
def search(
    query: str,
    limit: Annotated[int, typer.Option(min=1, max=50)] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="In JSON giống API tìm kiếm.")] = False,
) -> None:
    """Search procedures the way a citizen would ask."""
    if not query.strip():
        _fail("câu hỏi trống.", 2)
    try:
        response = _services().search.search(query, limit=limit)
    except AssistantError as exc:
        _fail(str(exc))
    if as_json:
        print(response.model_dump_json(indent=2))
        return
    if response.status == "out_of_scope":
        console.print("Câu hỏi có vẻ không liên quan đến thủ tục hành chính nào.")
        return
    from assistant.domain import Level
    from assistant.labels import LEVEL_LABELS

    for rank, hit in enumerate(response.results, 1):
        levels = ", ".join(LEVEL_LABELS[Level(level)] for level in hit.levels)
        console.print(f"{rank:>2}. [bold]{hit.code}[/bold] {hit.name} [dim]({levels}; {hit.score:.4f})[/dim]", highlight=False)


@app.command()
def show(code: str) -> None:
    """Print the parsed record of one procedure."""
    from assistant.knowledge import KnowledgeBase

    try:
        procedure = KnowledgeBase.load(get_settings().knowledge_dir).get(code)
    except ProcedureNotFound:
        _fail(f"không có thủ tục mã {code}.", 2)
    print(json.dumps(procedure.model_dump(mode="json"), ensure_ascii=False, indent=2))


@app.command()
def serve(
    host: Annotated[Optional[str], typer.Option()] = None,
    port: Annotated[Optional[int], typer.Option()] = None,
    workers: Annotated[int, typer.Option(min=1)] = 1,
) -> None:
    """Serve the HTTP API (builds the index first if there is none)."""
    import uvicorn

    from assistant.index_store import IndexLayout

    settings = get_settings()
    if IndexLayout(settings.index_dir).current_generation() is None:
        console.print("Chưa có chỉ mục: đang lập chỉ mục lần đầu…")
        ingest(source=None, lists=None, snapshot_date=None, report=False)
    db_upgrade()  # once, before the workers start
    uvicorn.run(
        "bots.api.app:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers,
    )


def _print_reply(reply) -> None:
    console.print(reply.answer, highlight=False, markup=False)
    if reply.quick_replies:
        console.print("Gợi ý: " + " | ".join(reply.quick_replies), style="dim", highlight=False, markup=False)
    if reply.citations:
        sources = sorted({f"{c.code} ({c.url})" for c in reply.citations})
        console.print("Nguồn: " + "; ".join(sources), style="dim", highlight=False, markup=False)


@app.command()
def ask(
    message: Annotated[str, typer.Argument(help="Câu hỏi của người dân.")],
    as_json: Annotated[bool, typer.Option("--json", help="In nguyên câu trả lời dạng JSON.")] = False,
) -> None:
    """One question, one answer (a new conversation)."""
    try:
        reply = _services().assistant.reply(None, message, channel="cli")
    except AssistantError as exc:
        _fail(str(exc))
    if as_json:
        print(reply.model_dump_json(indent=2))
    else:
        _print_reply(reply)


@app.command()
def chat() -> None:
    """An interactive conversation in the terminal (empty line or Ctrl-D to stop)."""
    assistant = _services().assistant
    conversation: str | None = None
    console.print("Trợ lý thủ tục hành chính — gõ câu hỏi, để trống rồi Enter để thoát.", highlight=False)
    while True:
        try:
            message = input("> ").strip()
        except EOFError:
            break
        if not message:
            break
        try:
            reply = assistant.reply(conversation, message, channel="cli")
        except AssistantError as exc:
            _fail(str(exc))
        conversation = reply.conversation_id
        _print_reply(reply)


db_app = typer.Typer(help="Cơ sở dữ liệu.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Bring the database to the latest schema (Alembic migrations)."""
    from assistant.storage import migrate

    services = _services()
    migrate.upgrade(services.db)
    console.print(f"Cơ sở dữ liệu đã ở phiên bản {migrate.current_revision(services.db)}.", highlight=False)


@app.command("fit-ranking")
def fit_ranking() -> None:
    """Learn how the search weighs its signals from the example questions; writes knowledge/ranking.yaml."""
    from tqdm import tqdm

    from assistant.ranking_fit import collect, fit

    services = _services()
    try:
        questions = collect(services.search, progress=lambda items: tqdm(items, desc="Câu hỏi mẫu", unit="câu"))
        model = fit(questions)
    except (AssistantError, ValueError) as exc:
        _fail(str(exc))
    path = model.save(services.settings.knowledge_dir)
    weights = ", ".join(f"{name} {weight:+.2f}" for name, weight in model.weights.items())
    console.print(
        f"{path}: {model.questions} câu hỏi; top-1 kiểm chứng chéo {model.cross_validated_top1:.3f} "
        f"(như thể thủ tục chưa có câu hỏi mẫu: {model.cross_validated_top1_unexampled:.3f}).\n{weights}",
        highlight=False,
    )


eval_app = typer.Typer(help="Đánh giá chất lượng.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


@eval_app.command("retrieval")
def eval_retrieval(
    question_set: Annotated[str, typer.Option("--set", help=f"{', '.join(SETS)} hoặc đường dẫn tệp .jsonl")] = "dev",
    out: Annotated[Path, typer.Option(help="Thư mục ghi báo cáo (markdown, JSON, biểu đồ).")] = Path("reports"),
    without_examples: Annotated[
        str | None,
        typer.Option(help="Bỏ các tệp câu hỏi mẫu khớp mẫu này (vd. 'fields-*'): đo như thể chưa ai viết chúng."),
    ] = None,
) -> None:
    """Top-1, recall@5, MRR@10 and out-of-scope P/R/F1 next to BM25 and dense-only baselines."""
    from evals.dataset import load_questions, resolve_set
    from evals.retrieval import markdown, run_all, write_reports

    path = resolve_set(question_set)
    if not path.is_file():
        _fail(f"không tìm thấy bộ câu hỏi {path}", 2)
    questions = load_questions(path)
    search = _services().search
    name = question_set
    if without_examples:
        search = search.without_examples(without_examples)
        name = f"{Path(question_set).stem}-without-examples"
    try:
        reports = run_all(search, questions)
    except AssistantError as exc:
        _fail(str(exc))
    report_path = write_reports(reports, name, questions, out)
    console.print(markdown(reports, name, questions).split("## Misses")[0], highlight=False)
    console.print(f"Báo cáo: {report_path}")


@eval_app.command("chat")
def eval_chat(
    out: Annotated[Path, typer.Option(help="Thư mục ghi báo cáo (markdown, JSON).")] = Path("reports"),
) -> None:
    """Dialogues turn by turn, gold checklists, injection and false-premise cases."""
    import tempfile

    from evals.chat import markdown, run, write_report

    with tempfile.TemporaryDirectory() as scratch:
        # The eval's conversations go to a scratch database, never the centre's.
        settings = get_settings().model_copy(update={"database_url": f"sqlite:///{scratch}/eval.db"})
        try:
            from assistant.services import Services

            report = run(Services(settings).assistant)
        except AssistantError as exc:
            _fail(str(exc))
    path = write_report(report, out)
    console.print(markdown(report).split("## Failures")[0], highlight=False)
    console.print(f"Báo cáo: {path}")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
