"""Synthetic sites for benchmarks: the demo content plus generated centres and classes.

    python bench/synthetic.py province /tmp/province   # 2,000 centres, 50,000 classes

Sizes: ``demo`` (the shipped content only), ``M`` (1,000 centres, 10,000 classes), ``province``
(2,000 and 50,000) and ``L`` (10,000 and 100,000). The generated records are valid content with
varied Chinese text (town names, addresses, class titles and descriptions), spread over the
divisions and topics of ``content/site.yml`` and over the year around the pinned build date, so
about half of the classes are upcoming. The same size and seed always give the same files.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
BUILT_ON = datetime(2026, 12, 1, 8, 0)
"""Beijing time of the pinned build date (the same as the demo tests use)."""


@dataclass(frozen=True)
class Size:
    centres: int
    classes: int


SIZES = {
    "demo": Size(0, 0),
    "M": Size(1_000, 10_000),
    "province": Size(2_000, 50_000),
    "L": Size(10_000, 100_000),
}

SYLLABLES = (
    "东西南北上下大小新老前后王李张刘陈杨赵黄周吴孙马朱胡郭何高林河山泉庄店营屯寨桥台"
    "坡岗沟湾口城家安宁平和丰兴盛福寿康乐春秋柳杏桃梨枣槐松柏石金银铜玉龙凤鹤燕云水田园花阳明光华庆利"
)
"""Characters that town names are made of, two at a time."""
TOWN_KINDS = ("镇", "乡", "街道", "社区")
CENTRE_KINDS = (
    "婴幼儿养育照护指导站",
    "社区托育服务中心",
    "养育照护服务点",
    "婴幼儿照护服务指导中心",
    "托育综合服务中心",
)
HOSTS = ("社区卫生服务中心", "乡镇卫生院", "妇幼保健站", "街道办事处", "镇人民政府")
ROADS = ("建设", "中山", "人民", "胜利", "和平", "友谊", "育才", "民主", "光明", "东风", "红旗")
SERVICES = (
    "婴幼儿养育照护咨询指导",
    "父母课堂和亲子活动",
    "养育风险筛查与转介",
    "托育机构从业人员培训",
    "家庭入户指导",
    "婴幼儿早期发展评估",
)
CLASS_TITLES = {
    "newborn": ("新手爸妈课堂：{x}", "新生儿护理{x}", "月子里的宝宝：{x}"),
    "feeding": ("{a}辅食添加{x}", "母乳喂养{x}", "科学喂养{x}：吃得好长得壮"),
    "sleep": ("宝宝睡得好：{x}", "安全睡眠{x}", "作息与睡眠{x}"),
    "development": ("{a}生长发育{x}", "发育里程碑{x}", "早期发展{x}"),
    "vaccination": ("预防接种{x}", "疫苗那些事：{x}", "按时打疫苗{x}"),
    "illness": ("宝宝发烧了怎么办：{x}", "常见病居家照护{x}", "腹泻和咳嗽{x}"),
    "safety": ("家庭伤害预防：{x}", "防跌落防烫伤{x}", "居家安全{x}"),
    "oral-health": ("宝宝第一颗牙：{x}", "口腔保健{x}", "刷牙好习惯{x}"),
    "play": ("亲子游戏{x}", "绘本共读{x}", "亲子运动游戏{x}"),
    "carer-health": ("照护人也需要照顾：{x}", "产后情绪与家庭支持{x}", "隔代照护{x}"),
    "facility-hygiene": ("托育机构卫生保健{x}", "晨午检实务{x}", "清洁消毒与传染病防控{x}"),
}
CLASS_KINDS = ("讲座", "工作坊", "直播课", "录播课", "沙龙", "体验活动", "答疑")
DESCRIPTIONS = (
    "围绕{topic}，讲解{a}宝宝的照护要点，并现场解答家长的问题。",
    "由{host}的医生和保健人员主讲，内容包括{topic}的常见误区和实用做法。",
    "通过示范和练习，帮助照护人掌握{topic}的方法，适合{a}宝宝的家庭。",
    "结合{town}家庭的实际情况，介绍{topic}，欢迎爷爷奶奶一起参加。",
    "面向{a}宝宝的家长，分享{topic}经验，活动结束后可预约个别咨询。",
)
AGES = ("0–6 月龄", "6–12 月龄", "1–2 岁", "2–3 岁")


def generate(project: Path, size: str | Size, seed: int = 20261129) -> Path:
    """Write a buildable project (content, docs, mkdocs.yml) of the given size into ``project``."""
    counts = SIZES[size] if isinstance(size, str) else size
    project.mkdir(parents=True, exist_ok=True)
    for folder in ("content", "docs"):
        shutil.rmtree(project / folder, ignore_errors=True)
        shutil.copytree(REPO / folder, project / folder)
    write_config(project)
    site = yaml.safe_load((project / "content/site.yml").read_text(encoding="utf-8"))
    divisions = [(d["id"], d["name"]) for d in site["divisions"]]
    topics = {t["id"]: t["name"] for t in site["topics"]}
    bands = [band["id"] for band in site["age_bands"]]
    rng = random.Random(seed)
    centres = _centres(project / "content/centres", counts.centres, divisions, rng)
    _classes(project / "content/classes", counts.classes, centres, topics, bands, rng)
    return project


def write_config(project: Path) -> Path:
    """The repository's mkdocs.yml for a copy of the project: hooks by absolute path."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("- hooks/careguide_hooks.py", f"- {REPO / 'hooks' / 'careguide_hooks.py'}")
    text = re.sub(r"^watch:\n(  - .*\n)+", "", text, flags=re.MULTILINE)
    path = project / "mkdocs.yml"
    path.write_text(text, encoding="utf-8")
    return path


