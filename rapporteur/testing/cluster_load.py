"""Sources sending submissions to a cluster (``testing/cluster.py``), as a browser
without JavaScript would: GET the form through nginx, POST it with one attachment;
on an error, send the same form again (the same one-time token), as a source
pressing "send" once more would. Then the reconciliation: what the desk holds
against what each source was shown.

Plain sockets (``http.client``) from the root namespace to nginx on the bridge."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import http.client
import json
import os
import secrets
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from rapporteur.testing.cluster import APP_PORT, LB_PORT, SINGLE_LB_PORT, Cluster
from rapporteur.testing.intake import VALID_ANSWERS, first_group, puzzle, return_ticket, solve
from rapporteur.testing.server import multipart

ALREADY_SENT = b"This form was already sent"
RECEIPT = r'<strong id="receipt">([^<]+)</strong>'
RETRIES = 3


@dataclass(frozen=True)
class Endpoint:
    """An HTTP server on the bridge: nginx, or one host directly (asked for the
    public name, nginx's address, as a browser would)."""

    address: str
    port: int
    public_name: str = ""

    def request(
        self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], list[str], bytes]:
        """(status, headers, set-cookie values, body); OSError when the connection fails."""
        conn = http.client.HTTPConnection(self.address, self.port, timeout=120)
        try:
            named = {"Host": self.public_name} if self.public_name else {}
            conn.request(method, path, body=body or None, headers={**named, **(headers or {})})
            response = conn.getresponse()
            data = response.read()
            cookies = [
                v.split(";")[0] for k, v in response.getheaders() if k.lower() == "set-cookie"
            ]
            return response.status, dict(response.getheaders()), cookies, data
        except http.client.HTTPException as error:
            raise OSError(str(error)) from error
        finally:
            conn.close()


class Jar:
    """A browser's cookies for the desk."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def take(self, set_cookies: list[str]) -> None:
        for cookie in set_cookies:
            name, value = cookie.split("=", 1)
            self.cookies[name] = value

    def header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def csrf(self) -> str:
        return next(v for k, v in self.cookies.items() if k.endswith("csrftoken"))


@dataclass
class Source:
    """One source's submission: what was sent and what the source saw."""

    marker: str
    attachment: bytes
    outcome: str = ""  # "receipt", "replay" (refused as sent already) or "error"
    codename: str = ""
    form_host: str = ""
    post_hosts: list[str] = field(default_factory=list)
    errors: list[tuple[str, str, float]] = field(default_factory=list)  # kind, host, start
    # The form as the source's browser holds it, to send it again.
    jar: Jar = field(default_factory=Jar)
    token: str = ""
    proof: str = ""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.attachment).hexdigest()


def new_sources(count: int, attachment_bytes: int) -> list[Source]:
    run = secrets.token_hex(4)
    return [Source(f"{run}-{i:05d}", os.urandom(attachment_bytes)) for i in range(count)]


def get_form(endpoint: Endpoint, jar: Jar, path: str = "/submit/") -> tuple[str, str, str]:
    """(form token, proof, host that answered) of a fresh form page."""
    status, headers, cookies, body = endpoint.request("GET", path, headers={"Cookie": jar.header()})
    if status != 200:
        raise OSError(f"form page {status}")
    jar.take(cookies)
    html = body.decode()
    token = first_group(r'name="form_token" value="([^"]+)"', html)
    challenge, bits = puzzle(html)
    proof = solve(challenge, bits) if bits else ""
    return token, proof, headers.get("X-Upstream", "")


def form_body(jar: Jar, token: str, proof: str, source: Source) -> tuple[str, bytes]:
    """(content type, body) of the source's submission with its attachment."""
    fields = {
        "csrfmiddlewaretoken": jar.csrf(),
        "form_token": token,
        "proof": proof,
        **VALID_ANSWERS,
        "narrative": f"Cluster load, source {source.marker}.",
    }
    boundary = "----cluster" + secrets.token_hex(8)
    files = [(f"evidence-{source.marker}.bin", len(source.attachment), source.attachment)]
    _length, chunks = multipart(fields, files, boundary)
    return f"multipart/form-data; boundary={boundary}", b"".join(chunks)


def post_form(
    endpoint: Endpoint, jar: Jar, token: str, proof: str, source: Source
) -> tuple[int, str, bytes]:
    content_type, body = form_body(jar, token, proof, source)
    status, headers, cookies, page = endpoint.request(
        "POST",
        "/submit/",
        body=body,
        headers={"Content-Type": content_type, "Cookie": jar.header()},
    )
    jar.take(cookies)
    return status, headers.get("X-Upstream", ""), page


