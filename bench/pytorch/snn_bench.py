"""Times the benchmark networks in PyTorch for `dendrite bench snn --compare-pytorch` (run as its child process).

Usage: snn_bench.py --jobs jobs.json --threads N. Prints one JSON line of configuration (torch, BLAS library and core
type), then one JSON line per job: id, ms_median, cpu_ms_median (process CPU time, all threads), ms_all, peak_mb (VmHWM over warm-up and timed steps above the resident size before them, reset
through /proc/self/clear_refs, as Dendrite measures itself).
"""
import argparse
import ctypes
import json
import os
import re
import statistics
import time

import numpy as np
import torch

from snn_models import SnnModel, loss_fn


def status_kb(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return -1


def reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def blas_config(threads):
    torch.ones(64, 64) @ torch.ones(64, 64)  # make sure BLAS is loaded
    with open("/proc/self/maps") as f:
        libraries = sorted({line.split()[-1] for line in f if "blas" in line.lower() and "/" in line})
    config = {
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "requested_threads": threads,
        "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE", "(unset)"),
        "OMP_WAIT_POLICY": os.environ.get("OMP_WAIT_POLICY", "(unset: active)"),
        "blas_libraries": libraries,
    }
    shown = torch.__config__.show()
    for key, pattern in (("blas_info", r"BLAS_INFO=(\w+)"), ("cpu_capability", r"CPU capability usage: (\w+)")):
        match = re.search(pattern, shown)
        config[key] = match.group(1) if match else "unknown"
    for path in libraries:
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_get_corename.restype = ctypes.c_char_p
            lib.openblas_get_config.restype = ctypes.c_char_p
            config["openblas_core"] = lib.openblas_get_corename().decode()
            config["openblas_config"] = lib.openblas_get_config().decode().strip()
            break
        except (OSError, AttributeError):
            continue
    return config


def run_job(job):
    arrays = np.load(job["data"])
    recurrent = job["recurrent"]
    model = SnnModel(arrays, recurrent)
    steps, batch = job["steps"], job["batch"]
    probabilities = torch.from_numpy(np.array(arrays["probabilities"], dtype=np.float32))
    labels = torch.from_numpy(np.array(arrays["labels"], dtype=np.int64))
    generator = torch.Generator().manual_seed(1)
    x = torch.bernoulli(probabilities.expand(steps, batch, job["inputs"]), generator=generator)
    if job["mode"] == "train":
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

        def step():
            optimizer.zero_grad(set_to_none=True)
            scores, _ = model(x)
            loss_fn(scores, labels).backward()
            optimizer.step()
    else:
        def step():
            with torch.no_grad():
                model(x)
    # The peak spans warm-up too, as Dendrite measures it: whatever a first step allocates counts.
    reset_peak()
    start_kb = status_kb("VmRSS")
    for _ in range(job["warmup"]):
        step()
    times = []
    cpu = []
    for _ in range(job["repeats"]):
        start_cpu = time.process_time()
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    peak_mb = max(0, status_kb("VmHWM") - start_kb) / 1024
    return {"id": job["id"], "scenario": job["scenario"], "mode": job["mode"], "ms_median": statistics.median(times),
            "cpu_ms_median": statistics.median(cpu),
            "ms_all": [round(t, 3) for t in times], "peak_mb": round(peak_mb, 1)}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", required=True)
    parser.add_argument("--threads", type=int, required=True)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print(json.dumps({"config": blas_config(args.threads)}), flush=True)
    with open(args.jobs) as f:
        jobs = json.load(f)
    for job in jobs:
        print(json.dumps(run_job(job)), flush=True)


if __name__ == "__main__":
    main()
