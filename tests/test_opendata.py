"""The open data files: valid against their published schemas, complete and stable."""

from __future__ import annotations

import json
from datetime import timedelta
from importlib.resources import files
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from careguide.content.catalog import Catalog, load_catalog
from careguide.outputs.opendata import opendata_files
from helpers import MINI, PINNED

SITE = "https://example.org/care/"
SCHEMA_FILES = [
    f"{kind}.schema.json"
    for kind in ("centres", "classes", "immunisation", "checkups", "warning-signs", "milestones")
]


@pytest.fixture
def catalog() -> Catalog:
    return load_catalog(MINI / "content", now=PINNED)


def published_files(catalog: Catalog) -> dict[str, bytes]:
    return {path: b"".join(pieces) for path, pieces in opendata_files(catalog, SITE)}


@pytest.fixture
def published(catalog: Catalog) -> dict[str, bytes]:
    return published_files(catalog)


def read(published: dict[str, bytes], path: str) -> Any:
    return json.loads(published[path].decode("utf-8"))


def schema_errors(schema: Any, data: Any) -> list[str]:
    """What is wrong with ``data`` by its published ``schema`` (itself a valid schema)."""
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return [error.message for error in validator.iter_errors(data)]


@pytest.mark.parametrize("kind", ["centres", "classes"])
def test_each_file_is_valid_against_its_published_schema(
    published: dict[str, bytes], kind: str
) -> None:
    schema = read(published, f"api/schema/{kind}.schema.json")
    data = read(published, f"api/{kind}.json")
    assert schema_errors(schema, data) == []
    assert data["schema"] == f"{SITE}api/schema/{kind}.schema.json"
    assert data["count"] == len(data[kind])


def test_the_schemas_are_published_as_they_are(published: dict[str, bytes]) -> None:
    schemas = files("careguide").joinpath("schemas")
    for name in SCHEMA_FILES:
        assert published[f"api/schema/{name}"] == schemas.joinpath(name).read_bytes()


def test_centres_keep_directory_order_with_their_division(published: dict[str, bytes]) -> None:
    centres = read(published, "api/centres.json")["centres"]

    assert [centre["id"] for centre in centres] == ["shijiazhuang", "zhengding"]
    city, county = centres
    assert city["division"] is None
    assert county["division"] == {
        "id": "zhengding",
        "code": "130123",
        "name": "正定县",
        "kind": "county",
    }
    assert county["url"] == f"{SITE}centres/zhengding/"
    assert county["calendar"] == f"{SITE}calendar/zhengding.ics"
    assert (county["address"], county["hours"], county["example"]) == ("示例地址", None, True)


def test_classes_are_ordered_by_start_with_beijing_times(
    catalog: Catalog, published: dict[str, bytes]
) -> None:
    classes = read(published, "api/classes.json")["classes"]

    assert [item["id"] for item in classes] == ["past-class", "future-class", "cancelled-class"]
    upcoming = classes[1]
    assert (upcoming["start"], upcoming["end"]) == (
        "2026-12-05T09:30:00+08:00",
        "2026-12-05T11:00:00+08:00",
    )
    assert upcoming["url"] == f"{SITE}classes/future-class/"
    assert upcoming["centre"] == {
        "id": "zhengding",
        "name": "正定县婴幼儿养育照护指导中心",
        "url": f"{SITE}centres/zhengding/",
    }
    assert upcoming["topics"] == [{"id": "play", "name": "游戏与阅读"}]
    assert (upcoming["status"], upcoming["example"]) == ("open", True)
    assert classes[2]["status"] == "cancelled"


def test_the_same_content_gives_the_same_bytes_whatever_the_build_time(
    published: dict[str, bytes],
) -> None:
    later = load_catalog(MINI / "content", now=PINNED + timedelta(days=400))

    assert published_files(later) == published
    text = published["api/classes.json"].decode("utf-8")
    assert text.endswith("}\n")
    assert "即将开始的亲子活动" in text  # Chinese as is, not \u escapes


def test_the_immunisation_schedule_is_published_dose_by_dose(published: dict[str, bytes]) -> None:
    schema = read(published, "api/schema/immunisation.schema.json")
    data = read(published, "api/schedules/immunisation.json")
    assert schema_errors(schema, data) == []
    assert data["number"] == "测试〔2026〕1号"
    doses = {dose["id"]: dose for dose in data["doses"]}
    assert [dose["id"] for dose in data["doses"]][:3] == ["hepb-1", "hepb-2", "dtap-1"]
    assert doses["hepb-1"]["complete_before"] == "24h"
    assert doses["je-l-1"] | {} == {
        "id": "je-l-1",
        "vaccine": "乙脑减毒活疫苗",
        "abbr": None,
        "number": 1,
        "age": "8m",
        "age_months": 8,
        "complete_before": "12m",
        "complete_before_months": 12,
        "option": "je-live",
        "note": None,
    }
    assert doses["dtap-5"]["age_months"] == 72
    assert data["sources"][0]["id"] == "nhc-2022-care-guide"


@pytest.mark.parametrize("name", ["checkups", "warning-signs"])
def test_checkups_and_warning_signs_are_published_as_in_the_yaml(
    published: dict[str, bytes], name: str
) -> None:
    schema = read(published, f"api/schema/{name}.schema.json")
    data = read(published, f"api/schedules/{name}.json")
    assert schema_errors(schema, data) == []
    assert data["sources"][0]["issuer"] == "国家卫生健康委员会办公厅"
    if name == "checkups":
        assert [(v["id"], v["age"]) for v in data["visits"]] == [
            ("home-visit", "0d"),
            ("checkup-3m", "3m"),
        ]
    else:
        assert data["symptom"] == "development-sign"
        assert [(age["age"], [i["skill"] for i in age["items"]]) for age in data["ages"]] == [
            ("3m", ["趴着时会抬头"]),
            ("6m", ["会伸手抓东西", "扶着能坐住"]),
        ]


def test_the_milestones_are_published_as_in_the_yaml(published: dict[str, bytes]) -> None:
    schema = read(published, "api/schema/milestones.schema.json")
    data = read(published, "api/schedules/milestones.json")
    assert schema_errors(schema, data) == []
    assert data["schema"] == f"{SITE}api/schema/milestones.schema.json"
    assert data["reviewed"] == "2026-11-20"
    assert data["sources"][0]["number"] == "国卫办妇幼函〔2022〕409号"
    assert [(age["age"], age["source"]) for age in data["ages"]] == [
        ("2m", "nhc-2022-care-guide"),
        ("3m", "nhc-2022-care-guide"),
    ]
    assert data["ages"][0]["items"][0] == {
        "id": "2m-smile",
        "text": "逗他时会笑",
        "domain": "social",
    }
    assert data["ages"][1]["items"] == [
        {"id": "3m-head-up", "text": "趴着时能抬起头", "domain": None}
    ]
    data["ages"][0]["items"][0]["domain"] = "feelings"
    assert schema_errors(schema, data) != []  # the schema holds the areas the lists use