def send(
    endpoint: Endpoint, source: Source, *, retry_pause: float = 0.3, retries: int = RETRIES
) -> None:
    """The source's whole flow: the form, then the submission, sent again with the
    same token after an error (up to ``retries`` times, ``retry_pause`` apart)."""
    for _attempt in range(retries + 1):  # the form page: idempotent, retried freely
        try:
            source.token, source.proof, source.form_host = get_form(endpoint, source.jar)
            break
        except OSError as error:
            source.errors.append((f"form: {error}", "", time.monotonic()))
            time.sleep(retry_pause)
    else:
        source.outcome = "error"
        return
    for _attempt in range(retries + 1):
        if resend(endpoint, source):
            return
        time.sleep(retry_pause)
    source.outcome = "error"


def resend(endpoint: Endpoint, source: Source) -> bool:
    """POST the source's form (again); True once the desk answered for good: a
    receipt, or the refusal of a form sent already (``source.outcome``)."""
    started = time.monotonic()
    try:
        status, host, body = post_form(endpoint, source.jar, source.token, source.proof, source)
    except OSError as error:
        source.errors.append((type(error).__name__, "", started))
        return False
    return _answered(source, status, host, body, started)


def _answered(source: Source, status: int, host: str, body: bytes, started: float) -> bool:
    """Record the desk's answer to a POST of the source's form; True when final."""
    source.post_hosts.append(host)
    if status == 200 and b'id="receipt"' in body:
        source.outcome, source.codename = "receipt", first_group(RECEIPT, body.decode())
        return True
    if status == 200 and ALREADY_SENT in body:
        source.outcome = "replay"
        return True
    source.errors.append((str(status), host, started))
    return False


@dataclass
class Held:
    """A submission in flight, its upload held open before its last bytes."""

    source: Source
    conn: http.client.HTTPConnection
    rest: bytes
    started: float


def hold_upload(endpoint: Endpoint, source: Source) -> Held:
    """Send all of the source's submission (its form fetched) but its last kilobyte."""
    content_type, body = form_body(source.jar, source.token, source.proof, source)
    conn = http.client.HTTPConnection(endpoint.address, endpoint.port, timeout=120)
    started = time.monotonic()
    conn.putrequest("POST", "/submit/")
    for name, value in (
        ("Content-Type", content_type),
        ("Content-Length", str(len(body))),
        ("Cookie", source.jar.header()),
    ):
        conn.putheader(name, value)
    conn.endheaders()
    conn.send(body[:-1024])
    return Held(source, conn, body[-1024:], started)


def finish_upload(held: Held) -> bool:
    """Send the held upload's last bytes and record the answer (``_answered``)."""
    with contextlib.suppress(OSError):  # nginx may have answered and closed already
        held.conn.send(held.rest)
    try:
        response = held.conn.getresponse()
        body = response.read()
    except (OSError, http.client.HTTPException) as error:
        held.source.errors.append((type(error).__name__, "", held.started))
        return False
    finally:
        held.conn.close()
    host = response.getheader("X-Upstream", "")
    return _answered(held.source, response.status, host, body, held.started)


@dataclass
class LoadResult:
    sources: list[Source]
    seconds: float
    event_at: float | None  # monotonic time the kill (or failover) was over, if any

    def count(self, outcome: str) -> int:
        return sum(1 for s in self.sources if s.outcome == outcome)

    @property
    def errors(self) -> list[tuple[str, str, float]]:
        return [e for s in self.sources for e in s.errors]

    @property
    def per_second(self) -> float:
        return self.count("receipt") / self.seconds if self.seconds else 0.0


def run_load(
    endpoint: Endpoint,
    sources: list[Source],
    *,
    concurrency: int,
    event: Callable[[], None] | None = None,
    event_after: int = 0,
    retry_pause: float = 0.3,
    retries: int = RETRIES,
) -> LoadResult:
    """Every source sent by ``concurrency`` threads; ``event`` (the kill) runs in
    its own thread once ``event_after`` sources are done, while others are in flight."""
    pending = iter(sources)
    lock = threading.Lock()
    done = [0]
    event_at: list[float] = []

    def fire() -> None:
        assert event is not None  # noqa: S101 - test helper
        event()
        event_at.append(time.monotonic())  # when it was over: the host dead, say

    firing: list[threading.Thread] = []

    def worker() -> None:
        while True:
            with lock:
                source = next(pending, None)
            if source is None:
                return
            send(endpoint, source, retry_pause=retry_pause, retries=retries)
            with lock:
                done[0] += 1
                if event is not None and done[0] == event_after and not firing:
                    firing.append(threading.Thread(target=fire))
                    firing[0].start()

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        for running in [pool.submit(worker) for _ in range(concurrency)]:
            running.result()
    seconds = time.monotonic() - started
    for thread in firing:
        thread.join()
    return LoadResult(sources, seconds, event_at[0] if event_at else None)


