"""Real database servers for integration tests and benchmarks: PostgreSQL 15, MariaDB 10.11, SQLite.

Each server lives in a directory of the caller's temporary directory, listens on 127.0.0.1 on a
port picked at runtime, and is one child process of the caller, stopped by its pid. Use either
form:

    with PostgresServer(self.tmp) as pg:            # started on enter, stopped on exit
        pg.psql("CREATE TABLE t (id INT)")

    pg = PostgresServer(self.tmp).start()           # explicit; stop() is safe to call twice
    self.addCleanup(pg.stop)                        # stopped when the test ends, pass or fail

Every server also has an atexit safety net (like harness.py's), and `argv`, `stdout_path`,
`stderr_path` and `kill()` like harness.ManagedProcess, so a ConnectdTestCase may put it in its
process list to get its log printed when the test fails.

Servers refuse to run as root: when the tests run as root (CI, containers) they run as the system
users the Debian packages create (`postgres`, `mysql`); otherwise as the current user. The
caller's directory is made traversable (o+x) for that user. Unix sockets go into a short
directory under /tmp of their own (socket paths are limited to 107 bytes), removed at each stop;
clients here use TCP. Results are checked through the databases' own CLIs (psql, mariadb,
sqlite3), never through the code under test. Single-threaded use: call from the test's thread.
Failures raise DbServerError with the command, its output and the server log's tail.
"""

import atexit
import os
import pwd
import shutil
import signal
import socket
import stat
import subprocess
import tempfile
import time

PG_BIN = os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin")
READY_TIMEOUT = 60.0
STOP_TIMEOUT = 30.0
CLI_TIMEOUT = 120.0

_live_servers = set()


def _stop_leftovers():
    """Last resort at interpreter exit: no server may outlive the test run."""
    for server in list(_live_servers):
        server.kill()


atexit.register(_stop_leftovers)


class DbServerError(Exception):
    """A server did not start or stop, or a CLI command failed."""


def free_port():
    """A TCP port that was free a moment ago on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def odbc_value(text):
    """A connection-string attribute value: braced (with '}' doubled) when it holds ; { } or
    surrounding spaces, as ODBC's SQLDriverConnect grammar requires."""
    if any(c in text for c in ";{}") or text != text.strip():
        return "{" + text.replace("}", "}}") + "}"
    return text


def _tail(path, chars=4000):
    try:
        with open(path, "r", encoding="utf-8", errors="replace") as f:
            return f.read()[-chars:]
    except FileNotFoundError:
        return ""