@dataclass(frozen=True)
class _Centre:
    id: str
    name: str
    town: str
    host: str


def _town(rng: random.Random) -> str:
    return "".join(rng.sample(SYLLABLES, 2)) + rng.choice(TOWN_KINDS)


def _centres(
    folder: Path, count: int, divisions: list[tuple[str, str]], rng: random.Random
) -> list[_Centre]:
    centres = []
    for number in range(1, count + 1):
        division, division_name = divisions[number % len(divisions)]
        town = _town(rng)
        centre = _Centre(
            id=f"{division}-g{number:05d}",
            name=f"{division_name}{town}{rng.choice(CENTRE_KINDS)}",
            town=town,
            host=f"{division_name}{town}{rng.choice(HOSTS)}",
        )
        data = {
            "id": centre.id,
            "name": centre.name,
            "level": "county",
            "division": division,
            "host": centre.host,
            "address": f"{division_name}{town}{rng.choice(ROADS)}路{rng.randint(1, 399)}号",
            "phone": f"0311-8{rng.randint(0, 9_999_999):07d}",
            "hours": rng.choice(("周一至周五 8:30–17:00", "周二至周六 9:00–16:30")),
            "services": rng.sample(SERVICES, rng.randint(2, 4)),
            "checked": "2026-11-29",
            "example": True,
        }
        _dump(folder / f"{centre.id}.yml", data)
        centres.append(centre)
    return centres


def _classes(
    folder: Path,
    count: int,
    centres: list[_Centre],
    topics: dict[str, str],
    bands: list[str],
    rng: random.Random,
) -> None:
    if not count:
        return
    first = BUILT_ON - timedelta(days=180)
    by_month: dict[str, list[dict[str, object]]] = {}
    for number in range(1, count + 1):
        centre = centres[number % len(centres)]
        topic = rng.choice(list(CLASS_TITLES))
        age = rng.choice(AGES)
        title = rng.choice(CLASS_TITLES[topic]).format(x=rng.choice(CLASS_KINDS), a=age)
        start = first + timedelta(days=rng.randint(0, 364), hours=rng.choice((1, 2, 6, 7, 11)))
        start = start.replace(minute=rng.choice((0, 30)))
        format_ = rng.choice(("in-person", "in-person", "live", "recorded"))
        description = rng.choice(DESCRIPTIONS).format(
            topic=topics[topic], a=age, host=centre.host, town=centre.town
        )
        item: dict[str, object] = {
            "id": f"g{number:06d}-{start:%Y%m%d}",
            "title": title,
            "topics": [topic],
            "format": format_,
            "centre": centre.id,
            "start": f"{start:%Y-%m-%d %H:%M}",
            "end": f"{start + timedelta(minutes=90):%Y-%m-%d %H:%M}",
            "audience": "staff" if topic == "facility-hygiene" else "parents",
            "age_bands": rng.sample(bands, rng.randint(1, 2)),
            "registration": "示例：电话报名或到指导中心现场报名",
            "description": description,
            "example": True,
        }
        if format_ == "in-person":
            item["capacity"] = rng.choice((15, 20, 30, 50))
        by_month.setdefault(f"{start:%Y-%m}", []).append(item)
    for month, items in sorted(by_month.items()):
        _dump(folder / f"generated-{month}.yml", {"classes": items})


def _dump(path: Path, data: object) -> None:
    path.write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("size", choices=sorted(SIZES))
    parser.add_argument("project", type=Path, help="folder to write the project into")
    parser.add_argument("--seed", type=int, default=20261129)
    args = parser.parse_args(argv)
    generate(args.project, args.size, args.seed)
    print(f"{args.size}: {args.project}/mkdocs.yml", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