# --- a source's session on one host, used on another -------------------------------


def post_receipt(endpoint: Endpoint, receipt: str) -> tuple[int, dict[str, str], Jar, bytes]:
    """A fresh browser's receipt attempt on ``endpoint``: the return form, its puzzle
    solved if the desk asks for one, then the receipt; (status, headers, cookies, page)."""
    jar = Jar()
    _status, _headers, cookies, form = endpoint.request("GET", "/return/")
    jar.take(cookies)
    ticket, challenge, bits = return_ticket(form.decode())
    body = (
        f"csrfmiddlewaretoken={jar.csrf()}&receipt={receipt.replace(' ', '+')}"
        f"&ticket={ticket}&proof={solve(challenge, bits) if bits else ''}"
    )
    status, headers, cookies, page = endpoint.request(
        "POST",
        "/return/",
        body=body.encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": jar.header()},
    )
    jar.take(cookies)
    return status, headers, jar, page


def sign_in_with_receipt(endpoint: Endpoint, codename: str) -> Jar:
    """The browser's cookies after signing in with ``codename`` (else AssertionError)."""
    status, headers, jar, page = post_receipt(endpoint, codename)
    if status != 302 or not headers.get("Location", "").endswith("/return/messages/"):
        raise AssertionError(f"receipt sign-in answered {status}: {page[:2000]!r}")
    return jar


def conversation_opens(endpoint: Endpoint, jar: Jar) -> tuple[bool, str]:
    """Whether the source's conversation page opens with these cookies (it needs
    the session row and the key cookie together), and which host answered."""
    status, headers, _cookies, page = endpoint.request(
        "GET", "/return/messages/", headers={"Cookie": jar.header()}
    )
    return status == 200 and b"Your submission" in page, headers.get("X-Upstream", "")


def wrong_receipt(endpoint: Endpoint) -> None:
    """One wrong receipt attempt (counted desk-wide by the receipt throttle)."""
    post_receipt(endpoint, "wrong words here today")


def return_form_bits(endpoint: Endpoint) -> int:
    """The puzzle bits the return form asks for now (0: the desk is calm)."""
    return return_ticket(endpoint.request("GET", "/return/")[3].decode())[2]


def reconcile_input(sources: list[Source]) -> str:
    """What the desk-side check (``cluster_check``) needs: the receipts shown."""
    return json.dumps({"codenames": [s.codename for s in sources if s.outcome == "receipt"]})


def compare(sources: list[Source], desk: dict[str, Any]) -> dict[str, Any]:
    """The reconciliation's figures: each source's marker against the desk's rows."""
    by_marker = {s.marker: s for s in sources}
    # marker -> attachment sha256s, one list per stored copy (this batch's markers only)
    stored = {m: copies for m, copies in desk["markers"].items() if m in by_marker}
    acknowledged = [s for s in sources if s.outcome == "receipt"]
    lost = [s.marker for s in acknowledged if s.marker not in stored]
    duplicates = sum(len(copies) - 1 for copies in stored.values() if len(copies) > 1)
    wrong_file = [
        marker
        for marker, copies in stored.items()
        if any(c != [by_marker[marker].sha256] for c in copies)
    ]
    return {
        "sent": len(sources),
        "acknowledged": len(acknowledged),
        "replays_refused": sum(1 for s in sources if s.outcome == "replay"),
        "gave_up": sum(1 for s in sources if s.outcome == "error"),
        "stored": sum(len(copies) for copies in stored.values()),
        "lost": len(lost) + desk["receipts_missing"],
        "duplicates": duplicates,
        "wrong_or_missing_file": wrong_file,
        "partial": desk["partial"],
        "orphans_before_sweep": desk["orphans_before_sweep"],
        "orphans": desk["orphans_after_sweep"],
        "parts": desk["parts_after_sweep"],
        "files_in_folder": desk["files_in_folder"],
    }


# --- the scenarios, for the test and the benchmark ----------------------------------


def balancer(cluster: Cluster, *, one_host: bool = False) -> Endpoint:
    """nginx on the bridge: both hosts, or (``one_host``) the first one only."""
    return Endpoint(cluster.network.gateway, SINGLE_LB_PORT if one_host else LB_PORT)


def direct(cluster: Cluster, index: int) -> Endpoint:
    """One app host, bypassing nginx (to begin a session on a chosen host)."""
    return Endpoint(cluster.hosts[index].address, APP_PORT, cluster.network.gateway)


