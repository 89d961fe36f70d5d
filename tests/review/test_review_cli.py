"""``textmine review``: prints its URL, serves on the loopback, refuses a non-local host unless given with --host,
stops cleanly on Ctrl-C, and says which extra to install when Starlette is missing."""

import signal
import socket
import subprocess
import sys

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from textmine.errors import ConfigError, DependencyError  # noqa: E402
from textmine.review import create_app, serve  # noqa: E402
from textmine.review._serve import is_local_host  # noqa: E402

from _review_server import TEXTMINE, free_port, start, wait_ready  # noqa: E402


def test_serves_on_the_loopback_and_stops_on_ctrl_c(review_out):
    port = free_port()
    proc, url = start(review_out, "--port", str(port))
    try:
        assert url == f"http://127.0.0.1:{port}/"
        r = wait_ready(url + "api/themes")
        assert r.status_code == 200 and r.json()["themes"]
        assert "textmine review" in wait_ready(url).text
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            code = proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    err = proc.stderr.read()
    assert code in (0, 130), err
    assert "stopped" in proc.stdout.read()
    assert "Traceback" not in err


def test_a_non_local_host_needs_to_be_given_explicitly(review_out):
    assert is_local_host("127.0.0.1") and is_local_host("::1") and is_local_host("localhost")
    assert not is_local_host("0.0.0.0") and not is_local_host("192.168.1.5")
    with pytest.raises(ConfigError, match="pass --host 0.0.0.0 explicitly"):
        serve(review_out, host="0.0.0.0", port=free_port(), echo=lambda s: None)
    # given explicitly (the CLI's --host), it is served, and accepts other Host headers
    port = free_port()
    proc, url = start(review_out, "--host", "0.0.0.0", "--port", str(port))
    try:
        assert url == f"http://0.0.0.0:{port}/"
        assert wait_ready(f"http://127.0.0.1:{port}/api/themes").status_code == 200
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)


def test_a_busy_port_and_a_missing_folder_are_one_line_errors(review_out, tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        r = subprocess.run([str(TEXTMINE), "review", str(review_out), "--port", str(port)], capture_output=True,
                           text=True, timeout=120)
    assert r.returncode == 1 and r.stderr.count("\n") == 1
    assert r.stderr.startswith(f"error: cannot listen on 127.0.0.1:{port}")
    r = subprocess.run([str(TEXTMINE), "review", str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and "is not a textmine analyze output folder" in r.stderr
    assert r.stderr.count("\n") == 1


def test_without_starlette_it_names_the_extra(review_out, monkeypatch):
    monkeypatch.setitem(sys.modules, "starlette", None)
    with pytest.raises(DependencyError, match=r"pip install 'textmine\[review\]'"):
        create_app(review_out)
