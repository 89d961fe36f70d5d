"""Serving the review app with uvicorn: loopback by default, a non-local host only when asked for explicitly."""

from __future__ import annotations

import ipaddress
import socket

from ..errors import ConfigError, require

__all__ = ["is_local_host", "serve"]


def is_local_host(host: str) -> bool:
    """True for loopback addresses and ``localhost``."""
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(out, *, host: str = "127.0.0.1", port: int = 8765, model=None, allow_remote: bool = False,
          echo=print) -> None:
    """Serve the review app over ``out`` until Ctrl-C. A host that is not the loopback needs ``allow_remote``
    (the CLI sets it when ``--host`` is given explicitly): the app has no login, only a CSRF token."""
    require("uvicorn", "textmine review", "review")
    import uvicorn

    from ._web import create_app

    local = is_local_host(host)
    if not local and not allow_remote:
        raise ConfigError(f"host {host!r} is not local; the review app has no login, so pass --host {host} "
                          "explicitly to serve it to other machines")
    if not 0 <= port <= 65535:
        raise ConfigError(f"port={port} must be between 0 and 65535")
    app = create_app(out, model=model, local_only=local)
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        raise ConfigError(f"cannot listen on {host}:{port} ({exc.strerror}); pass another --port") from None
    shown = f"[{host}]" if ":" in host else host
    echo(f"textmine review: serving {out} at http://{shown}:{sock.getsockname()[1]}/ (Ctrl-C to stop)")
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
        echo("textmine review: stopped")
