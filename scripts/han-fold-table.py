#!/usr/bin/env python3
"""Writes crates/core/data/han-fold.tsv, the Traditional -> Simplified fold table of search and
near-duplicate detection, from OpenCC's TSCharacters.txt (Apache-2.0).

Usage: scripts/han-fold-table.py [TSCharacters.txt]

Without an argument it fetches the ferrous-opencc 0.4.0 crate from crates.io (a Rust port that
ships OpenCC's dictionaries unchanged) and reads the file from it, checking the crate's sha256.

Each line of the table is `traditional<TAB>simplified`: OpenCC's first candidate, followed to its
end (so folding twice equals folding once). A key that OpenCC maps to itself first (著 著 着) is
left out: it is also a Simplified character, and folding it would merge two words.
"""
import hashlib
import io
import sys
import tarfile
import urllib.request
from pathlib import Path

CRATE = "https://static.crates.io/crates/ferrous-opencc/ferrous-opencc-0.4.0.crate"
MEMBER = "ferrous-opencc-0.4.0/assets/dictionaries/TSCharacters.txt"
OUT = Path(__file__).resolve().parent.parent / "crates/core/data/han-fold.tsv"


def read_source(argv):
    if len(argv) > 1:
        return Path(argv[1]).read_text(encoding="utf-8")
    data = urllib.request.urlopen(CRATE, timeout=60).read()
    digest = hashlib.sha256(data).hexdigest()
    if PINNED and digest != PINNED:
        sys.exit(f"{CRATE}: sha256 {digest}, expected {PINNED}")
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        member = tar.extractfile(MEMBER)
        if member is None:
            sys.exit(f"{MEMBER} not in {CRATE}")
        return member.read().decode("utf-8")


PINNED = "07be899468d0b66213a7fc459fc6ac32db79e397892792e73c8526e8863c7078"


def main(argv):
    first = {}
    for line in read_source(argv).splitlines():
        if not line or line.startswith("#"):
            continue
        key, _, values = line.partition("\t")
        candidates = values.split()
        if len(key) != 1 or not candidates or len(candidates[0]) != 1:
            continue
        if candidates[0] != key:
            first[key] = candidates[0]

    def end(c):
        seen = set()
        while c in first and c not in seen:
            seen.add(c)
            c = first[c]
        return c

    rows = sorted((k, end(k)) for k in first if end(k) != k)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    header = (
        "# Traditional -> Simplified fold table of Wenzhai, from OpenCC's TSCharacters.txt\n"
        "# (https://github.com/BYVoid/OpenCC, Apache-2.0), made by scripts/han-fold-table.py.\n"
    )
    OUT.write_text(header + "".join(f"{k}\t{v}\n" for k, v in rows), encoding="utf-8")
    print(f"{OUT}: {len(rows)} characters")


if __name__ == "__main__":
    main(sys.argv)
