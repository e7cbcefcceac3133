"""The database servers of db_servers.py and the three ODBC drivers work on this machine.

Rows are written with each database's own CLI (psql, mariadb, sqlite3) and read back through
unixODBC with `isql -k` (SQLDriverConnect with the same connection strings the plugin's tests
use), so a failure here is about the environment, not about connectd."""

import os
import shutil
import socket
import subprocess
import unittest

from db_servers import PG_BIN, MariaDbServer, PostgresServer, SqliteDb
from harness import ConnectdTestCase

TEXT = "café ☕"


def require(*programs):
    for program in programs:
        if shutil.which(program) is None and not os.path.exists(program):
            raise unittest.SkipTest(f"{program} is not installed (sh packaging/install-deps.sh --test)")


class DbServersTest(ConnectdTestCase):

    def start_server(self, server):
        """Starts server; the test case stops it at the end and prints its log on failure."""
        server.start()
        self._processes.append(server)
        return server

    def isql(self, connection_string, sql):
        """Runs one SQL statement through unixODBC's isql; returns (exit code, stdout, stderr).

        isql crashes when HOME is unset (it is isql, not libodbc), hence the default."""
        env = dict(os.environ)
        env.setdefault("HOME", self.tmp)
        env.setdefault("LANG", "C.UTF-8")
        result = subprocess.run(["isql", "-b", "-d,", "-v", "-k", connection_string],
                                input=(sql + "\n").encode("utf-8"), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, timeout=60, env=env)
        return result.returncode, result.stdout.decode("utf-8"), result.stderr.decode("utf-8")

    def assert_isql_rows(self, connection_string, sql, expected_lines):
        rc, out, err = self.isql(connection_string, sql)
        self.assertEqual(rc, 0, f"isql failed: {out}{err}")
        self.assertEqual(out.splitlines(), expected_lines)

    def test_postgres_row_written_by_psql_reads_back_through_odbc(self):
        require(os.path.join(PG_BIN, "postgres"), "psql", "isql")
        pg = self.start_server(PostgresServer(self.tmp))
        self.assertEqual(pg.psql("SHOW wal_level; SHOW server_encoding; SHOW max_replication_slots"),
                         "logical\nUTF8\n10\n")
        db = pg.create_database("it_db")
        pg.psql(f"CREATE TABLE greeting (id INT PRIMARY KEY, txt TEXT NOT NULL);"
                f"INSERT INTO greeting VALUES (1, '{TEXT}');", db=db)
        self.assertEqual(pg.psql("SELECT id, txt, octet_length(txt) FROM greeting", db=db), f"1|{TEXT}|9\n")
        self.assertEqual(pg.odbc_string(db),
                         f"Driver={{PostgreSQL Unicode}};Server=127.0.0.1;Port={pg.port};Database=it_db;Uid=postgres;")
        self.assertEqual(pg.jdbc_url(db), f"jdbc:postgresql://127.0.0.1:{pg.port}/it_db")
        self.assert_isql_rows(pg.odbc_string(db), "SELECT id, txt FROM greeting", [f"1,{TEXT}"])

    def test_postgres_restart_on_the_same_port_keeps_the_data(self):
        require(os.path.join(PG_BIN, "postgres"), "psql", "isql")
        pg = self.start_server(PostgresServer(self.tmp))
        port, first_pid = pg.port, pg.pid
        pg.psql("CREATE TABLE kept (id INT); INSERT INTO kept VALUES (7);")
        pg.stop()
        self.assertFalse(pg.running())
        with self.assertRaises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
        rc, out, err = self.isql(pg.odbc_string(), "SELECT id FROM kept")
        self.assertNotEqual(rc, 0, "an ODBC connection to a stopped server must fail")
        pg.start()
        self.assertEqual(pg.port, port)
        self.assertNotEqual(pg.pid, first_pid)
        self.assertEqual(pg.psql("SELECT id FROM kept"), "7\n")
        pg.stop_for(0.5)
        self.assertEqual(pg.port, port)
        self.assert_isql_rows(pg.odbc_string(), "SELECT id FROM kept", ["7"])

    def test_mariadb_row_written_by_the_cli_reads_back_through_odbc_with_a_password(self):
        require("mariadbd", "mariadb-install-db", "mariadb", "isql")
        maria = self.start_server(MariaDbServer(self.tmp))
        db = maria.create_database("it_db")
        maria.create_user("connect_user", "s3cret;pw")
        maria.sql(f"CREATE TABLE greeting (id INT PRIMARY KEY, txt VARCHAR(40) NOT NULL);"
                  f"INSERT INTO greeting VALUES (1, '{TEXT}');", db=db, user="connect_user", password="s3cret;pw")
        self.assertEqual(maria.sql("SELECT id, txt, octet_length(txt) FROM greeting", db=db), f"1\t{TEXT}\t9\n")
        self.assertEqual(maria.jdbc_url(db), f"jdbc:mysql://127.0.0.1:{maria.port}/it_db")
        self.assertEqual(maria.odbc_string(db, "connect_user", "s3cret;pw"),
                         f"Driver={{MariaDB Unicode}};Server=127.0.0.1;Port={maria.port};Database=it_db;"
                         "Uid=connect_user;Pwd={s3cret;pw};")
        self.assert_isql_rows(maria.odbc_string(db, "connect_user", "s3cret;pw"),
                              "SELECT id, txt FROM greeting", [f"1,{TEXT}"])
        rc, out, err = self.isql(maria.odbc_string(db, "connect_user", "wrong"), "SELECT 1")
        self.assertNotEqual(rc, 0)
        self.assertIn("Access denied for user 'connect_user'", out + err)
        maria.stop()
        maria.start()
        self.assertEqual(maria.sql("SELECT txt FROM greeting", db=db), f"{TEXT}\n")

    def test_sqlite_row_written_by_the_cli_reads_back_through_odbc(self):
        require("sqlite3", "isql")
        lite = SqliteDb(self.path("it.db"))
        lite.sql(f"CREATE TABLE greeting (id INTEGER PRIMARY KEY, txt TEXT NOT NULL);"
                 f"INSERT INTO greeting VALUES (1, '{TEXT}');")
        self.assertEqual(lite.sql("SELECT id, txt, length(CAST(txt AS BLOB)) FROM greeting"), f"1|{TEXT}|9\n")
        self.assertEqual(lite.jdbc_url(), "jdbc:sqlite:" + self.path("it.db"))
        self.assert_isql_rows(lite.odbc_string(), "SELECT id, txt FROM greeting", [f"1,{TEXT}"])


if __name__ == "__main__":
    unittest.main()
