#!/usr/bin/python3
"""Compare two dwell libraries (library.h5) dataset by dataset, bit for bit (NaN equals NaN).

usage: compare_libraries.py A.h5 B.h5
Exit 0 when every dataset of A exists in B with the same shape, dtype and values, and B has
no other dataset; the root attribute `campaign` (the directory name) may differ. Prints the
first differences and the number of double wells compared."""
import sys

import h5py
import numpy as np


def datasets(f):
    out = {}
    f.visititems(lambda name, obj: out.__setitem__(name, obj[()]) if isinstance(obj, h5py.Dataset) else None)
    return out


def same(a, b):
    if a.shape != b.shape or a.dtype != b.dtype:
        return False
    if a.dtype.kind == "f":
        return bool(np.array_equal(a, b, equal_nan=True))
    return bool(np.array_equal(a, b))


def main():
    a, b = (h5py.File(p, "r") for p in sys.argv[1:3])
    da, db = datasets(a), datasets(b)
    bad = sorted(set(da) ^ set(db))
    bad += [k for k in sorted(set(da) & set(db)) if not same(da[k], db[k])]
    for key in ("model", "options", "seed", "N"):
        if a.attrs[key] != b.attrs[key]:
            bad.append("attribute /" + key)
    for k in bad[:10]:
        print("differs:", k)
    ndw = len(da.get("dw/sample", []))
    print(f"{len(da)} datasets, {ndw} double wells: {'identical' if not bad else 'DIFFERENT'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
