"""Several desk hosts on one machine, for the cluster test and ``bench/cluster.py``:
network namespaces joined by a bridge (addresses made here, 10.x.y.0/24, nothing
routed out), a PostgreSQL server of our own (and a streaming replica for the
failover run), app hosts (``rapporteur serve``, gunicorn) and one background
worker (``rapporteur db_worker``), each in its own namespace, and nginx in front
as the load balancer. Needs root, ``ip netns``, PostgreSQL 15's server binaries
and nginx (``scripts/system-packages.sh test``); ``missing()`` says what is absent.

Nothing here touches the machine's own PostgreSQL, nginx or network set-up: every
name and address is made per run and removed by ``close()``.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from rapporteur.testing.server import kill_group, stop_group

ROOT = Path(__file__).resolve().parent.parent.parent
PG_BIN = Path("/usr/lib/postgresql/15/bin")
NGINX = Path("/usr/sbin/nginx")
PG_PORT = 5432
APP_PORT = 8000
LB_PORT = 8080
SINGLE_LB_PORT = 8081  # the same nginx, with one host only: the one-host baseline
DATABASE = "rapporteur"
PASSWORD = "correct horse battery staple"  # noqa: S105 - test-only credential

# Where the hosts keep encrypted files: "database" (chunks in PostgreSQL,
# RAPPORTEUR_FILE_STORAGE=database: the hosts keep no state) or "folder" (one folder
# every host mounts).
DEFAULT_FILE_STORAGE = "database"
FILE_STORAGES = ("folder", "database")

# The environment of the load's hosts: below the flood defence's prices for
# submissions (bench/intake_flood.py measures those), while wrong receipts are priced
# after one a minute, so that a few show that the hosts share the throttle's state.
LOAD_ENV = {
    "RAPPORTEUR_INTAKE_SUBMISSION_WORK_AFTER_PER_HOUR": "1000000",
    "RAPPORTEUR_INTAKE_SUBMISSION_TICKETS_PER_HOUR": "1000000",
    "RAPPORTEUR_INTAKE_RECEIPT_WORK_AFTER_PER_MINUTE": "1",
}

_SETUP = """
from rapporteur.accounts.models import User
from rapporteur.vault.services import initialise_desk
user = User.objects.create_user(username="officer", password={password!r}, role="officer")
initialise_desk(keyholders=[(user, {password!r})], threshold=2, shares=2)
"""


def missing() -> str:
    """Why a cluster cannot run here ("" when it can)."""
    if os.geteuid() != 0:
        return "needs root (network namespaces)"
    if shutil.which("ip") is None:
        return "needs iproute2 (ip netns)"
    if not (PG_BIN / "initdb").exists():
        return f"needs PostgreSQL 15's server binaries in {PG_BIN}"
    if not NGINX.exists():
        return "needs nginx (scripts/system-packages.sh test installs it)"
    try:
        import pwd

        pwd.getpwnam("postgres")
    except KeyError:
        return "needs the postgres system user (PostgreSQL refuses to run as root)"
    probe = f"rpprobe{secrets.token_hex(3)}"
    made = subprocess.run(["ip", "netns", "add", probe], capture_output=True, check=False)
    if made.returncode != 0:
        return f"ip netns is unavailable: {made.stderr.decode().strip()}"
    subprocess.run(["ip", "netns", "delete", probe], capture_output=True, check=False)
    return ""


def _run(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    """Run a command to completion; RuntimeError with its output when it fails."""
    # Bounded: a commit waiting for a standby that never comes must not hang a run.
    done = subprocess.run(args, check=False, capture_output=True, text=True, timeout=300, **kwargs)  # type: ignore[call-overload]
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:4])}... failed:\n{done.stdout}\n{done.stderr}")
    return done


def _wait_for_port(address: str, port: int, *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection((address, port), timeout=1):
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not start listening on {address}:{port}")


class Network:
    """A bridge in the root namespace (its address is where nginx listens and the
    load comes from) and one namespace per machine, each with one address on it."""

    def __init__(self) -> None:
        self.tag = secrets.token_hex(3)
        self.bridge = f"rpb{self.tag}"
        self.subnet = self._free_subnet()
        self.gateway = f"{self.subnet}.1"
        self.namespaces: dict[str, str] = {}  # machine name -> address
        self._next = 2
        _run("ip", "link", "add", self.bridge, "type", "bridge")
        _run("ip", "addr", "add", f"{self.gateway}/24", "dev", self.bridge)
        _run("ip", "link", "set", self.bridge, "up")

    @staticmethod
    def _free_subnet() -> str:
        used = _run("ip", "-4", "-o", "addr").stdout
        while True:
            candidate = f"10.{secrets.randbelow(200) + 50}.{secrets.randbelow(250) + 1}"
            if f" {candidate}." not in used:
                return candidate

    def add(self, machine: str) -> str:
        """A namespace for ``machine`` on the bridge; returns its address."""
        ns = self.ns(machine)
        address = f"{self.subnet}.{self._next}"
        self._next += 1
        outside, inside = f"rpv{self.tag}{len(self.namespaces)}", f"rpi{self.tag}"
        _run("ip", "netns", "add", ns)
        self.namespaces[machine] = address
        _run("ip", "link", "add", outside, "type", "veth", "peer", "name", inside)
        _run("ip", "link", "set", outside, "master", self.bridge, "up")
        _run("ip", "link", "set", inside, "netns", ns)
        inns = ("ip", "netns", "exec", ns, "ip")
        _run(*inns, "link", "set", inside, "name", "eth0")
        _run(*inns, "addr", "add", f"{address}/24", "dev", "eth0")
        _run(*inns, "link", "set", "eth0", "up")
        _run(*inns, "link", "set", "lo", "up")
        return address

    def ns(self, machine: str) -> str:
        return f"rp{self.tag}-{machine}"

    def inside(self, machine: str) -> list[str]:
        """The command prefix that runs a command in ``machine``'s namespace."""
        return ["ip", "netns", "exec", self.ns(machine)]

    def close(self) -> None:
        for index, machine in enumerate(self.namespaces):
            subprocess.run(["ip", "netns", "delete", self.ns(machine)], check=False)
            # Both ends of the pair go with the namespace, unless a process still
            # runs in it: then this end is removed here.
            outside = f"rpv{self.tag}{index}"
            subprocess.run(["ip", "link", "delete", outside], check=False, capture_output=True)
        subprocess.run(["ip", "link", "delete", self.bridge], check=False, capture_output=True)


