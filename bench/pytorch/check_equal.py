"""Equal-work check: PyTorch recomputes Dendrite's loss, gradients and hidden spikes from the same weights and inputs.

Usage: check_equal.py check.npz --recurrent|--feedforward (written by `dendrite bench snn --check-pytorch`).
The .npz holds param.* (weights), grad.* (Dendrite's gradients), input [T, B, in], labels, loss and hidden_spikes.
Prints one JSON line per compared quantity; exits 1 when any differs beyond float32 tolerance.
"""
import argparse
import json
import sys

import numpy as np
import torch

from snn_models import SnnModel, loss_fn

RELATIVE = 1e-4  # of the largest magnitude in the reference tensor: float32 sums over T steps and B rows


def compare(name, dendrite, pytorch):
    dendrite = np.asarray(dendrite, dtype=np.float64)
    pytorch = np.asarray(pytorch, dtype=np.float64)
    difference = float(np.max(np.abs(dendrite - pytorch))) if dendrite.size else 0.0
    scale = float(np.max(np.abs(pytorch))) if pytorch.size else 0.0
    ok = dendrite.shape == pytorch.shape and difference <= RELATIVE * max(scale, 1e-3)
    print(json.dumps({"quantity": name, "max_abs_diff": difference, "max_abs": scale, "equal": ok}))
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("npz")
    kind = parser.add_mutually_exclusive_group(required=True)
    kind.add_argument("--recurrent", action="store_true")
    kind.add_argument("--feedforward", action="store_true")
    args = parser.parse_args()
    arrays = np.load(args.npz)
    model = SnnModel(arrays, args.recurrent, prefix="param.")
    x = torch.from_numpy(np.array(arrays["input"], dtype=np.float32))
    labels = torch.from_numpy(np.array(arrays["labels"], dtype=np.int64))
    scores, hidden = model(x)
    loss = loss_fn(scores, labels)
    loss.backward()
    ok = True
    mismatched = int((hidden.detach().numpy() != arrays["hidden_spikes"]).sum())
    print(json.dumps({"quantity": "hidden_spikes", "spikes": int(hidden.sum()), "mismatched": mismatched, "equal": mismatched == 0}))
    ok &= mismatched == 0
    ok &= compare("loss", arrays["loss"], loss.detach().numpy())
    for name, grad in model.named_gradients().items():
        ok &= compare("grad." + name, arrays["grad." + name], grad.numpy())
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
