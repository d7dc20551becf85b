"""`make bench`: ingest time, no-change re-ingest, index size, server memory, search and chat latency
(one client, and several asking at once).

Every figure comes from running the real commands in fresh processes against a fresh data
directory, so it includes Python start-up, model loading and disk I/O.
"""

from __future__ import annotations

import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import psutil

from evals.chat import DIALOGUES
from evals.dataset import SETS, load_questions

ROOT = Path(__file__).resolve().parent.parent
ASSISTANT = str(Path(sys.executable).with_name("assistant"))
DUMP = ROOT.parent / "shared" / "data" / "dichvucong"
CONCURRENT_CLIENTS = 4


def machine() -> dict[str, object]:
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "os": platform.platform(),
    }


def timed(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_and_measure(env: dict[str, str]) -> dict[str, float]:
    port = free_port()
    server = subprocess.Popen(
        [ASSISTANT, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    started_at = time.perf_counter()
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                if httpx.get(f"{base}/readyz", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("server did not become ready")
            time.sleep(0.5)
        ready_s = time.perf_counter() - started_at
        queries = [q.question for q in load_questions(SETS["dev"])]  # as citizens write them
        search_latencies(base, queries[:20])  # warm-up
        latencies = search_latencies(base, queries * 3)
        with httpx.Client(base_url=base, timeout=10) as client:
            chat = chat_latencies(client)
        concurrent = concurrent_search(base, queries * 2)
        process = psutil.Process(server.pid)
        rss = process.memory_info().rss + sum(c.memory_info().rss for c in process.children(recursive=True))
        return {
            "server_ready_s": round(ready_s, 1),
            "server_rss_mib": round(rss / 2**20, 1),
            **percentiles("search_http", latencies),
            **percentiles("chat_http", chat),
            **concurrent,
        }
    finally:
        server.terminate()
        server.wait(timeout=30)


def search_latencies(base: str, queries: list[str]) -> list[float]:
    """One client asking the questions one after another: milliseconds per request."""
    latencies = []
    with httpx.Client(base_url=base, timeout=10) as client:
        for query in queries:
            started = time.perf_counter()
            client.get("/api/v1/procedures/search", params={"q": query}).raise_for_status()
            latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def concurrent_search(base: str, queries: list[str]) -> dict[str, float]:
    """The questions shared out to CONCURRENT_CLIENTS clients asking at the same time (warm)."""
    started = time.perf_counter()
    shares = [queries[k::CONCURRENT_CLIENTS] for k in range(CONCURRENT_CLIENTS)]
    with ThreadPoolExecutor(CONCURRENT_CLIENTS) as pool:
        latencies = [ms for share in pool.map(lambda share: search_latencies(base, share), shares) for ms in share]
    name = f"search_http_{CONCURRENT_CLIENTS}_clients"
    return {**percentiles(name, latencies), f"{name}_per_s": round(len(latencies) / (time.perf_counter() - started), 1)}


def percentiles(name: str, latencies: list[float]) -> dict[str, float]:
    ordered = sorted(latencies)
    return {
        f"{name}_p50_ms": round(statistics.median(ordered), 1),
        f"{name}_p95_ms": round(ordered[int(len(ordered) * 0.95) - 1], 1),
        f"{name}_requests": len(ordered),
    }


def chat_latencies(client: httpx.Client) -> list[float]:
    """POST /api/v1/chat over the evaluation dialogues, turn by turn, three times (warm)."""
    dialogues = [json.loads(line) for line in DIALOGUES.read_text(encoding="utf-8").splitlines() if line.strip()]
    latencies = []
    for round_number in range(4):
        for dialogue in dialogues:
            conversation = None
            for turn in dialogue["turns"]:
                started = time.perf_counter()
                response = client.post("/api/v1/chat", json={"message": turn["user"], "conversation_id": conversation})
                response.raise_for_status()
                if round_number:  # the first round warms up
                    latencies.append((time.perf_counter() - started) * 1000)
                conversation = response.json()["conversation_id"]
    return latencies


def main() -> None:
    results: dict[str, object] = {"machine": machine()}
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "ASSISTANT_DATA_DIR": str(Path(tmp) / "var")}
        if DUMP.is_dir():
            # Regenerating knowledge/ from the dump into a scratch copy: parse + write only.
            scratch = Path(tmp) / "knowledge"
            scratch.mkdir()
            (scratch / "centre.yaml").write_text((ROOT / "knowledge" / "centre.yaml").read_text("utf-8"), "utf-8")
            parse_env = {**env, "ASSISTANT_KNOWLEDGE_DIR": str(scratch), "ASSISTANT_DATA_DIR": str(Path(tmp) / "scratch")}
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-c", "from ingest.portal import load_dump; from pathlib import Path; "
                 f"load_dump(Path({str(DUMP)!r}), snapshot_date='2026-07')"],
                env=parse_env, check=True,
            )
            results["parse_dump_s"] = round(time.perf_counter() - started, 1)
        results["full_ingest_s"] = round(timed([ASSISTANT, "ingest"], env), 1)
        results["nochange_reingest_s"] = round(timed([ASSISTANT, "ingest"], env), 1)
        index_dir = Path(tmp) / "var" / "index"
        results["index_size_mib"] = round(du(index_dir) / 2**20, 1)
        results.update(serve_and_measure(env))
    out = ROOT / "reports"
    out.mkdir(exist_ok=True)
    (out / "bench.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
