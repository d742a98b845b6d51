"""Cluster benchmark: two app hosts and a background worker, each in its own
network namespace, on one PostgreSQL server of our own, behind nginx; one host
killed with SIGKILL under load, then a reconciliation; figures printed.

    sudo .venv/bin/python bench/cluster.py [--sources N] [--concurrency C]
        [--storage folder|database] [--pin] [--no-compare] [--failover]

Every source fetches the form through nginx, then sends it with one attachment;
after an error it sends the same form (the same one-time token) again. After the
run every receipt a source was shown must open a stored submission whose file
decrypts to what was sent; nothing is stored twice; no file is left that no
submission names.

Throughput: full source flows (form page and submission) per second through
nginx at concurrency 16, with one host and with two (each host: ``--workers``
gunicorn workers). ``--pin`` gives each host one core of its own (taskset), which
is what "one more host" means; without it both hosts share every core. Each run
also prints the CPU spent per flow by the app hosts and by the rest of the machine
(PostgreSQL, nginx, the load generator, the kernel), and from them the most that two
hosts, and their ratio to one, can reach on this machine.

``--failover`` instead starts a primary and a synchronous streaming replica,
stops the primary (``pg_ctl stop -m immediate``) under load, promotes the replica,
and checks that every acknowledged submission is on the new primary; the hosts
reach it through libpq's multi-host URL (``target_session_attrs=read-write``),
without a restart. Needs root, ``ip netns``, PostgreSQL 15 and nginx.
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapporteur.testing import cluster as harness  # noqa: E402
from rapporteur.testing import cluster_load as load  # noqa: E402

WRONG_RECEIPTS = 4


def _machine_cpu_seconds() -> float:
    """CPU time the whole machine has spent, every core and process (``/proc/stat``)."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    busy = sum(int(x) for x in fields) - int(fields[3]) - int(fields[4])  # not idle, iowait
    return busy / os.sysconf("SC_CLK_TCK")


def _own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _tree_cpu_seconds(roots: list[int]) -> float:
    """CPU time of these processes and all their descendants (``/proc/PID/stat``)."""
    parents: dict[int, int] = {}
    spent: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended
            continue
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        spent[pid] = int(fields[11]) + int(fields[12])
    tree, grew = set(roots), True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    return sum(spent.get(pid, 0) for pid in tree) / os.sysconf("SC_CLK_TCK")


def throughput(cluster: harness.Cluster, *, sources: int, concurrency: int, kib: int) -> None:
    load.run_load(  # warm-up: every worker of every host serves a few requests
        load.balancer(cluster),
        load.new_sources(4 * concurrency, kib * 1024),
        concurrency=concurrency,
    )
    figures = {}
    hosts = [host.process.pid for host in cluster.hosts if host.process is not None]
    for label, one_host in (("one host", True), ("two hosts", False)):
        machine, apps = _machine_cpu_seconds(), _tree_cpu_seconds(hosts)
        own = _own_cpu_seconds()
        result = load.run_load(
            load.balancer(cluster, one_host=one_host),
            load.new_sources(sources, kib * 1024),
            concurrency=concurrency,
        )
        flows = max(result.count("receipt"), 1)
        app_ms = 1000 * (_tree_cpu_seconds(hosts) - apps) / flows
        rest_ms = 1000 * (_machine_cpu_seconds() - machine) / flows - app_ms
        load_ms = 1000 * (_own_cpu_seconds() - own) / flows
        figures[label] = (result.per_second, app_ms, rest_ms)
        print(
            f"  {label:<10} {result.count('receipt'):>5} flows in {result.seconds:6.1f} s: "
            f"{result.per_second:6.1f} flows/s, errors {len(result.errors)}; CPU per flow: "
            f"app hosts {app_ms:.1f} ms, the rest {rest_ms:.1f} ms (of which the load "
            f"generator {load_ms:.1f} ms; PostgreSQL, nginx, the kernel)"
        )
    ratio = figures["two hosts"][0] / figures["one host"][0]
    print(f"  two hosts / one host: {ratio:.2f}x")
    _, app_ms, rest_ms = figures["two hosts"]
    cores = os.cpu_count() or 1
    print(
        f"  on this machine two hosts can reach at most {cores * 1000 / (app_ms + rest_ms):.0f} "
        f"flows/s (its {cores} cores over {app_ms + rest_ms:.1f} ms a flow); one host on one "
        f"core at most {1000 / app_ms:.0f}: a ratio of at most "
        f"{cores * app_ms / (app_ms + rest_ms):.2f}x, set by the work that is not the hosts'."
    )


