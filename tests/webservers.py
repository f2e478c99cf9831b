"""Real web servers serving a built site with the configuration files in ``deploy/``.

Each runs as the current user on a free loopback port, its pid, logs and temporary files in a
folder of its own: nothing of the machine's own nginx or Caddy is read or changed. nginx runs
in the foreground without a master process, so it needs no root and switches no user.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from localserver import free_port

REPO = Path(__file__).resolve().parent.parent
NGINX_CONF = REPO / "deploy" / "nginx.conf"
CADDYFILE = REPO / "deploy" / "Caddyfile"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")

NGINX_MAIN = """\
daemon off;
master_process off;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
load_module {brotli};
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log off;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    include {work}/careguide.conf;
}}
"""
"""What Debian's /etc/nginx/nginx.conf gives a site: the MIME types, the Brotli module."""


def missing() -> str | None:
    """What is not installed for :func:`nginx` and :func:`caddy`, in the words of ``apt``."""
    wanted = {"nginx": shutil.which("nginx", path="/usr/sbin:/usr/bin:" + os.environ["PATH"])}
    wanted["libnginx-mod-http-brotli-static"] = (
        str(BROTLI_MODULE) if BROTLI_MODULE.is_file() else None
    )
    wanted["caddy"] = shutil.which("caddy")
    absent = [name for name, found in wanted.items() if not found]
    return " ".join(absent) or None


@contextmanager
def nginx(site: Path, work: Path) -> Iterator[str]:
    """Serve ``site`` with ``deploy/nginx.conf``; yields the base address."""
    port = free_port()
    work.mkdir(parents=True, exist_ok=True)
    server = NGINX_CONF.read_text(encoding="utf-8")
    for line, replacement in (
        ("listen 80;", f"listen 127.0.0.1:{port};"),
        ("root /srv/careguide/site;", f"root {site};"),
    ):
        if server.count(line) != 1:
            raise AssertionError(f"deploy/nginx.conf should have `{line}` once")
        server = server.replace(line, replacement)
    (work / "careguide.conf").write_text(server, encoding="utf-8")
    main = work / "nginx.conf"
    main.write_text(NGINX_MAIN.format(work=work, brotli=BROTLI_MODULE), encoding="utf-8")
    executable = shutil.which("nginx", path="/usr/sbin:/usr/bin:" + os.environ["PATH"]) or "nginx"
    command = [executable, "-p", str(work), "-c", str(main), "-e", str(work / "error.log")]
    with _running(command, port, work / "error.log", {}):
        yield f"http://127.0.0.1:{port}/"


@contextmanager
def caddy(site: Path, work: Path) -> Iterator[str]:
    """Serve ``site`` with ``deploy/Caddyfile``; yields the base address."""
    port = free_port()
    work.mkdir(parents=True, exist_ok=True)
    env = {
        "CAREGUIDE_ADDRESS": f"http://127.0.0.1:{port}",
        "CAREGUIDE_ROOT": str(site),
        "HOME": str(work),
        "XDG_DATA_HOME": str(work / "data"),
        "XDG_CONFIG_HOME": str(work / "config"),
    }
    command = ["caddy", "run", "--config", str(CADDYFILE), "--adapter", "caddyfile"]
    with _running(command, port, work / "caddy.log", env):
        yield f"http://127.0.0.1:{port}/"


@contextmanager
def _running(command: list[str], port: int, log: Path, env: dict[str, str]) -> Iterator[None]:
    with log.open("ab") as output:
        process = subprocess.Popen(
            command, stdout=output, stderr=output, env={**os.environ, **env}, cwd=log.parent
        )
    try:
        _wait_for(port, process, log)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} stopped: {log.read_text(errors='replace')}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{process.args[0]} did not listen on {port}: {log.read_text()}")
