"""Several processes saving at once, and a process killed in the middle of saving.

Every accepted save survives, every refused one raised ConflictError (and was kept), and a kill
never leaves a half-written version. Both backends.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from datetime import date

from sqlalchemy import create_engine, text

from pmwidgets import ConflictError, Plan, Store

WRITERS = 4
ROUNDS = 8


def _seed(url: str) -> None:
    plan = Plan("Shared", start=date(2025, 3, 3))
    plan.add_task("Survey", 2)
    plan.add_task("Build", 5)
    with Store(url) as store:
        store.save(plan, author="seed", message="seed")


def _writer(url: str, name: str, results: multiprocessing.Queue) -> None:
    accepted, refused = [], 0
    with Store(url) as store:
        for round_number in range(ROUNDS):
            while True:
                plan = store.load("Shared")
                plan.set("1", "name", f"{name} round {round_number}")
                try:
                    store.save(plan, author=name, message=f"{name}/{round_number}")
                except ConflictError:
                    refused += 1
                    continue
                accepted.append(f"{name}/{round_number}")
                break
    results.put((accepted, refused))


def test_concurrent_writers_lose_nothing(store_url: str) -> None:
    _seed(store_url)
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    workers = [
        context.Process(target=_writer, args=(store_url, f"writer{i}", results))
        for i in range(WRITERS)
    ]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=240) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    accepted = [message for done, _ in outcomes for message in done]
    refused = sum(count for _, count in outcomes)
    with Store(store_url) as store:
        history = store.history("Shared")
        kept = store.conflicts("Shared")
    assert len(accepted) == WRITERS * ROUNDS
    assert [v.version for v in history] == list(range(1, len(accepted) + 2))
    assert sorted(v.message for v in history[1:]) == sorted(accepted)
    assert len(kept) == refused


SAVER = """
import sys
from pmwidgets import ConflictError, Store
store = Store(sys.argv[1])
print("ready", flush=True)
number = 0
while True:
    plan = store.load("Shared")
    number += 1
    plan.set("2", "duration", 1 + number % 20)
    plan.add_task(f"Task {number}", 1)
    try:
        store.save(plan, author="saver", message=f"save {number}")
    except ConflictError:
        pass
"""


def test_a_process_killed_while_saving_leaves_the_previous_version_whole(store_url: str) -> None:
    _seed(store_url)
    for delay in (0.3, 0.55, 0.8, 1.1):
        saver = subprocess.Popen(
            [sys.executable, "-c", SAVER, store_url], stdout=subprocess.PIPE, text=True
        )
        assert saver.stdout is not None and saver.stdout.readline().strip() == "ready"
        time.sleep(delay)
        os.kill(saver.pid, signal.SIGKILL)
        saver.wait(timeout=30)
        saver.stdout.close()
        with Store(store_url) as store:
            history = store.history("Shared")
            latest = store.load("Shared")
            assert latest.version == history[-1].version
            assert [v.version for v in history] == list(range(1, len(history) + 1))
            assert len(latest.tasks) == 1 + latest.version  # each save added one task
            for version in (1, history[-1].version):
                store.load("Shared", version=version).schedule()
    engine = create_engine(store_url)
    with engine.connect() as conn:
        latest_recorded = conn.execute(text("SELECT latest_version FROM projects")).scalar()
        stored = conn.execute(text("SELECT max(number) FROM versions")).scalar()
    engine.dispose()
    assert latest_recorded == stored
