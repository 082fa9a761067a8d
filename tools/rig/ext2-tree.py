#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""ext2-tree.py DIR: the files of the ext2 proof (make check, make bench):
DIR/data/tree.tar, 10 240 files of 0 to 6000 bytes in 16 x 16 nested
directories (t/dNN/eNN/fNNN), made from a fixed seed, and DIR/data/tree.md5,
their checksums, made here on the host for the guest to check against."""
import hashlib
import io
import random
import sys
import tarfile
from pathlib import Path

TOP, MID, FILES = 16, 16, 40


def main():
    data = Path(sys.argv[1]) / "data"
    data.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(20261203)
    sums = []
    with tarfile.open(data / "tree.tar", "w", format=tarfile.USTAR_FORMAT) as tar:
        for d in range(TOP):
            for e in range(MID):
                for f in range(FILES):
                    name = f"t/d{d:02}/e{e:02}/f{f:03}"
                    size = rnd.choice((0, rnd.randrange(1, 100), rnd.randrange(100, 1100),
                                       rnd.randrange(1100, 6000)))
                    body = bytes(rnd.getrandbits(8) for _ in range(min(size, 64)))
                    body = (body * (size // max(len(body), 1) + 1))[:size]
                    info = tarfile.TarInfo(name)
                    info.size = size
                    info.mtime = 1764720000
                    tar.addfile(info, io.BytesIO(body))
                    sums.append(f"{hashlib.md5(body).hexdigest()}  {name}\n")
    (data / "tree.md5").write_text("".join(sums))


if __name__ == "__main__":
    main()