def reconcile(cluster: Cluster, sources: list[Source]) -> dict[str, Any]:
    """The desk's rows and files against what the sources were shown (``compare``)."""
    out = cluster.manage(
        "shell", "-c", "from rapporteur.testing.cluster_check import main; main()",
        stdin=reconcile_input(sources),
    )  # fmt: skip
    desk = json.loads(out.strip().splitlines()[-1])
    return {**compare(sources, desk), "tasks": desk["tasks"]}


@dataclass
class CrossHost:
    """A receipt's session begun on host 1; the receipt throttle's price seen from
    host 2 before and after wrong receipts sent to host 1; one form (its one-time
    token) sent to both hosts at the same moment."""

    jar: Jar
    bits_before: int
    bits_after: int
    race: list[Source]  # one form sent to both hosts at once: a copy per host


def cross_host_checks(cluster: Cluster, *, wrong_receipts: int) -> CrossHost:
    first, second = direct(cluster, 0), direct(cluster, 1)
    source = new_sources(1, 1024)[0]
    jar = Jar()
    token, proof, _host = get_form(first, jar)
    _status, _host, body = post_form(first, jar, token, proof, source)
    codename = first_group(RECEIPT, body.decode())
    bits_before = return_form_bits(second)
    for _ in range(wrong_receipts):
        wrong_receipt(first)
    bits_after = return_form_bits(second)
    session = sign_in_with_receipt(first, codename)
    opens, _host = conversation_opens(first, session)
    if not opens:
        raise AssertionError("the conversation did not open on the host that signed in")
    return CrossHost(session, bits_before, bits_after, race_one_form(first, second))


def race_one_form(first: Endpoint, second: Endpoint) -> list[Source]:
    """One form sent twice at once, to each host (a double click behind a balancer)."""
    source = new_sources(1, 4096)[0]
    source.token, source.proof, source.form_host = get_form(first, source.jar)
    twin = dataclasses.replace(source, jar=Jar(), errors=[], post_hosts=[])
    twin.jar.cookies = dict(source.jar.cookies)
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(resend, (first, second), (source, twin)))
    return [source, twin]


def kill_during_load(
    cluster: Cluster, sources: list[Source], *, concurrency: int, kill_after: int
) -> LoadResult:
    """The load through nginx; host 1 gets SIGKILL once ``kill_after`` sources are done.

    Before the load, two more sources begin their uploads through nginx and hold
    them open before the last bytes: round robin puts one on each host, so one is
    surely in flight on host 1 when it dies. Both are finished after the load, and
    a failed one is sent again with its same token, as its source would."""
    endpoint = balancer(cluster)
    held_sources = new_sources(2, len(sources[0].attachment))
    for source in held_sources:  # the forms first: a GET would take a turn of the round
        source.token, source.proof, source.form_host = get_form(endpoint, source.jar)
    held = [hold_upload(endpoint, source) for source in held_sources]
    result = run_load(
        endpoint,
        sources,
        concurrency=concurrency,
        event=lambda: cluster.kill(cluster.hosts[0]),
        event_after=kill_after,
    )
    for upload in held:
        if finish_upload(upload):
            continue
        if not any(resend(endpoint, upload.source) for _ in range(RETRIES)):
            upload.source.outcome = "error"
    return LoadResult([*sources, *held_sources], result.seconds, result.event_at)


@dataclass
class Failover:
    result: LoadResult
    stopped_at: float  # monotonic: the primary's stop asked for
    promoted_at: float  # the replica promoted


def fail_over_during_load(
    cluster: Cluster, sources: list[Source], *, concurrency: int, fail_after: int
) -> Failover:
    """The load through nginx; once ``fail_after`` sources are done the primary is
    stopped at once (``-m immediate``) and the replica promoted. Sources retry for
    up to fifteen seconds, as a patient person would."""
    replica = cluster.replica
    if replica is None:
        raise ValueError("the cluster has no replica")
    times: list[float] = []

    def fail_over() -> None:
        times.append(time.monotonic())
        cluster.primary.stop_immediately()
        replica.promote()
        times.append(time.monotonic())

    result = run_load(
        balancer(cluster),
        sources,
        concurrency=concurrency,
        event=fail_over,
        event_after=fail_after,
        retry_pause=1.0,
        retries=15,
    )
    return Failover(result, times[0], times[1])


def errors_outside_kill(result: LoadResult, killed: str) -> list[tuple[str, str, float]]:
    """Errors the sources saw that were not a request in flight on the killed host
    (``killed``: its address) when it died: each error names the host nginx had
    sent the request to (X-Upstream) and the moment the request began."""
    assert result.event_at is not None  # noqa: S101 - test helper
    return [
        (kind, host, started)
        for kind, host, started in result.errors
        if not (host.startswith(f"{killed}:") and started <= result.event_at)
    ]
