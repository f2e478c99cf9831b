"""The editor schemas: committed copies are current, they accept every shipped content file
(read as the YAML extension reads it, YAML 1.2: dates stay text) and refuse an unknown key,
and VS Code's settings associate each with its files."""

from __future__ import annotations

import fnmatch
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from careguide.content import editor_schemas
from helpers import MINI, REPO


class _Yaml12(yaml.SafeLoader):
    """Dates as text, as YAML 1.2 (and so yaml-language-server) reads them."""


_Yaml12.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _kind_of(relative: str) -> str | None:
    """The schema VS Code applies to a file (``content/...``), as its globs say."""
    for kind, (_, _, globs, _) in editor_schemas.KINDS.items():
        excluded = any(fnmatch.fnmatch(relative, g[1:]) for g in globs if g.startswith("!"))
        if not excluded and any(fnmatch.fnmatch(relative, g) for g in globs if g[0] != "!"):
            return kind
    return None


@pytest.mark.parametrize("kind", list(editor_schemas.KINDS))
def test_the_committed_schemas_are_the_generated_ones(kind: str) -> None:
    committed = REPO / editor_schemas.FOLDER / f"{kind}.schema.json"
    assert committed.read_text(encoding="utf-8") == editor_schemas.rendered(kind), (
        "schemas/ is stale: run `careguide schemas` in the project root and commit"
    )


def test_vscode_associates_each_schema_with_its_files_and_recommends_the_extension() -> None:
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == editor_schemas.vscode_associations()
    for schema in settings["yaml.schemas"]:
        assert (REPO / schema).is_file()
    extensions = json.loads((REPO / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


@pytest.mark.parametrize("root", [REPO, MINI], ids=["demo", "mini"])
def test_every_shipped_content_file_is_valid_against_its_schema(root: Path) -> None:
    files = sorted((root / "content").rglob("*.yml"))
    checked = set()
    for path in files:
        relative = "content/" + path.relative_to(root / "content").as_posix()
        kind = _kind_of(relative)
        assert kind is not None, f"{relative} has no schema"
        schema = json.loads(editor_schemas.rendered(kind))
        jsonschema.Draft7Validator.check_schema(schema)
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Yaml12)
        errors = [e.message for e in jsonschema.Draft7Validator(schema).iter_errors(data)]
        assert errors == [], relative
        checked.add(kind)
    assert checked == set(editor_schemas.KINDS) if root == REPO else checked


def test_an_unknown_key_is_refused_and_fields_are_described_in_chinese() -> None:
    path = REPO / "content" / "centres" / "zhengding.yml"
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Yaml12)
    data["phnoe"] = "0311-86001234"
    schema = editor_schemas.schema("centre")

    errors = list(jsonschema.Draft7Validator(schema).iter_errors(data))

    assert [e.validator for e in errors] == ["additionalProperties"]
    assert "phnoe" in errors[0].message
    assert schema["properties"]["phone"]["description"] == "一个电话号码"
    assert schema["properties"]["phone"]["examples"] == ["0311-86001234"]
