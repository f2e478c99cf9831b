"""``make serve``: content errors shown in the browser, instead of a preview that looks stuck.

MkDocs' development server keeps serving the last site it built, and when a rebuild fails it
stops answering until one succeeds; when its first build fails, it exits. So during ``mkdocs
serve`` (and only then: ``mkdocs build`` and ``careguide build`` fail as before):

- :func:`keep_serving` wraps the builds of ``mkdocs serve``, the first one included: a build
  stopped by a careguide error leaves the last good site in place (none, when the content was
  broken from the start) and counts as done, so the server starts or goes on, and the browsers
  reload (MkDocs' own livereload);
- :func:`install` wraps the server's web application: while the last build failed, every HTML
  page it serves is replaced by one page listing the problems as the terminal does
  (``file:line:column: 问题 — 改法``). That page asks the server every half second whether a
  rebuild has finished since, and reloads itself then: the next good save brings the site
  back, without restarting the server.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any

from mkdocs.commands import serve as serve_command
from mkdocs.livereload import LiveReloadServer
from watchdog.events import (
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from careguide import addresses
from careguide.errors import CareguideError, ContentError
from careguide.incremental import Heap
from careguide.templating import environment

log = logging.getLogger("mkdocs.plugins.careguide")

QUIET = 0.05
"""Seconds without another change before a rebuild starts (MkDocs waits 0.1): an editor's save
is a burst of changes within milliseconds."""

CHANGES: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileDeletedEvent,
    FileClosedEvent,
]
"""What inotify reports that is a change to a file (it also reports files opened and read)."""

StartResponse = Callable[..., Any]
Application = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class PreviewState:
    """What the browsers of a ``mkdocs serve`` should see: the site, or why it is not updated."""

    def __init__(self) -> None:
        self.serving = False
        """Whether this process is ``mkdocs serve`` (set once, at startup)."""
        self.failure: CareguideError | None = None
        """The error that stopped the last rebuild; None when it succeeded."""
        self.builds = 0
        """Rebuilds finished so far, good or not: the error page reloads when it changes."""
        self._lock = threading.Lock()

    def failed(self, error: CareguideError) -> None:
        """Remember why the rebuild under way stopped (called by the plugin)."""
        with self._lock:
            self.failure = error

    def lines(self) -> list[str]:
        """The problems as the terminal prints them, one per line."""
        error = self.failure
        if isinstance(error, ContentError):
            return error.lines()
        return str(error).splitlines() if error is not None else []

    def build(self, run: Callable[[], None]) -> None:
        """Run one rebuild; a careguide error ends it like a success that changed nothing."""
        with self._lock:
            self.failure = None
        try:
            run()
        except Exception:
            if self.failure is None:
                raise  # not careguide's: MkDocs reports it as before
            log.error(
                "careguide: 预览没有更新，浏览器里的每一页都显示上面的问题清单；"
                "改好并保存后会自动恢复 — the preview shows the problems until the next good save"
            )
        finally:
            with self._lock:
                self.builds += 1

    def error_page(self, mount: str) -> bytes:
        """The page every HTML address shows while the last rebuild failed; ``mount`` is the
        server's path of the site (``/``)."""
        template = environment().get_template("preview_error.html.j2")
        html = template.render(
            lines=self.lines(),
            content=isinstance(self.failure, ContentError),
            builds=self.builds,
            state=mount + addresses.PREVIEW_STATE,
        )
        return html.encode("utf-8")


def keep_serving(state: PreviewState, heap: Heap | None = None) -> Callable[[], None]:
    """Make every build of this ``mkdocs serve`` run through ``state.build``, so that a careguide
    error neither stops the server (its first build) nor leaves it stuck (a rebuild), and
    within ``heap.rebuilding()`` (``make serve``); return what undoes it. MkDocs' ``serve``
    calls the ``build`` it imported for each of its builds."""
    build = serve_command.build

    def building(*args: Any, **kwargs: Any) -> None:
        with heap.rebuilding() if heap is not None else contextlib.nullcontext():
            state.build(lambda: build(*args, **kwargs))

    serve_command.build = building

    def undo() -> None:
        serve_command.build = build

    return undo


def install(server: LiveReloadServer, state: PreviewState) -> LiveReloadServer:
    """Make ``server`` show careguide's errors in the browser (see the module's docstring), and
    notice a saved file at once (:class:`_Watchers`)."""
    server.observer = _Watchers(server.observer)  # type: ignore[assignment]
    server.build_delay = QUIET
    application = server.get_app()
    assert application is not None
    mount = server.mount_path

    def serve(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == mount + addresses.PREVIEW_STATE:
            start_response(
                "200 OK", [("Content-Type", "text/plain"), ("Cache-Control", "no-store")]
            )
            return [str(state.builds).encode()]
        if path.startswith("/livereload/"):
            return application(environ, start_response)
        answer: list[Any] = []

        def keep(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            answer[:] = [status, headers, exc_info]
            return lambda data: None

        body = application(environ, keep)  # waits for a rebuild under way to finish
        html = any(k.lower() == "content-type" and "text/html" in v for k, v in answer[1])
        if state.failure is None or not html:
            start_response(*answer)
            return body
        if hasattr(body, "close"):
            body.close()
        page = state.error_page(mount)
        start_response(
            "200 OK",
            [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Length", str(len(page))),
                ("Cache-Control", "no-store"),
            ],
        )
        return [page]

    server.set_app(serve)
    return server


class _Watchers:
    """The server's watcher of files: MkDocs looks at every watched file twice a second (on a
    province's content that is thousands of files, and up to half a second before a rebuild
    starts); here the folders ``mkdocs.yml`` watches (``content``, ``hooks``) are watched with
    inotify, which reports a save at once. What MkDocs watched before (``docs``, ``mkdocs.yml``)
    and any folder inotify refuses (its limit of watches reached) keep MkDocs' polling."""

    def __init__(self, polling: BaseObserver) -> None:
        self.polling = polling
        self.native: BaseObserver = Observer()

    def schedule(self, handler: FileSystemEventHandler, path: str, **options: Any) -> Any:
        try:  # not the opening and reading of files, that every build does
            return self.native.schedule(handler, path, event_filter=CHANGES, **options)
        except OSError:
            return self.polling.schedule(handler, path, **options)

    def unschedule(self, watch: Any) -> None:
        try:
            self.native.unschedule(watch)
        except KeyError:
            self.polling.unschedule(watch)

    def start(self) -> None:
        self.polling.start()
        self.native.start()

    def stop(self) -> None:
        self.polling.stop()
        self.native.stop()

    def join(self, timeout: float | None = None) -> None:
        self.polling.join(timeout)
        self.native.join(timeout)