def kill_one_host(cluster: harness.Cluster, *, sources: int, concurrency: int, kib: int) -> None:
    cross = load.cross_host_checks(cluster, wrong_receipts=WRONG_RECEIPTS)
    print(
        f"  receipt throttle seen from host 2: {cross.bits_before} puzzle bits before, "
        f"{cross.bits_after} after {WRONG_RECEIPTS} wrong receipts sent to host 1"
    )
    print(
        "  one form sent to both hosts at once: "
        + ", ".join(f"host {i + 1}: {s.outcome}" for i, s in enumerate(cross.race))
    )
    batch = load.new_sources(sources, kib * 1024)
    killed = cluster.hosts[0].address
    result = load.kill_during_load(
        cluster, batch, concurrency=concurrency, kill_after=sources * 2 // 5
    )
    opens, host = load.conversation_opens(load.balancer(cluster), cross.jar)
    print(
        f"  session begun on host 1, after its kill: conversation "
        f"{'opens' if opens else 'DOES NOT OPEN'} (served by {host})"
    )
    _report(cluster, result, killed=killed)


def failover(cluster: harness.Cluster, *, sources: int, concurrency: int, kib: int) -> None:
    assert cluster.replica is not None
    batch = load.new_sources(sources, kib * 1024)
    run = load.fail_over_during_load(
        cluster, batch, concurrency=concurrency, fail_after=sources * 2 // 5
    )
    print(
        f"  primary stopped (immediate) and replica promoted in "
        f"{run.promoted_at - run.stopped_at:.1f} s"
    )
    _report(cluster, run.result, killed="")
    starts = [started - run.stopped_at for _kind, _host, started in run.result.errors]
    if starts:
        print(f"  errors began from {min(starts):+.1f} s to {max(starts):+.1f} s of the stop")
    print(f"  new primary in recovery: {cluster.replica.psql('SELECT pg_is_in_recovery()')}")
    worker = cluster.worker.process if cluster.worker is not None else None
    print(f"  background worker still running: {worker is not None and worker.poll() is None}")


def _report(cluster: harness.Cluster, result: load.LoadResult, *, killed: str) -> None:
    batch = result.sources
    figures = load.reconcile(cluster, batch)
    crossed = sum(
        1 for s in batch if s.form_host and s.post_hosts and s.form_host != s.post_hosts[-1]
    )
    print(
        f"  sent {figures['sent']}, acknowledged {figures['acknowledged']}, refused as "
        f"replays {figures['replays_refused']}, gave up {figures['gave_up']}, "
        f"stored {figures['stored']}"
    )
    print(
        f"  lost {figures['lost']}, duplicates {figures['duplicates']}, partial "
        f"{len(figures['partial'])}, wrong file {len(figures['wrong_or_missing_file'])}, "
        f"orphans {figures['orphans']} ({figures['orphans_before_sweep']} before the sweep), "
        f"parts {figures['parts']}"
    )
    errors = result.errors
    outside = load.errors_outside_kill(result, killed) if killed else []
    kinds = sorted({kind for kind, _h, _t in errors})
    print(
        f"  errors seen by sources: {len(errors)} {kinds}"
        + (f", {len(outside)} not in flight on the killed host" if killed else "")
    )
    print(f"  forms fetched from one host and sent to the other: {crossed}")
    print(f"  background tasks: {figures['tasks']}")
    print(f"  run: {result.seconds:.1f} s, {result.per_second:.1f} acknowledged/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sources", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--attachment-kib", type=int, default=64)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers per host")
    parser.add_argument(
        "--storage", choices=harness.FILE_STORAGES, default=harness.DEFAULT_FILE_STORAGE
    )
    parser.add_argument("--pin", action="store_true", help="one core per host (taskset)")
    parser.add_argument("--no-compare", action="store_true", help="skip one host vs two")
    parser.add_argument("--failover", action="store_true", help="PostgreSQL failover instead")
    args = parser.parse_args()
    why = harness.missing()
    if why:
        sys.exit(f"cluster benchmark: {why}")
    # A stop asked for (timeout, kill) still removes the namespaces and servers.
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit("cluster benchmark: stopped"))
    cluster = harness.Cluster(
        workers=args.workers,
        storage=args.storage,
        replica=args.failover,
        pin=args.pin,
        extra_env=harness.LOAD_ENV,
    )
    sized = {"sources": args.sources, "concurrency": args.concurrency, "kib": args.attachment_kib}
    try:
        started = time.monotonic()
        cluster.start()
        print(
            f"Rapporteur cluster benchmark: {len(cluster.hosts)} hosts x {args.workers} "
            f"workers{' (one core each)' if args.pin else ''}, a worker, PostgreSQL 15"
            f"{' with a synchronous replica' if args.failover else ''}, nginx; "
            f"{os.cpu_count()} CPU cores shared by all; file storage: {args.storage}; "
            f"{args.attachment_kib} KiB attachment per submission; "
            f"started in {time.monotonic() - started:.0f} s."
        )
        if args.failover:
            print(f"Failover under load ({args.sources} sources, concurrency {args.concurrency}):")
            failover(cluster, **sized)
            return
        if not args.no_compare:
            print(f"Throughput at concurrency {args.concurrency} ({args.sources} sources each):")
            throughput(cluster, **sized)
        print(f"Host 1 killed under load ({args.sources} sources, concurrency {args.concurrency}):")
        kill_one_host(cluster, **sized)
    except Exception:
        print(cluster.logs(), file=sys.stderr)
        raise
    finally:
        cluster.close()


if __name__ == "__main__":
    main()
