"""Batch runs: many drafts, the model loaded once per worker, the same outputs for any --jobs.

A run goes in chunks of `CHUNK_SIZE` inputs (a constant, so chunking never depends on the
number of workers). For each chunk: every worker reads and analyses its inputs with the model
(phase 1, in parallel); the main process then settles, in input order, who the people nobody
listed are across all documents of the case (so one person keeps one pseudonym everywhere);
finally each worker applies the settled case to the inputs it analysed and writes them
(phase 2, in parallel). Each worker keeps its phase-1 work in memory for phase 2.
"""

from __future__ import annotations

import contextlib
import copy
import multiprocessing
import os
import queue
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from redactor.atomic import FolderLock, os_reason
from redactor.case import Case
from redactor.detect.engine import Detector
from redactor.errors import RedactorError
from redactor.io import SUPPORTED_SUFFIXES
from redactor.model import Entity
from redactor.options import RunOptions
from redactor.pipeline import Prepared, Result, finish, prepare, settle_people, unlisted_people

CHUNK_SIZE = 16
OUTPUT_MARKERS = (".redacted.", ".review.", ".audit.")


@dataclass(frozen=True)
class Job:
    """One input of a run: where it is, which case applies, where its outputs go."""

    index: int
    input: Path
    case_key: str  # the case file's path, or "" for a run without one
    out_dir: Path
    confidential_dir: Path | None = None  # audit log, review copy; None: out_dir


