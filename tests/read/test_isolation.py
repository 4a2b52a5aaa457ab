"""Query processes that are ended past the time limit, and the admission gate (slots, per-client cap)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fixtures_build import fixture_settings

from dsi_graph.build import pipeline
from dsi_graph.rdf.formats import UnsupportedMediaType
from dsi_graph.read.admission import Gate, Refused
from dsi_graph.read.isolation import Isolation, Job, QueryProcesses
from dsi_graph.stores.base import QuerySyntaxError, QueryTimeout

JSON = "application/sparql-results+json"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z . ?d ?s ?w }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _choose(form: str) -> str:
    if form == "select":
        return JSON
    raise UnsupportedMediaType(f"no {form} answer in JSON results")


def job(query: str, build: str = "b1") -> Job:
    return Job.of(build, query, (), (), _choose, None)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("isolation")
    out = folder / "dist"
    pipeline.build(fixture_settings(folder), out)
    return out / "store"


@pytest.fixture()
def processes(store_path: Path) -> Iterator[QueryProcesses]:
    pool = QueryProcesses(store_path)
    yield pool
    pool.close()


def test_a_query_process_answers_like_the_store(processes: QueryProcesses) -> None:
    result = processes.run(job(COUNT), timeout=60)
    assert result.form == "select" and result.media_type == JSON
    assert b'"n"' in result.body and b"integer" in result.body


def test_errors_come_back_as_the_store_raises_them(processes: QueryProcesses) -> None:
    with pytest.raises(QuerySyntaxError):
        processes.run(job("SELECT * WHERE { ?s ?p"), timeout=60)
    with pytest.raises(UnsupportedMediaType, match="no ask answer"):
        processes.run(job("ASK { ?s ?p ?o }"), timeout=60)
    assert processes.run(job(COUNT), timeout=60).form == "select"  # the same process goes on


def test_a_runaway_is_ended_and_the_next_query_answered(processes: QueryProcesses) -> None:
    first = processes.run(job(COUNT), timeout=60)
    with pytest.raises(QueryTimeout, match="stopped after 1 s"):
        processes.run(job(RUNAWAY), timeout=1)  # 3,518 quads joined four ways: unstopped it would not end
    assert processes.run(job(COUNT), timeout=60).body == first.body


def test_a_gate_refuses_a_second_expensive_query_of_one_client_only() -> None:
    gate = Gate(slots=4, per_client=1, expensive_after=0.0, queue_wait=0.0)
    with gate.admit("192.0.2.1"):
        with pytest.raises(Refused) as refused, gate.admit("192.0.2.1"):
            pass
        assert refused.value.status == 429 and "DSI_GRAPH_SPARQL_PER_CLIENT=1" in str(refused.value)
        with gate.admit("192.0.2.2"):  # another client is admitted
            pass
    with gate.admit("192.0.2.1"):  # the first query ended: admitted again
        pass


def test_a_gate_keeps_its_slots() -> None:
    gate = Gate(slots=2, per_client=0, expensive_after=0.0, queue_wait=0.0)
    with gate.admit("a"), gate.admit("b"):
        with pytest.raises(Refused) as refused, gate.admit("c"):
            pass
        assert refused.value.status == 503 and "all 2 query slots" in str(refused.value)
    with gate.admit("c"):  # both slots free again
        pass


def test_a_query_waits_for_a_slot_held_by_a_young_query() -> None:
    gate = Gate(slots=1, per_client=0, expensive_after=600.0, queue_wait=60.0)
    release, held = threading.Event(), threading.Event()

    def hold() -> None:
        with gate.admit("a"):
            held.set()
            release.wait(60)

    holder = threading.Thread(target=hold)
    holder.start()
    assert held.wait(60)
    threading.Timer(0.2, release.set).start()
    with gate.admit("b"):  # waited for the slot instead of a 503
        pass
    holder.join(60)


def test_a_client_without_an_expensive_query_takes_the_slot_of_the_oldest_one() -> None:
    gate = Gate(slots=1, per_client=0, expensive_after=0.0, queue_wait=0.0)
    stopped, held = threading.Event(), threading.Event()
    outcome: dict[str, bool] = {}

    def hold() -> None:
        with gate.admit("runaway") as ticket:
            ticket.arm(stopped.set)
            held.set()
            stopped.wait(60)
            outcome["ended"] = ticket.disarm()

    holder = threading.Thread(target=hold)
    holder.start()
    assert held.wait(60)
    with pytest.raises(Refused) as refused, gate.admit("runaway"):  # its own client does not evict it
        pass
    assert refused.value.status == 503 and not stopped.is_set()
    with gate.admit("person"):
        assert stopped.is_set()
    holder.join(60)
    assert outcome == {"ended": True}


def test_a_query_process_ended_to_make_room_answers_503(processes: QueryProcesses) -> None:
    gate = Gate(slots=1, per_client=0, expensive_after=0.0, queue_wait=0.0)
    outcome: dict[str, BaseException] = {}
    held = threading.Event()

    def runaway() -> None:
        try:
            with gate.admit("runaway") as ticket:
                held.set()
                processes.run(job(RUNAWAY), 60, ticket)
        except Refused as error:
            outcome["error"] = error

    thread = threading.Thread(target=runaway)
    thread.start()
    assert held.wait(60)
    for _ in range(600):  # bounded: until the runaway's process is armed to be ended, then it is
        try:
            with gate.admit("person"):
                break
        except Refused:
            time.sleep(0.05)
    thread.join(60)
    assert outcome["error"].status == 503 and "to make room" in str(outcome["error"])
    assert processes.run(job(COUNT), timeout=60).form == "select"


def test_isolation_without_a_store_path_runs_the_fallback_under_the_gate() -> None:
    isolation = Isolation(Gate(slots=1, per_client=0, expensive_after=0.0, queue_wait=0.0), None)
    assert isolation.processes() is None
    answer = isolation.run("a", job(COUNT), 60, lambda: "from the fallback")  # type: ignore[arg-type,return-value]
    assert answer == "from the fallback"