class Postgres:
    """A PostgreSQL 15 server of our own, in ``machine``'s namespace, run as the
    postgres system user (it refuses root), trusting the bridge's subnet only."""

    def __init__(self, network: Network, machine: str, base: Path) -> None:
        self.network = network
        self.machine = machine
        self.address = network.add(machine)
        self.data = base / machine
        self.process: subprocess.Popen[bytes] | None = None

    def _as_postgres(self, *args: str) -> list[str]:
        return ["runuser", "-u", "postgres", "--", *args]

    def initdb(self) -> None:
        self.data.mkdir(mode=0o700)
        shutil.chown(self.data, "postgres", "postgres")
        _run(
            *self._as_postgres(
                str(PG_BIN / "initdb"),
                "-D",
                str(self.data),
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            )
        )
        with (self.data / "pg_hba.conf").open("a") as hba:
            hba.write(f"host all all {self.network.subnet}.0/24 trust\n")
            hba.write(f"host replication all {self.network.subnet}.0/24 trust\n")

    def basebackup_from(self, primary: Postgres) -> None:
        """A streaming replica of ``primary`` (``-R``: it starts as a standby)."""
        self.data.mkdir(mode=0o700)
        shutil.chown(self.data, "postgres", "postgres")
        _run(
            *self.network.inside(self.machine),
            *self._as_postgres(
                str(PG_BIN / "pg_basebackup"),
                "-h", primary.address, "-p", str(PG_PORT), "-U", "postgres",
                "-D", str(self.data), "-R", "-X", "stream", "--checkpoint=fast",
            ),
        )  # fmt: skip

    def start(self, *settings: str) -> None:
        """Start the server; ``settings`` are ``name=value`` for this run only (on
        the command line, so a base backup of this server does not inherit them)."""
        # The socket outside the data folder: a base backup would copy its lock file.
        sockets = self.data.parent / f"{self.machine}-socket"
        sockets.mkdir(exist_ok=True)
        shutil.chown(sockets, "postgres", "postgres")
        options = [f"listen_addresses={self.address}", f"unix_socket_directories={sockets}"]
        options += ["max_connections=200", "wal_level=replica", *settings]
        command = [str(PG_BIN / "postgres"), "-D", str(self.data)]
        for option in options:
            command += ["-c", option]
        with open(self.data.parent / f"{self.machine}.log", "ab") as log:  # the child's copy
            self.process = subprocess.Popen(
                [*self.network.inside(self.machine), *self._as_postgres(*command)],
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        self.wait_ready()

    def wait_ready(self, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        ready = [str(PG_BIN / "pg_isready"), "-q", "-h", self.address, "-U", "postgres"]
        while subprocess.run(ready, check=False).returncode != 0:
            if time.monotonic() > deadline:
                raise RuntimeError(f"PostgreSQL on {self.address} did not become ready")
            time.sleep(0.1)

    def psql(self, sql: str, database: str = "postgres") -> str:
        return _run(
            str(PG_BIN / "psql"), "-h", self.address, "-U", "postgres", "-d", database,
            "-Atqc", sql,
        ).stdout.strip()  # fmt: skip

    def stop_immediately(self) -> None:
        """``pg_ctl stop -m immediate``: no checkpoint, as if the machine died."""
        self.pg_ctl("stop", "-m", "immediate")
        if self.process is not None:
            self.process.wait()
            self.process = None

    def promote(self) -> None:
        self.pg_ctl("promote", "-w")

    def pg_ctl(self, action: str, *args: str) -> None:
        _run(*self._as_postgres(str(PG_BIN / "pg_ctl"), action, "-D", str(self.data), *args))

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(RuntimeError):
                self.pg_ctl("stop", "-m", "fast")
            self.process.wait()


NGINX_CONF = """
# The load balancer of the cluster test, as docs/operations.md sets it up. A POST is
# never sent to a second host once sent to one (nginx's default for non-idempotent
# methods: no "non_idempotent" in proxy_next_upstream), so nginx never stores a
# submission twice; a host that refuses the connection (dead) is skipped for any
# request, since nothing was sent to it yet. No kept-alive connections to the hosts:
# on one left over from a dead host a POST would be "sent" to it and then fail (a
# 502 for a request the host never saw); a fresh connection is refused instead,
# and the request goes to the other host. Uploads are streamed to the host
# (proxy_request_buffering off), so their plaintext never lands on nginx's disk.
daemon off;
master_process on;
worker_processes 1;
user root root;
pid {base}/nginx.pid;
error_log {base}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {base}/body;
    proxy_temp_path {base}/proxy;
    fastcgi_temp_path {base}/fastcgi;
    uwsgi_temp_path {base}/uwsgi;
    scgi_temp_path {base}/scgi;
    client_max_body_size {max_body};
    proxy_request_buffering off;
    proxy_set_header Host $http_host;
    proxy_connect_timeout 2s;
    proxy_read_timeout 300s;
    proxy_next_upstream error timeout;
    proxy_next_upstream_tries 2;
    # Which host answered: for the test's figures only (never in production).
    add_header X-Upstream $upstream_addr always;
    upstream desk {{
{servers}
    }}
    upstream desk_one {{
        server {first}:{app_port} max_fails=1 fail_timeout=5s;
    }}
    server {{
        listen {listen}:{lb_port};
        location / {{ proxy_pass http://desk; }}
    }}
    server {{
        listen {listen}:{single_port};
        location / {{ proxy_pass http://desk_one; }}
    }}
}}
"""


class Nginx:
    def __init__(self, base: Path, listen: str, hosts: list[str]) -> None:
        self.base = base / "nginx"
        self.base.mkdir()
        servers = "\n".join(
            f"        server {host}:{APP_PORT} max_fails=1 fail_timeout=5s;" for host in hosts
        )
        self.conf = self.base / "nginx.conf"
        self.conf.write_text(
            NGINX_CONF.format(
                base=self.base,
                max_body="600m",
                servers=servers,
                first=hosts[0],
                app_port=APP_PORT,
                listen=listen,
                lb_port=LB_PORT,
                single_port=SINGLE_LB_PORT,
            )
        )
        self.listen = listen
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [str(NGINX), "-c", str(self.conf), "-p", str(self.base)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        _wait_for_port(self.listen, LB_PORT, seconds=10, what="nginx")

    def close(self) -> None:
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait()


@dataclass
class Host:
    """One app host (gunicorn) or the background worker, in its own namespace."""

    machine: str
    address: str
    data: Path
    command: list[str]
    process: subprocess.Popen[bytes] | None = None
    log: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log = self.data.parent / f"{self.machine}.log"


class Cluster:
    """Start with ``start()``, stop with ``close()`` (also after a failure)."""

    def __init__(
        self,
        *,
        hosts: int = 2,
        workers: int = 2,
        storage: str = DEFAULT_FILE_STORAGE,
        replica: bool = False,
        pin: bool = False,
        extra_env: dict[str, str] | None = None,
    ) -> None:
        if storage not in FILE_STORAGES:
            raise ValueError(f"file storage is one of {FILE_STORAGES}")
        # Under /tmp, not a test's tmp_path: the postgres user must reach its folder.
        self.base = Path(tempfile.mkdtemp(prefix="rapporteur-cluster-"))
        self.base.chmod(0o755)
        self.shared = self.base / "shared-files"  # the folder every host mounts
        # Each host's RAM folder for uploads, on tmpfs as the desk's check asks.
        self.ram = Path(tempfile.mkdtemp(prefix="rapporteur-cluster-", dir="/dev/shm"))
        self.network = Network()
        self.storage = storage
        self.workers = workers
        self.pin = pin
        self.host_count = hosts
        self.extra_env = extra_env or {}
        self.secret_key = secrets.token_urlsafe(50)
        self.primary = Postgres(self.network, "db", self.base)
        self.replica = Postgres(self.network, "db2", self.base) if replica else None
        self.hosts: list[Host] = []
        self.worker: Host | None = None
        self.nginx: Nginx | None = None

    # --- the database's address, as every process of the desk reads it ---------------

    def database_url(self) -> str:
        """libpq's multi-host form when there is a replica: each connection tries the
        servers in turn and keeps the one that takes writes, so after a failover the
        hosts reconnect to the promoted replica without a restart."""
        if self.replica is None:
            return f"postgres://postgres@{self.primary.address}:{PG_PORT}/{DATABASE}"
        hosts = f"{self.primary.address},{self.replica.address}"
        return (
            f"postgres://postgres@{hosts}/{DATABASE}"
            "?target_session_attrs=read-write&connect_timeout=2"
        )

    def env(self, data: Path) -> dict[str, str]:
        """The same settings on every host: database, secret key, file store."""
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("RAPPORTEUR_", "DJANGO_"))
        }
        env.update(
            DJANGO_SETTINGS_MODULE="rapporteur.settings",
            RAPPORTEUR_MODE="production",
            RAPPORTEUR_SECRET_KEY=self.secret_key,
            RAPPORTEUR_ALLOWED_HOSTS=self.network.gateway,
            RAPPORTEUR_SSL_REDIRECT="false",
            RAPPORTEUR_DATABASE_URL=self.database_url(),
            RAPPORTEUR_DATA_DIR=str(data),
            RAPPORTEUR_INTAKE_RAM_DIR=str(self.ram_for(data)),
            RAPPORTEUR_INTAKE_FILE_STORE=str(self.shared / "intake-files"),
            RAPPORTEUR_CASES_FILE_STORE=str(self.shared / "case-files"),
            RAPPORTEUR_COMMUNICATIONS_FILE_STORE=str(self.shared / "reply-files"),
            # The store's free-space guard reads the machine's disk, shared by others.
            RAPPORTEUR_INTAKE_MIN_FREE_MB="64",
            RAPPORTEUR_INTAKE_MIN_FREE_TEXT_MB="16",
            **self.extra_env,
        )
        if self.storage == "database":
            env["RAPPORTEUR_FILE_STORAGE"] = "database"
        return env

    def ram_for(self, data: Path) -> Path:
        ram = self.ram / data.name
        ram.mkdir(mode=0o700, exist_ok=True)
        return ram

    def manage(self, *args: str, stdin: str | None = None) -> str:
        """A management command against the cluster's database, from the bridge."""
        data = self.base / "admin"
        data.mkdir(exist_ok=True)
        return _run(
            sys.executable, str(ROOT / "manage.py"), *args,
            env=self.env(data), cwd=ROOT, input=stdin,
        ).stdout  # fmt: skip

    # --- start and stop -------------------------------------------------------------

    def start(self) -> None:
        self.primary.initdb()
        self.primary.start("synchronous_commit=on")
        self.primary.psql(f"CREATE DATABASE {DATABASE}")
        if self.replica is not None:
            self.replica.basebackup_from(self.primary)
            self.replica.start()
            # Only now, and on the primary only (its postgresql.auto.conf, after the
            # base backup): a commit would wait for a standby that does not exist
            # yet, and the promoted replica must not wait for one of its own.
            self.primary.psql("ALTER SYSTEM SET synchronous_standby_names = '*'")
            self.primary.psql("SELECT pg_reload_conf()")
            self._wait_for_sync_standby()
        addresses = [self.network.add(f"app{i + 1}") for i in range(self.host_count)]
        self.nginx = Nginx(self.base, self.network.gateway, addresses)
        self.hosts = [self._app_host(index, address) for index, address in enumerate(addresses)]
        # The hosts boot (collectstatic, gunicorn) while the schema is made: they
        # touch the database only at their first request, sent after both are done.
        for host in self.hosts:
            self.launch(host)
        self.manage("migrate", "--verbosity", "0")
        self.manage("shell", "-c", _SETUP.format(password=PASSWORD))
        self.worker = self._worker_host()  # it queues the periodic jobs at its start
        self.launch(self.worker)
        for host in self.hosts:
            _wait_for_port(host.address, APP_PORT, seconds=90, what=host.machine)
        self.nginx.start()
        self.warm_up()

    def warm_up(self) -> None:
        """Every worker of every host serves a form page before anything is measured:
        a worker loads the URLs, views and templates at its first request (seconds)."""

        def fetch(address: str) -> None:
            with contextlib.suppress(OSError, http.client.HTTPException):
                conn = http.client.HTTPConnection(address, APP_PORT, timeout=120)
                conn.request("GET", "/submit/", headers={"Host": self.network.gateway})
                conn.getresponse().read()
                conn.close()

        for _round in range(2):  # a busy worker leaves the next connection to another
            threads = [
                threading.Thread(target=fetch, args=(host.address,))
                for host in self.hosts
                for _ in range(self.workers)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()

    def _wait_for_sync_standby(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.primary.psql("SELECT sync_state FROM pg_stat_replication") == "sync":
                return
            time.sleep(0.2)
        raise RuntimeError("the replica did not become a synchronous standby")

    def _app_host(self, index: int, address: str) -> Host:
        machine = f"app{index + 1}"
        data = self.base / machine
        command = [
            sys.executable, str(ROOT / "manage.py"), "serve",
            "--bind", f"{address}:{APP_PORT}", "--workers", str(self.workers),
        ]  # fmt: skip
        if self.pin:  # one host = one core (of those this machine has)
            command = ["taskset", "-c", str(index % (os.cpu_count() or 1)), *command]
        return Host(machine, address, data, command)

    def _worker_host(self) -> Host:
        address = self.network.add("worker")
        data = self.base / "worker"
        command = [sys.executable, str(ROOT / "manage.py"), "db_worker", "--no-reload"]
        return Host("worker", address, data, command)

    def launch(self, host: Host) -> None:
        host.data.mkdir(exist_ok=True, mode=0o700)
        with open(host.log, "ab") as log:  # the child keeps its own copy
            host.process = subprocess.Popen(
                [*self.network.inside(host.machine), *host.command],
                env=self.env(host.data),
                cwd=ROOT,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )

    def kill(self, host: Host) -> None:
        """SIGKILL to the host's every process (gunicorn's master and workers):
        no clean-up code runs, as when a machine dies."""
        kill_group(host.process)
        host.process = None

    def restart(self, host: Host) -> None:
        self.kill(host)
        self.launch(host)
        if host in self.hosts:
            _wait_for_port(host.address, APP_PORT, seconds=60, what=host.machine)

    def logs(self) -> str:
        """The end of every log, to show when something failed."""
        parts = []
        for path in [*sorted(self.base.glob("*.log")), self.base / "nginx" / "nginx-error.log"]:
            if path.exists():
                parts.append(f"--- {path.name}\n{path.read_text(errors='replace')[-3000:]}")
        return "\n".join(parts)

    def close(self) -> None:
        for host in [*self.hosts, *([self.worker] if self.worker else [])]:
            stop_group(host.process)
        if self.nginx is not None:
            self.nginx.close()
        for server in (self.replica, self.primary):
            if server is not None:
                server.close()
        self.network.close()
        shutil.rmtree(self.base, ignore_errors=True)
        shutil.rmtree(self.ram, ignore_errors=True)