def _run_cli(argv, input_text=None, timeout=CLI_TIMEOUT, env=None):
    """Runs a client CLI; returns its stdout (str); raises DbServerError naming the command."""
    result = subprocess.run(argv, input=None if input_text is None else input_text.encode("utf-8"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout,
                            env=None if env is None else {**os.environ, **env})
    if result.returncode != 0:
        raise DbServerError(f"{' '.join(argv)} exited with {result.returncode}:\n"
                            f"{result.stderr.decode('utf-8', 'replace')}"
                            f"{result.stdout.decode('utf-8', 'replace')}\ninput:\n{input_text}")
    return result.stdout.decode("utf-8")


class _ServiceAccount:
    """Who runs a server: the named system user when we are root, else ourselves."""

    def __init__(self, system_user):
        self.as_root = os.geteuid() == 0
        if self.as_root:
            try:
                entry = pwd.getpwnam(system_user)
            except KeyError:
                raise DbServerError(f"user {system_user!r} does not exist; install the server package "
                                    "(sh packaging/install-deps.sh --test)")
            self.name, self.uid, self.gid = system_user, entry.pw_uid, entry.pw_gid
        else:
            self.name, self.uid, self.gid = pwd.getpwuid(os.geteuid()).pw_name, os.geteuid(), os.getegid()

    def popen_user(self):
        """Keyword arguments for subprocess that switch to this account (none when not root)."""
        return {"user": self.uid, "group": self.gid, "extra_groups": []} if self.as_root else {}

    def own_dir(self, path):
        """Creates path (mode 0700) owned by this account; its parent must exist."""
        os.mkdir(path, 0o700)
        self.give(path)

    def give(self, path):
        if self.as_root:
            os.chown(path, self.uid, self.gid)

    def make_reachable(self, path):
        """Lets this account traverse into path: adds o+x to it, checks its ancestors have it."""
        if not self.as_root:
            return
        path = os.path.abspath(path)
        os.chmod(path, os.stat(path).st_mode | stat.S_IXOTH)
        parent = os.path.dirname(path)
        while parent != os.path.dirname(parent):
            if not os.stat(parent).st_mode & stat.S_IXOTH:
                raise DbServerError(f"{parent} is not traversable by user {self.name} (needs o+x); "
                                    "put the server's directory under /tmp")
            parent = os.path.dirname(parent)


class _ServerProcess:
    """The server process's lifecycle; subclasses give the command line and the readiness probe."""

    name = "server"
    setup_as_service_user = True  # False when the setup command switches user itself

    def __init__(self):
        self.proc = None
        self.argv = []
        self.socket_dir = None
        self._initialized = False

    # -- for subclasses
    def _setup_argv(self):
        """The command that creates the data directory, run once before the first start."""
        raise NotImplementedError

    def _server_argv(self):
        raise NotImplementedError

    def _answers(self):
        """True once the server accepts queries."""
        raise NotImplementedError

    def _stop_signal(self):
        return signal.SIGTERM

    # -- lifecycle
    def start(self, timeout=READY_TIMEOUT):
        """Starts the server (on the same port and data as before after a stop()) and waits until
        it answers queries; returns self."""
        if self.running():
            return self
        if not self._initialized:
            self._initialize()
        # A Unix socket path may hold 107 bytes and test directories are long: each run of the
        # server gets a short directory of its own for its socket, removed when it stops.
        self.socket_dir = tempfile.mkdtemp(prefix=f"{self.name}-", dir="/tmp")
        self.account.give(self.socket_dir)
        self.argv = self._server_argv()
        with open(self.stdout_path, "ab") as out, open(self.stderr_path, "ab") as err:
            self.proc = subprocess.Popen(self.argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                         cwd=self.dir, **self.account.popen_user())
        _live_servers.add(self)
        deadline = time.monotonic() + timeout
        while not self._answers():
            if self.proc.poll() is not None:
                code = self.proc.returncode
                self._forget()
                raise DbServerError(f"{self.name} exited with {code} while starting; log:\n"
                                    f"{_tail(self.stderr_path)}")
            if time.monotonic() > deadline:
                self.kill()
                raise DbServerError(f"{self.name} on port {self.port} not ready after {timeout:.0f}s; "
                                    f"log:\n{_tail(self.stderr_path)}")
            time.sleep(0.1)
        return self

    def _initialize(self):
        self.account.make_reachable(os.path.dirname(self.dir))
        self.account.own_dir(self.dir)
        argv = self._setup_argv()
        as_user = self.account.popen_user() if self.setup_as_service_user else {}
        result = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=self.dir,
                                timeout=CLI_TIMEOUT, **as_user)
        if result.returncode != 0:
            raise DbServerError(f"{' '.join(argv)} exited with {result.returncode}:\n"
                                f"{result.stdout.decode('utf-8', 'replace')}")
        self._initialized = True

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    @property
    def pid(self):
        return None if self.proc is None else self.proc.pid

    def stop(self, timeout=STOP_TIMEOUT):
        """Orderly shutdown, SIGKILL if it takes longer than timeout. Safe to call when stopped."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(self._stop_signal())
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._forget()

    def kill(self):
        """SIGKILL (a crash, as far as the database can tell). Safe to call when stopped."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._forget()

    def stop_for(self, seconds):
        """Stops the server, keeps it down for `seconds`, starts it again on the same port and data."""
        self.stop()
        time.sleep(seconds)
        return self.start()

    def _forget(self):
        _live_servers.discard(self)
        if self.socket_dir:
            shutil.rmtree(self.socket_dir, ignore_errors=True)
            self.socket_dir = None

    def log(self):
        return _tail(self.stderr_path, 1 << 20)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        return False


