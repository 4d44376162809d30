import torch
import torch.nn.functional as F

from batchnorm_explained import batch_norm, group_norm, instance_norm, layer_norm, rms_norm

generator = torch.Generator().manual_seed(0)
x = 3 + 2 * torch.randn(8, 6, 4, 4, dtype=torch.float64, generator=generator)  # (N, C, H, W)
gamma = torch.rand(6, dtype=torch.float64, generator=generator)  # one γ and β per channel...
beta = torch.randn(6, dtype=torch.float64, generator=generator)
shape = (6, 4, 4)  # ...but one per normalized value for layer and RMS normalization
gamma_all = torch.rand(shape, dtype=torch.float64, generator=generator)
beta_all = torch.randn(shape, dtype=torch.float64, generator=generator)

pairs = {  # the library's function, then PyTorch's
    "batch_norm    (per channel, over N, H, W)": (
        batch_norm(x, gamma, beta), F.batch_norm(x, None, None, gamma, beta, training=True)),
    "layer_norm    (per example, over C, H, W)": (
        layer_norm(x, shape, gamma_all, beta_all), F.layer_norm(x, shape, gamma_all, beta_all)),
    "instance_norm (per example and channel, over H, W)": (
        instance_norm(x, gamma, beta), F.instance_norm(x, weight=gamma, bias=beta)),
    "group_norm    (per example and group of 2 channels)": (
        group_norm(x, 3, gamma, beta), F.group_norm(x, 3, gamma, beta)),
    "rms_norm      (per example, over C, H, W, no mean)": (
        rms_norm(x, shape, gamma_all), F.rms_norm(x, shape, gamma_all, eps=1e-6)),
}
for name, (ours, torchs) in pairs.items():
    print(f"{name}: largest |library − torch| = {(ours - torchs).abs().max().item():.1e}")
