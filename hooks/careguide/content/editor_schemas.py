"""JSON Schemas of every kind of content file, for editors (VS Code's YAML extension, any
yaml-language-server client): completion, hover help in Chinese, unknown keys underlined.

They are generated from the records, in draft-07 (yaml-language-server validates nothing newer),
with ``definitions`` instead of ``$defs`` and dates as patterns (YAML 1.2 reads ``2026-12-05``
as text, and ``format: date-time`` would refuse ``2026-12-05 09:30``). The build's own checks
stay the authority: a schema helps while typing. ``careguide schemas`` writes them to
:data:`FOLDER`; a test fails when the committed files are stale.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic.json_schema import GenerateJsonSchema

from careguide.content.books import BookInfo, Chapter, Source
from careguide.content.centres import Centre
from careguide.content.classes import Class, ClassSeries
from careguide.content.fields import Record
from careguide.content.schedules import Checkups, Immunisation, Milestones, WarningSigns
from careguide.content.site import Site
from careguide.content.symptoms import Symptom

FOLDER = "schemas"
"""Where the schemas live, relative to the project (``.vscode/settings.json`` names them)."""

KINDS: dict[str, tuple[type[Record], str | None, list[str], str]] = {
    "site": (Site, None, ["content/site.yml"], "网站的基本信息、县（市、区）、主题和年龄段"),
    "sources": (Source, "sources", ["content/sources/*.yml"], "引用的文件和指南"),
    "symptoms": (Symptom, "symptoms", ["content/symptoms/*.yml"], "症状表"),
    "immunisation": (
        Immunisation,
        None,
        ["content/schedules/immunisation.yml"],
        "国家免疫规划疫苗接种时间",
    ),
    "checkups": (Checkups, None, ["content/schedules/checkups.yml"], "儿童健康检查时间"),
    "warning-signs": (
        WarningSigns,
        None,
        ["content/schedules/warning-signs.yml"],
        "发育预警征象",
    ),
    "milestones": (
        Milestones,
        None,
        ["content/schedules/milestones.yml"],
        "发育里程碑",
    ),
    "book": (BookInfo, None, ["content/*/book.yml"], "一本书的信息和章节顺序"),
    "chapter": (
        Chapter,
        None,
        ["content/handbook/*.yml", "content/hygiene/*.yml", "!content/*/book.yml"],
        "书的一章",
    ),
    "centre": (Centre, None, ["content/centres/*.yml"], "一个指导中心（文件名就是编号）"),
    "classes": (Class, "classes", ["content/classes/*.yml"], "课程，每月一个文件"),
}
"""Each kind of file: its record, the top-level key of its list (None: one record per file),
the globs of its files, and what it holds."""

WORDS: dict[str, tuple[str, Any]] = {
    "id": ("编号：小写英文字母、数字和“-”，成为网址的一部分，发布后不要改", "zhengding"),
    "name": ("名称", "正定县婴幼儿养育照护指导中心"),
    "title": ("标题，一行", "新手爸妈课堂：新生儿护理"),
    "short_title": ("短标题，用在导航和页眉", "养育照护手册"),
    "short_name": ("网站的短名称", "养育照护指导"),
    "subtitle": ("副标题", None),
    "summary": ("一两句话的概要", None),
    "description": ("说明，可以写几段，支持 Markdown", None),
    "text": ("正文，支持 Markdown（粗体、列表、链接）", None),
    "note": ("补充说明", None),
    "level": ("级别", None),
    "division": ("所服务的县（市、区）的编号（site.yml 的 divisions）", "zhengding"),
    "divisions": ("县（市、区）和功能区", None),
    "host": ("依托机构，例如妇幼保健院", "正定县妇幼保健院"),
    "address": ("地址", "正定县恒山路 1 号"),
    "phone": ("一个电话号码", "0311-86001234"),
    "hours": ("指导中心：开放时间；重复的课程：每次课的时刻，开始-结束", "周一至周五 8:30–17:30"),
    "services": ("服务项目，每项一行", None),
    "website": ("网址，以 http:// 或 https:// 开头", "https://www.example.cn/"),
    "url": ("网址，以 http:// 或 https:// 开头", "https://www.nhc.gov.cn/"),
    "checked": ("最后一次核实信息的日期（不能晚于今天）", "2026-11-29"),
    "reviewed": ("最后一次审阅的日期", "2026-11-29"),
    "edition": ("版本日期", "2026-11-29"),
    "issued": ("发布日期", "2021-06-01"),
    "example": ("示例数据写 true：页面上标明“示例”", True),
    "former_ids": ("改名之前用过的编号：旧网址会跳转到新网址", None),
    "revision": ("修订号：已发布的课程改了时间、地点或状态时加 1", 1),
    "topics": ("主题编号（site.yml 的 topics）", ["feeding"]),
    "age_bands": ("年龄段编号（site.yml 的 age_bands）", ["0-6m"]),
    "format": ("形式：in-person 线下，live 直播，recorded 录播", "in-person"),
    "centre": ("指导中心的编号（content/centres/ 里的文件名）", "zhengding"),
    "start": ("开始：年-月-日 时:分（北京时间）；年龄段里是月龄或天数", "2026-12-05 09:30"),
    "end": ("结束：年-月-日 时:分（当天结束）；年龄段里是月龄或天数", "2026-12-05 11:00"),
    "audience": ("对象", "parents"),
    "capacity": ("名额（整数）", 30),
    "registration": ("报名方式：电话、地点或网址", "到指导中心现场报名"),
    "status": ("状态：open 可报名，full 已满，cancelled 已取消", "open"),
    "location": ("上课地点（不在指导中心时）", None),
    "city": ("城市", "石家庄市"),
    "province": ("省份", "河北省"),
    "publisher": ("发布者", None),
    "code": ("统计用区划代码，6 位数字，加引号", "130123"),
    "kind": ("类别", None),
    "issuer": ("发布机构", "国家卫生健康委"),
    "year": ("年份", 2021),
    "number": ("文号", None),
    "sources": ("引用来源的编号（content/sources/）", None),
    "symptoms": ("症状编号（content/symptoms/）", None),
    "chapters": ("章节编号，按书中的顺序", None),
    "sections": ("小节", None),
    "blocks": ("内容块：text、table、alert、checklist、steps、exclusion 或 schedule 之一", None),
    "key_points": ("要点，每条一行", None),
    "medical": ("是医学内容（页面显示免责声明）", None),
    "repeat": (
        "每周重复：every 星期几、from 起、until 止、hours 时刻，可写 skip、cancelled、moved",
        None,
    ),
    "every": ("星期几，例如 [saturday]", ["saturday"]),
    "from": ("第一次课的日期（含）", "2026-12-05"),
    "until": ("最后一次课的日期（含）", "2027-02-27"),
    "skip": ("不上课的日期（不显示）", ["2027-02-06"]),
    "cancelled": ("已宣布又取消的日期（显示为已取消）", None),
    "moved": ("改期的某次课：date 原定日期，to 新的开始时间", None),
    "to": ("新的开始：年-月-日 时:分", "2027-01-17 09:30"),
    "moved_from": ("改期前原定的日期", None),
    "series": ("每周系列的编号：同一系列的各次课在搜索里只算一条；由 repeat 写的课自动有", None),
    "complete_before": ("最迟年龄：要在这个年龄之前完成，写法同 age，例如 31d、3y", "31d"),
    "uid_domain": (
        "日历事件编号（UID）用的固定名称：发布后不要改，否则订阅者的日历会删掉重加所有日程",
        "careguide",
    ),
    "icp_filing": ("ICP 备案号，例如 冀ICP备……号；没有取得就不要填", None),
    "public_security_filing": (
        "公安机关互联网站安全备案号：冀公网安备 + 14 位数字 + 号；没有就不要填",
        None,
    ),
}
"""The Chinese description and an example of a field, by name, wherever it appears; a field
not listed here is described by its type alone."""


class _Draft7(GenerateJsonSchema):
    schema_dialect = "http://json-schema.org/draft-07/schema#"


_DATE = r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$"
_MOMENT = (
    r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}[ T]+[0-9]{1,2}:[0-9]{2}(:[0-9]{2})?"
    r"([+-][0-9]{2}:?[0-9]{2}|Z)?$"
)


_AGE = {
    "type": "string",
    "pattern": "^[0-9]{1,3} ?[hdwmy]$",
    "description": "月龄或年龄：数字加单位 h（小时）、d（天）、w（周）、m（月）、y（岁）",
    "examples": ["6m"],
}


_PATTERNS = {
    "date": _DATE,
    "date-time": _MOMENT,
    "time": r"^[0-9]{1,2}:[0-9]{2}(:[0-9]{2})?$",
}
_HOURS = {
    "type": "string",
    "pattern": r"^[0-9]{1,2}:[0-9]{2}\s*[-–~～至到]\s*[0-9]{1,2}:[0-9]{2}$",
    "description": "每次课的时刻：开始-结束",
    "examples": ["09:30-11:00"],
}


def schema(kind: str) -> dict[str, Any]:
    """The draft-07 schema of one kind of file."""
    model, key, _globs, about = KINDS[kind]
    generated = model.model_json_schema(
        schema_generator=_Draft7, ref_template="#/definitions/{model}"
    )
    definitions = generated.pop("$defs", {})
    if "Age" in definitions:  # a dataclass read from text such as 6m
        definitions["Age"] = _AGE
    if key is None:
        body = generated
    else:
        definitions[model.__name__] = generated
        items: dict[str, Any] = {"$ref": f"#/definitions/{model.__name__}"}
        if model is Class:  # an item with repeat is a series
            series = ClassSeries.model_json_schema(
                schema_generator=_Draft7, ref_template="#/definitions/{model}"
            )
            definitions.update(series.pop("$defs", {}))
            definitions["ClassSeries"] = series
            items = {
                "if": {"required": ["repeat"]},
                "then": {"$ref": "#/definitions/ClassSeries"},
                "else": items,
            }
        body = {
            "type": "object",
            "properties": {
                key: {
                    "type": "array",
                    "description": f"{about}：每一项以“- ”开头",
                    "items": items,
                }
            },
            "required": [key],
            "additionalProperties": False,
        }
    result: dict[str, Any] = {"$schema": _Draft7.schema_dialect, **body}
    if definitions:
        result["definitions"] = definitions
    _annotate(result)
    files = "、".join(glob for glob in _globs if not glob.startswith("!"))
    result["title"] = f"careguide：{about}"
    result["description"] = f"{about}（{files}）"
    return result


def _annotate(node: Any) -> None:
    """Chinese descriptions and examples on every property; dates as patterns."""
    if isinstance(node, list):
        for item in node:
            _annotate(item)
        return
    if not isinstance(node, dict):
        return
    if isinstance(node.get("format"), str) and node["format"] in _PATTERNS:
        node["pattern"] = _PATTERNS[node.pop("format")]
    if isinstance(node.get("prefixItems"), list):  # the hours of a series: 09:30-11:00
        for key in ("prefixItems", "minItems", "maxItems"):
            node.pop(key, None)
        node.update(_HOURS)
    if isinstance(node.get("title"), str):  # pydantic's English names and docstrings:
        del node["title"]  # the Chinese words of each field say more
    if "properties" in node and isinstance(node.get("description"), str):
        del node["description"]
    for name, prop in (node.get("properties") or {}).items():
        if name in WORDS and isinstance(prop, dict):
            said, example = WORDS[name]
            prop["description"] = said
            if example is not None:
                prop["examples"] = [example]
    for value in node.values():
        _annotate(value)


def rendered(kind: str) -> str:
    """The schema file's text: stable, so a stale committed copy shows as a difference."""
    return json.dumps(schema(kind), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write(project: Path) -> list[Path]:
    """Write every schema to ``<project>/schemas/``; return the paths."""
    folder = project / FOLDER
    folder.mkdir(exist_ok=True)
    paths = []
    for kind in KINDS:
        path = folder / f"{kind}.schema.json"
        path.write_text(rendered(kind), encoding="utf-8")
        paths.append(path)
    return paths


def vscode_associations() -> dict[str, list[str]]:
    """``yaml.schemas`` of ``.vscode/settings.json``: each schema and its files."""
    return {f"./{FOLDER}/{kind}.schema.json": globs for kind, (_, _, globs, _) in KINDS.items()}
