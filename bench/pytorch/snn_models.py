"""The benchmark networks in plain PyTorch: an explicit time loop and a fast-sigmoid surrogate.

They mirror bench/Dendrite.Bench/Snn/SnnNetwork.cs exactly:
LIF (snnTorch Leaky defaults): beta 0.9, threshold 1, subtract reset computed from the previous membrane and
detached, spike = H(mem - threshold) with strict >, fast-sigmoid surrogate 1 / (25|x| + 1)^2.
Scenario A: 700 -> 256 recurrent LIF (bias, no recurrent bias) -> 20 leaky integrators (beta 0.9, no bias), scores =
max over time of the readout membrane. Scenario B: 784 -> 1000 LIF (bias) -> 10 LIF (bias), scores = spike counts.
Loss: cross-entropy (mean over the batch).
"""
import numpy as np
import torch
import torch.nn.functional as F

BETA = 0.9
THRESHOLD = 1.0
SLOPE = 25.0


class FastSigmoidSpike(torch.autograd.Function):
    """Heaviside forward, SuperSpike / fast-sigmoid derivative 1 / (slope |x| + 1)^2 backward."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return (x > 0).to(x.dtype)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad / (SLOPE * x.abs() + 1.0) ** 2


spike = FastSigmoidSpike.apply


def lif_sequence(currents, recurrent_weight=None):
    """currents [T, B, N] -> spikes [T, B, N]; with recurrent_weight [N, N] step t adds spk[t-1] @ W_rec^T."""
    steps, batch, neurons = currents.shape
    mem = currents.new_zeros(batch, neurons)
    spk = currents.new_zeros(batch, neurons)
    spikes = []
    for t in range(steps):
        reset = (mem > THRESHOLD).to(mem.dtype)  # from the previous membrane; a comparison carries no gradient
        x = currents[t]
        if recurrent_weight is not None:
            x = x + spk @ recurrent_weight.t()
        mem = BETA * mem + x - reset * THRESHOLD
        spk = spike(mem - THRESHOLD)
        spikes.append(spk)
    return torch.stack(spikes)


def leaky_readout(currents):
    """Non-spiking leaky integrator u = beta u + x; returns the membrane [T, B, N]."""
    u = currents.new_zeros(currents.shape[1:])
    trace = []
    for t in range(currents.shape[0]):
        u = BETA * u + currents[t]
        trace.append(u)
    return torch.stack(trace)


class SnnModel(torch.nn.Module):
    """Scenario A (recurrent) or B (feed-forward) from the arrays Dendrite exported (names as in SnnNetwork.Weights)."""

    def __init__(self, arrays, recurrent, prefix=""):
        super().__init__()
        self.recurrent = recurrent

        def param(name):
            return torch.nn.Parameter(torch.from_numpy(np.array(arrays[prefix + name], dtype=np.float32)))

        self.w_in = param("hidden.weight")
        self.b_in = param("hidden.bias")
        self.w_out = param("output.weight")
        if recurrent:
            self.w_rec = param("hidden.recurrent_weight")
        else:
            self.b_out = param("output.bias")

    def named_gradients(self):
        names = {"w_in": "hidden.weight", "b_in": "hidden.bias", "w_out": "output.weight",
                 "w_rec": "hidden.recurrent_weight", "b_out": "output.bias"}
        return {names[n]: p.grad for n, p in self.named_parameters()}

    def forward(self, x):
        """x [T, B, in] spikes -> (class scores [B, C], hidden spikes [T, B, H])."""
        currents = x @ self.w_in.t() + self.b_in  # one GEMM over all steps
        if self.recurrent:
            hidden = lif_sequence(currents, self.w_rec)
            return leaky_readout(hidden @ self.w_out.t()).max(0).values, hidden
        hidden = lif_sequence(currents)
        return lif_sequence(hidden @ self.w_out.t() + self.b_out).sum(0), hidden


def loss_fn(scores, labels):
    return F.cross_entropy(scores, labels)
