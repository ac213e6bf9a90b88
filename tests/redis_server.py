"""A private `redis-server` for tests that take Redis away: stop it, pause it, freeze it.

The shared Redis of a test run (REDIS_URL) must never be stopped or paused: other tests and
other people use it. A test that needs an outage starts its own server here, on a spare port
(WARDSEC_TEST_REDIS_PORTS, e.g. "6401-6409"; 6400-6499 by default; in a parallel run each test
process takes its own slice of the range), with no persistence, and the fixture kills it
afterwards.

- `stop()` kills the process: connections are refused at once (Redis stopped).
- `pause()` sends `CLIENT PAUSE <ms> ALL`: connections are accepted but no command answers
  (Redis hung); `freeze()` sends SIGSTOP, the same seen from the network.
- `start()` brings a stopped server back on the same port; `resume()` ends a pause or a freeze.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import redis

from wardsec import env

DEFAULT_PORTS = "6400-6499"
START_TIMEOUT = 10.0


def redis_server_binary() -> str | None:
    return shutil.which("redis-server")


def _port_range() -> range:
    """This process's ports: its own slice of the range in a parallel run (`make test`), so that
    a server stopped by one test process is never restarted on a port another one took since."""
    low, _, high = os.environ.get("WARDSEC_TEST_REDIS_PORTS", DEFAULT_PORTS).partition("-")
    ports = range(int(low), int(high or low) + 1)
    index, count = env.parallel_test_process()
    share = len(ports) // count
    if not share:
        raise RuntimeError(f"{len(ports)} ports in WARDSEC_TEST_REDIS_PORTS for {count} processes")
    return ports[index * share : (index + 1) * share]


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # As redis-server binds: the connections of a server killed a moment ago (TIME_WAIT,
        # a minute) do not hold its port, a listening server does.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


class RedisServer:
    """One redis-server process on 127.0.0.1, owned by the test that started it."""

    def __init__(self, binary: str):
        self.binary = binary
        self.port = 0
        self.process: subprocess.Popen | None = None
        self.frozen = False
        self._dir = Path(tempfile.mkdtemp(prefix="wardsec-redis-"))

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port, socket_timeout=2, socket_connect_timeout=2)

    def start(self) -> RedisServer:
        """Start on the same port as before, or on the first spare port of the range."""
        ports = [self.port] if self.port else [p for p in _port_range() if _port_is_free(p)]
        for port in ports:
            if self._start_on(port):
                return self
        raise RuntimeError(f"no spare port for redis-server in {_port_range()}")

    def _start_on(self, port: int) -> bool:
        log = (self._dir / "redis.log").open("ab")
        self.process = subprocess.Popen(  # noqa: S603 - a fixed binary and our own arguments
            [
                self.binary,
                "--port", str(port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--dir", str(self._dir),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.port = port
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:  # the port was taken meanwhile
                return False
            with contextlib.suppress(redis.RedisError):
                if self.client().ping():
                    return True
            time.sleep(0.02)
        self.stop()
        return False

    def stop(self) -> None:
        """Kill the server: from now on connections are refused."""
        if self.process is None:
            return
        if self.frozen:
            self.process.send_signal(signal.SIGCONT)
            self.frozen = False
        self.process.kill()
        self.process.wait(timeout=10)
        self.process = None

    def pause(self, milliseconds: int = 10_000) -> None:
        """Hang every client: connections open, commands never answer (until `resume`)."""
        self.client().execute_command("CLIENT", "PAUSE", milliseconds, "ALL")

    def freeze(self) -> None:
        """SIGSTOP: the process stops answering anything, as a hung host would."""
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)
        self.frozen = True

    def resume(self) -> None:
        if self.frozen:
            assert self.process is not None
            self.process.send_signal(signal.SIGCONT)
            self.frozen = False
        else:
            self.client().execute_command("CLIENT", "UNPAUSE")

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self._dir, ignore_errors=True)
