"""Simplify the district boundaries once for the dashboard map (needs the optional `geo` extra:
pip install -e '.[geo]'). The app only reads the simplified file, which is committed.

    manage.py simplify_districts [--tolerance 0.02]
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

SOURCE = "mp_districts_2023.geojson"
TARGET = "mp_districts_simplified.geojson"


class Command(BaseCommand):
    help = "Write data/mp_districts_simplified.geojson from data/mp_districts_2023.geojson."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--tolerance", type=float, default=0.02, help="degrees")
        parser.add_argument("--data-dir", default=str(Path(settings.BASE_DIR) / "data"))

    def handle(self, *args, tolerance, data_dir, **options):
        try:
            from shapely.geometry import mapping, shape
        except ImportError as error:
            raise CommandError("Install the geo extra first: pip install -e '.[geo]'") from error
        data = Path(data_dir)
        source = json.loads((data / SOURCE).read_text(encoding="utf-8"))
        features = []
        for feature in source["features"]:
            geometry = shape(feature["geometry"]).simplify(tolerance, preserve_topology=True)
            features.append(
                {
                    "type": "Feature",
                    "properties": {
                        "code": int(feature["properties"]["DIST_LGD"]),
                        "name": feature["properties"]["DISTRICT"],
                    },
                    "geometry": _rounded(mapping(geometry)),
                }
            )
        features.sort(key=lambda f: f["properties"]["code"])
        out = {"type": "FeatureCollection", "features": features}
        text = json.dumps(out, ensure_ascii=False, separators=(",", ":"))
        (data / TARGET).write_text(text + "\n", encoding="utf-8")
        self.stdout.write(f"{len(features)} districts, {len(text)} bytes → {data / TARGET}")


def _rounded(geometry: dict) -> dict:
    def points(ring):
        return [[round(x, 3), round(y, 3)] for x, y, *_ in ring]

    if geometry["type"] == "Polygon":
        coords = [points(ring) for ring in geometry["coordinates"]]
    else:
        coords = [[points(ring) for ring in polygon] for polygon in geometry["coordinates"]]
    return {"type": geometry["type"], "coordinates": coords}
