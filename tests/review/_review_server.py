"""Start ``textmine review`` on a free loopback port and wait for it, with bounded waits."""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

TEXTMINE = Path(sys.executable).with_name("textmine")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(out, *args):
    """``textmine review OUT ARGS``; returns (process, URL printed) within a bounded wait."""
    proc = subprocess.Popen([str(TEXTMINE), "review", str(out), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    deadline = time.monotonic() + 120
    line = ""
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if "http://" in line or proc.poll() is not None:
            break
    m = re.search(r"http://\S+/", line)
    if not m:
        proc.kill()
        raise AssertionError(f"no URL printed: {line!r} {proc.stderr.read()[-500:]!r}")
    return proc, m.group(0)


def wait_ready(url: str, timeout: float = 60.0):
    import httpx

    deadline = time.monotonic() + timeout
    while True:
        try:
            return httpx.get(url, timeout=5)
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
