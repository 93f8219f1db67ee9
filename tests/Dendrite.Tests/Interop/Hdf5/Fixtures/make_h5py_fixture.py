"""Writes h5py-defaults.h5 with Debian's h5py 3.7.0 (libhdf5 1.10.8), the way nir.write and SHD files are written:
a vlen UTF-8 string, a gzip-chunked float32 array, a float64 scalar, vlen float16/uint16 rows and an h5py bool (int8 enum).
Run: /usr/bin/python3 make_h5py_fixture.py  (apt-get install python3-h5py)"""
import h5py
import numpy as np

with h5py.File("h5py-defaults.h5", "w") as f:
    f.create_dataset("version", data="1.0.8", dtype=h5py.string_dtype())
    node = f.create_group("node")
    node.create_dataset("tau", data=np.arange(1, 4, dtype=np.float32), compression="gzip", compression_opts=4)
    node.create_dataset("dt", data=1e-3)
    times = node.create_dataset("times", (2,), dtype=h5py.vlen_dtype(np.float16))
    times[0] = np.array([0.5, 0.25], np.float16)
    times[1] = np.array([1.0], np.float16)
    units = node.create_dataset("units", (2,), dtype=h5py.vlen_dtype(np.uint16))
    units[0] = np.array([699, 0], np.uint16)
    units[1] = np.array([7], np.uint16)
    f.create_dataset("mask", data=np.array([True, False, True]))