def collect_inputs(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and the drafts inside folders (recursively, in sorted order).

    Inside folders, only supported types are taken, and redactor's own outputs, hidden files
    and Word lock files (`~$…`) are passed over. A missing path is kept, to be reported.
    """
    found: list[Path] = []
    for path in paths:
        if not path.is_dir():
            found.append(path)
            continue
        for child in sorted(path.rglob("*")):
            name = child.name
            if (child.is_file() and child.suffix.lower() in SUPPORTED_SUFFIXES
                    and not name.startswith((".", "~$"))
                    and not any(marker in name for marker in OUTPUT_MARKERS)):
                found.append(child)
    return found


class LocalWorker:
    """Does the work in this process (used for --jobs 1 and inside each worker process)."""

    def __init__(self, options: RunOptions) -> None:
        self.options = options
        self.detector = Detector(options)
        self.prepared: dict[int, Prepared] = {}

    def analyse(self, job: Job, case: Case,
                on_progress: Callable[[float], None] | None = None) -> list[Entity] | str:
        """Phase 1: read and analyse; returns the unlisted people found, or an error."""
        try:
            self.detector.warm_up()
            prepared = prepare(job.input, self.options, self.detector, on_progress)
            self.prepared[job.index] = prepared
            return unlisted_people(prepared, case)
        except RedactorError as error:
            return str(error)
        except OSError as error:  # the operating system's reason, not an "internal error"
            return _os_error(job.input, error)
        except Exception as error:  # noqa: BLE001 - one bad file must not stop the run
            return _internal_error(job.input, error)

    def finish(self, job: Job, case: Case) -> Result:
        """Phase 2: apply the settled case and write the outputs."""
        prepared = self.prepared.pop(job.index, None)
        if prepared is None:
            return Result(input=job.input, error=f"{job.input}: internal error: not analysed")
        try:
            return finish(prepared, job.out_dir, case, self.options, self.detector,
                          confidential_dir=job.confidential_dir)
        except RedactorError as error:
            return Result(input=job.input, error=str(error))
        except OSError as error:
            return Result(input=job.input, error=_os_error(job.input, error))
        except Exception as error:  # noqa: BLE001
            return Result(input=job.input, error=_internal_error(job.input, error))


def _os_error(path: Path, error: OSError) -> str:
    """`FILE: cannot read or write it (the disk is full)`, naming the file the system
    named (else the input)."""
    return f"{error.filename or path}: {os_reason(error)}"


def _internal_error(path: Path, error: Exception) -> str:
    last = traceback.extract_tb(error.__traceback__)[-1:]
    where = f" at {last[0].filename}:{last[0].lineno}" if last else ""
    return f"{path}: internal error {type(error).__name__}: {error}{where}"


def _exit_with_parent() -> None:
    """Stop this worker process as soon as its parent is gone (killed, crashed): a thread
    waits on the parent's sentinel and then exits the process at once, so no worker goes
    on writing outputs for a run nobody is watching, or holds its memory."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        with contextlib.suppress(Exception):
            parent.join()
        os._exit(3)

    threading.Thread(target=watch, name="redactor-parent-watch", daemon=True).start()


def _worker_main(options: RunOptions, tasks: Any, results: Any) -> None:
    _exit_with_parent()
    worker = LocalWorker(options)
    while True:
        message = tasks.get()
        if message is None:
            return
        phase, job, case = message
        outcome = worker.analyse(job, case) if phase == "analyse" else worker.finish(job, case)
        results.put((job.index, outcome))


def _start_context(options: RunOptions) -> Any:
    """Fork workers from a parent that has already loaded the model (they share it, copy on
    write, and start at once) where fork is safe: available and no other thread running.
    Otherwise spawn them, each loading the model itself."""
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        Detector(options).warm_up()  # model, engine and patterns ready before forking
        if threading.active_count() == 1:
            return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


class WorkerPool:
    """`n` worker processes, each with its own task queue; phase 2 of an input goes to the
    worker that holds its phase-1 work. A worker that dies fails its outstanding inputs."""

    def __init__(self, options: RunOptions, n: int) -> None:
        context = _start_context(options)
        self.results = context.Queue()
        self.tasks = [context.Queue() for _ in range(n)]
        self.processes = [
            context.Process(target=_worker_main, args=(options, queue, self.results), daemon=True)
            for queue in self.tasks
        ]
        self.owner: dict[int, int] = {}
        for process in self.processes:
            process.start()

    def run(self, phase: str, jobs: list[Job], cases: dict[str, Case]) -> Iterator[tuple[int, Any]]:
        pending: dict[int, Job] = {}
        for position, job in enumerate(jobs):
            worker = self.owner.setdefault(job.index, position % len(self.tasks))
            self.tasks[worker].put((phase, job, cases[job.case_key]))
            pending[job.index] = job
        while pending:
            try:
                index, outcome = self.results.get(timeout=1.0)
            except queue.Empty:
                yield from self._fail_dead_workers(phase, pending)
                continue
            pending.pop(index, None)
            yield index, outcome

    def _fail_dead_workers(self, phase: str, pending: dict[int, Job]) -> Iterator[tuple[int, Any]]:
        dead = {i for i, process in enumerate(self.processes) if not process.is_alive()}
        for index in [i for i in pending if self.owner.get(i) in dead]:
            job = pending.pop(index)
            message = f"{job.input}: internal error: the worker process stopped unexpectedly"
            yield index, (message if phase == "analyse" else Result(input=job.input,
                                                                     error=message))

    def close(self) -> None:
        for tasks in self.tasks:
            tasks.put(None)
        for process in self.processes:
            process.join(timeout=30)
            if process.is_alive():
                process.terminate()


class InProcess:
    """The same protocol as `WorkerPool`, in this process."""

    def __init__(self, options: RunOptions) -> None:
        self.worker = LocalWorker(options)
        self.on_fraction: Callable[[int, float], None] | None = None  # within a document

    def _reporter(self, index: int) -> Callable[[float], None] | None:
        report = self.on_fraction
        return None if report is None else (lambda fraction: report(index, fraction))

    def run(self, phase: str, jobs: list[Job], cases: dict[str, Case]) -> Iterator[tuple[int, Any]]:
        for job in jobs:
            case = copy.deepcopy(cases[job.case_key])  # as a worker process would see it
            if phase == "analyse":
                yield job.index, self.worker.analyse(job, case, self._reporter(job.index))
            else:
                yield job.index, self.worker.finish(job, case)

    def close(self) -> None:
        pass


ANALYSE_SHARE = 0.8  # of an input's work: reading and the model; the rest is writing


def job_weight(job: Job) -> int:
    """An input's share of a run's work, for progress: its size in bytes (at least 1)."""
    try:
        return max(1, job.input.stat().st_size)
    except OSError:
        return 1


class Progress:
    """Tells `report(done, total, label)` how far a run is: each input counts by its size,
    most of it (`ANALYSE_SHARE`) when it has been read and analysed, the rest when written."""

    def __init__(self, jobs: list[Job], report: Callable[[int, int, str], None] | None) -> None:
        self.report = report
        self.weights = {job.index: job_weight(job) for job in jobs}
        self.total = sum(self.weights.values())
        self.done = 0

    def start(self, phase: str, jobs: list[Job]) -> None:
        if self.report and jobs:
            names = ", ".join(job.input.name for job in jobs[:3])
            more = f" and {len(jobs) - 3} more" if len(jobs) > 3 else ""
            verb = "reading and analysing" if phase == "analyse" else "redacting and writing"
            self.report(self.done, self.total, f"{verb} {names}{more}")

    def within(self, index: int, fraction: float, name: str) -> None:
        """Part of an input's analysis done (a long document, read block by block)."""
        if self.report:
            share = int(self.weights.get(index, 1) * ANALYSE_SHARE * min(1.0, fraction))
            self.report(self.done + share, self.total, f"analysing {name} "
                        f"({int(100 * fraction)}%)")

    def finished(self, phase: str, index: int, name: str) -> None:
        weight = self.weights.get(index, 1)
        share = int(weight * ANALYSE_SHARE)
        self.done += share if phase == "analyse" else weight - share
        if self.report:
            self.report(self.done, self.total, f"{'analysed' if phase == 'analyse' else 'wrote'}"
                        f" {name}")


def run_batch(
    jobs: list[Job],
    cases: dict[str, Case],
    options: RunOptions,
    workers: int = 1,
    on_result: Callable[[Result], None] | None = None,
    on_progress: Callable[[int, int, str], None] | None = None,
) -> list[Result]:
    """Redact every job; a failing input does not stop the others. Results in input order.

    `cases` maps each job's case key to its Case; people found along the way are recorded in
    those Case objects (the caller may save them with --update-case). `on_progress(done,
    total, label)` is told before each phase and after each input of it (see `Progress`).
    """
    folders = {job.out_dir for job in jobs} | {job.confidential_dir for job in jobs
                                               if job.confidential_dir is not None}
    with contextlib.ExitStack() as locks:
        for folder in sorted(folders):
            locks.enter_context(FolderLock(folder))  # one run per output folder
        return _run_locked(jobs, cases, options, workers, on_result, on_progress)


def _run_locked(
    jobs: list[Job], cases: dict[str, Case], options: RunOptions, workers: int,
    on_result: Callable[[Result], None] | None,
    on_progress: Callable[[int, int, str], None] | None,
) -> list[Result]:
    progress = Progress(jobs, on_progress)
    names = {job.index: job.input.name for job in jobs}
    pool: WorkerPool | InProcess = (
        WorkerPool(options, min(workers, len(jobs))) if workers > 1 and len(jobs) > 1
        else InProcess(options)
    )
    if isinstance(pool, InProcess):  # worker processes report whole inputs only
        pool.on_fraction = lambda index, fraction: progress.within(index, fraction, names[index])
    results: dict[int, Result] = {}
    try:
        for start in range(0, len(jobs), CHUNK_SIZE):
            chunk = jobs[start:start + CHUNK_SIZE]
            progress.start("analyse", chunk)
            analysed = {}
            for index, outcome in pool.run("analyse", chunk, cases):
                analysed[index] = outcome
                progress.finished("analyse", index, names[index])
            ready = []
            for job in chunk:  # input order: the same people, ids and pseudonyms for any --jobs
                outcome = analysed[job.index]
                if isinstance(outcome, str):
                    results[job.index] = Result(input=job.input, error=outcome)
                    progress.finished("finish", job.index, names[job.index])
                    if on_result:
                        on_result(results[job.index])
                    continue
                settle_people(cases[job.case_key], outcome, options)
                ready.append(job)
            progress.start("finish", ready)
            for index, result in pool.run("finish", ready, cases):
                results[index] = result
                progress.finished("finish", index, names[index])
                if on_result:
                    on_result(result)
    finally:
        pool.close()
    return [results[job.index] for job in jobs]
