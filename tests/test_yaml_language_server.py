"""The editor schemas in the real yaml-language-server (what VS Code's YAML extension runs),
driven over stdio as an editor drives it, with the workspace settings of ``.vscode/``."""

from __future__ import annotations

import json
import queue
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest

from helpers import REPO

SERVER = REPO / "tests" / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"


class Client:
    """A minimal LSP client: JSON-RPC framed by Content-Length, server requests answered."""

    def __init__(self, workspace: Path, settings: dict[str, Any]) -> None:
        self.settings = settings
        self.process = subprocess.Popen(
            ["node", str(SERVER), "--stdio"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        assert self.process.stdout is not None
        threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True).start()
        self.next_id = 0
        self.versions: dict[str, int] = {}
        uri = workspace.as_uri()
        self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": uri,
                "workspaceFolders": [{"uri": uri, "name": "careguide"}],
                "capabilities": {"workspace": {"configuration": True}},
            },
        )
        self.notify("initialized", {})

    def _read(self, stream: IO[bytes]) -> None:
        while True:
            length = 0
            while (line := stream.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if not line:
                return
            self.messages.put(json.loads(stream.read(length)))

    def _send(self, message: dict[str, Any]) -> None:
        data = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        self.process.stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self.next_id += 1
        asked = self.next_id
        self._send({"id": asked, "method": method, "params": params})
        for message in self._incoming():
            if message.get("id") == asked and "method" not in message:
                return message.get("result")
        raise AssertionError(f"no answer to {method}")

    def _incoming(self, seconds: float = 60) -> Iterator[dict[str, Any]]:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                message = self.messages.get(timeout=0.5)
            except queue.Empty:
                continue
            if "id" in message and "method" in message:  # the server asks something
                self._answer(message)
                continue
            yield message

    def _answer(self, message: dict[str, Any]) -> None:
        result: Any = None
        if message["method"] == "workspace/configuration":
            result = [
                self.settings if item.get("section") == "yaml" else {}
                for item in message["params"]["items"]
            ]
        self._send({"id": message["id"], "result": result})

    def diagnostics(self, path: Path, text: str) -> list[dict[str, Any]]:
        """Open a document and return the diagnostics the server publishes for it."""
        uri = path.as_uri()
        version = self.versions[uri] = self.versions.get(uri, 0) + 1
        if version == 1:
            document = {"uri": uri, "languageId": "yaml", "version": 1, "text": text}
            self.notify("textDocument/didOpen", {"textDocument": document})
        else:
            self.notify(
                "textDocument/didChange",
                {
                    "textDocument": {"uri": uri, "version": version},
                    "contentChanges": [{"text": text}],
                },
            )
        for message in self._incoming():
            params = message.get("params", {})
            if message.get("method") == "textDocument/publishDiagnostics" and params["uri"] == uri:
                return list(params["diagnostics"])
        raise AssertionError(f"no diagnostics for {path}")

    def close(self) -> None:
        self.process.kill()
        self.process.wait(timeout=10)


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[tuple[Path, Client]]:
    """A copy of the project's content and schemas, opened with its VS Code settings."""
    if shutil.which("node") is None or not SERVER.is_file():
        pytest.fail("yaml-language-server is missing: run `make test` (npm ci --prefix tests)")
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    yaml_settings = {"schemas": settings["yaml.schemas"], "validate": True, "hover": True}
    yaml_settings["yamlVersion"] = settings["yaml.yamlVersion"]
    client = Client(tmp_path, yaml_settings)
    try:
        yield tmp_path, client
    finally:
        client.close()


def test_an_unknown_key_is_underlined_and_fields_are_explained_in_chinese(
    workspace: tuple[Path, Client],
) -> None:
    root, client = workspace
    path = root / "content" / "centres" / "zhengding.yml"
    text = path.read_text(encoding="utf-8") + "phnoe: 0311-86001234\n"

    found = client.diagnostics(path, text)

    assert [d["message"] for d in found] == ["Property phnoe is not allowed."]
    assert found[0]["range"]["start"] == {"line": text.count("\n") - 1, "character": 0}
    assert "一个指导中心" in found[0]["source"]
    line = next(i for i, row in enumerate(text.splitlines()) if row.startswith("checked:"))
    hover = client.request(
        "textDocument/hover",
        {"textDocument": {"uri": path.as_uri()}, "position": {"line": line, "character": 1}},
    )
    assert "最后一次核实信息的日期" in json.dumps(hover, ensure_ascii=False)


def test_every_shipped_content_file_gets_its_schema_and_no_complaint(
    workspace: tuple[Path, Client],
) -> None:
    root, client = workspace
    paths = sorted((root / "content").rglob("*.yml"))
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert client.diagnostics(path, text) == [], path
        said = [d["message"] for d in client.diagnostics(path, text + "\nzzz: 1\n")]
        assert said == ["Property zzz is not allowed."], path  # so a schema was applied
    assert len(paths) > 60
    book = root / "content" / "handbook" / "book.yml"
    wrong = book.read_text(encoding="utf-8") + "sections: []\n"  # a chapter's key in book.yml
    assert [d["message"] for d in client.diagnostics(book, wrong)] == [
        "Property sections is not allowed."
    ]