def _postgres_knows(setting):
    """Whether this PostgreSQL build has the server setting (minor releases add some)."""
    described = subprocess.run([os.path.join(PG_BIN, "postgres"), "--describe-config"], capture_output=True)
    return any(line.split("\t", 1)[0] == setting for line in described.stdout.decode(errors="replace").splitlines())


class PostgresServer(_ServerProcess):
    """PostgreSQL 15 with logical decoding enabled, trust authentication, superuser `postgres`.

    tmpdir: an existing directory; the cluster goes into tmpdir/postgres/ (initdb on the first
    start). `settings` adds or overrides server settings (-c name=value)."""

    name = "postgres"
    host = "127.0.0.1"
    dbname = "postgres"
    user = "postgres"

    def __init__(self, tmpdir, port=None, settings=None):
        super().__init__()
        self.account = _ServiceAccount("postgres")
        self.dir = os.path.join(os.path.abspath(tmpdir), "postgres")
        self.datadir = os.path.join(self.dir, "data")
        self.stdout_path = os.path.join(tmpdir, "postgres.stdout")
        self.stderr_path = os.path.join(tmpdir, "postgres.log")
        self.port = port or free_port()
        self.settings = {
            "listen_addresses": "127.0.0.1",
            "wal_level": "logical",
            "max_replication_slots": "10",
            "max_wal_senders": "10",
            "fsync": "off",
            "full_page_writes": "off",
            "max_wal_size": "2GB",
        }
        if _postgres_knows("output_plugin_libraries"):
            # PostgreSQL 15.20 and later only decode with output plugins this setting trusts.
            self.settings["output_plugin_libraries"] = "pgoutput,test_decoding,wal2json"
        self.settings.update(settings or {})

    def _setup_argv(self):
        return [os.path.join(PG_BIN, "initdb"), "-D", self.datadir, "-U", self.user, "-A", "trust",
                "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions"]

    def _server_argv(self):
        argv = [os.path.join(PG_BIN, "postgres"), "-D", self.datadir, "-p", str(self.port),
                "-k", self.socket_dir]
        for key, value in self.settings.items():
            argv += ["-c", f"{key}={value}"]
        return argv

    def _answers(self):
        probe = subprocess.run([os.path.join(PG_BIN, "pg_isready"), "-q", "-h", self.host, "-p", str(self.port),
                                "-U", self.user, "-d", self.dbname, "-t", "1"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return probe.returncode == 0

    def _stop_signal(self):
        return signal.SIGINT  # "fast" shutdown: rolls back open transactions, ends replication

    def jdbc_url(self, db=None):
        return f"jdbc:postgresql://{self.host}:{self.port}/{db or self.dbname}"

    def odbc_string(self, db=None):
        return (f"Driver={{PostgreSQL Unicode}};Server={self.host};Port={self.port};"
                f"Database={db or self.dbname};Uid={self.user};")

    def psql_argv(self, db=None):
        """psql connected to db (unaligned, tuples only, no psqlrc, stops at the first error);
        append -c SQL or feed SQL on stdin."""
        return [os.path.join(PG_BIN, "psql"), "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1",
                "-h", self.host, "-p", str(self.port), "-U", self.user, "-d", db or self.dbname]

    def psql(self, sql, db=None, timeout=CLI_TIMEOUT):
        """Runs SQL (any number of statements) through psql; returns stdout: one line per row,
        columns separated by '|'."""
        return _run_cli(self.psql_argv(db), input_text=sql, timeout=timeout)

    def create_database(self, name):
        self.psql(f'CREATE DATABASE "{name}"')
        return name


class MariaDbServer(_ServerProcess):
    """MariaDB 10.11, utf8mb4 by default; root@127.0.0.1 has no password.

    tmpdir: an existing directory; the server goes into tmpdir/mariadb/ (mariadb-install-db on
    the first start)."""

    name = "mariadb"
    host = "127.0.0.1"
    setup_as_service_user = False  # mariadb-install-db --user switches itself

    def __init__(self, tmpdir, port=None):
        super().__init__()
        self.account = _ServiceAccount("mysql")
        self.dir = os.path.join(os.path.abspath(tmpdir), "mariadb")
        self.datadir = os.path.join(self.dir, "data")
        self.stdout_path = os.path.join(tmpdir, "mariadb.stdout")
        self.stderr_path = os.path.join(tmpdir, "mariadb.log")
        self.port = port or free_port()

    def _user_option(self):
        return [f"--user={self.account.name}"] if self.account.as_root else []

    def _setup_argv(self):
        # --no-defaults: /etc/mysql's config points at the system server's socket and directories.
        return (["mariadb-install-db", "--no-defaults"] + self._user_option() +
                [f"--datadir={self.datadir}", "--auth-root-authentication-method=normal", "--skip-test-db"])

    def _server_argv(self):
        # Started as root with --user, mariadbd switches user itself; its pid stays ours to stop.
        # skip-name-resolve: 127.0.0.1 clients match 'name'@'%' and never an account at 'localhost'.
        return (["mariadbd", "--no-defaults"] + self._user_option() +
                [f"--datadir={self.datadir}", f"--port={self.port}",
                 f"--socket={os.path.join(self.socket_dir, 'mariadbd.sock')}", f"--pid-file={os.path.join(self.dir, 'mariadbd.pid')}", "--bind-address=127.0.0.1",
                 "--skip-name-resolve", "--character-set-server=utf8mb4",
                 "--collation-server=utf8mb4_unicode_ci", "--innodb-flush-log-at-trx-commit=2",
                 "--innodb-doublewrite=0"])

    def _answers(self):
        probe = subprocess.run(self.cli_argv() + ["--connect-timeout=1", "-e", "SELECT 1"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return probe.returncode == 0

    def jdbc_url(self, db, subprotocol="mysql"):
        """jdbc:mysql://127.0.0.1:PORT/db (what Confluent's MySQL dialect users write)."""
        return f"jdbc:{subprotocol}://{self.host}:{self.port}/{db}"

    def odbc_string(self, db, user="root", password=None):
        text = (f"Driver={{MariaDB Unicode}};Server={self.host};Port={self.port};Database={db};"
                f"Uid={odbc_value(user)};")
        if password is not None:
            text += f"Pwd={odbc_value(password)};"
        return text

    def cli_argv(self, db=None, user="root", password=None):
        """The mariadb CLI over TCP (batch mode, no column names, utf8mb4); append -e SQL or feed
        SQL on stdin."""
        argv = ["mariadb", "--no-defaults", "-h", self.host, "-P", str(self.port), "-u", user,
                "--default-character-set=utf8mb4", "-N", "-B"]
        if password is not None:
            argv.append(f"--password={password}")
        if db:
            argv.append(db)
        return argv

    def sql(self, text, db=None, user="root", password=None, timeout=CLI_TIMEOUT):
        """Runs SQL statements through the mariadb CLI; returns stdout: one line per row,
        tab-separated, NULL as the text NULL (batch-mode escaping: \\t \\n \\\\)."""
        return _run_cli(self.cli_argv(db, user, password), input_text=text, timeout=timeout)

    def create_database(self, name):
        self.sql(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
        return name

    def create_user(self, name, password):
        """A user that may connect from 127.0.0.1 with this password and has every privilege."""
        quoted = password.replace("\\", "\\\\").replace("'", "\\'")
        self.sql(f"CREATE USER '{name}'@'%' IDENTIFIED BY '{quoted}';\n"
                 f"GRANT ALL PRIVILEGES ON *.* TO '{name}'@'%' WITH GRANT OPTION;\n")
        return name


class SqliteDb:
    """An SQLite database file (no server). The file is created by the first sql() call."""

    def __init__(self, path):
        self.path = os.path.abspath(path)

    def odbc_string(self):
        return f"Driver={{SQLite3}};Database={self.path};"

    def jdbc_url(self):
        return "jdbc:sqlite:" + self.path

    def sql(self, text, timeout=CLI_TIMEOUT):
        """Runs SQL statements through the sqlite3 CLI; returns stdout: one line per row, columns
        separated by '|'."""
        if shutil.which("sqlite3") is None:
            raise DbServerError("sqlite3 is not installed (sh packaging/install-deps.sh --test)")
        return _run_cli(["sqlite3", "-batch", "-bail", self.path], input_text=text, timeout=timeout)

    # Same shape as the servers, so a test can treat the three alike.
    def start(self):
        return self

    def stop(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
