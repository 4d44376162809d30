# translation_of: 1a7407def7f4
import torch
import torch.nn.functional as F

from batchnorm_explained import batch_norm, format_number, group_norm, instance_norm, layer_norm, rms_norm

lang = "it"  # la lingua dei numeri stampati: 8,9e−16 in italiano, 8.9e−16 in inglese
generator = torch.Generator().manual_seed(0)
x = 3 + 2 * torch.randn(8, 6, 4, 4, dtype=torch.float64, generator=generator)  # (N, C, H, W)
gamma = torch.rand(6, dtype=torch.float64, generator=generator)  # un γ e un β per canale...
beta = torch.randn(6, dtype=torch.float64, generator=generator)
shape = (6, 4, 4)  # ...ma uno per valore normalizzato nella layer e nella RMS normalization
gamma_all = torch.rand(shape, dtype=torch.float64, generator=generator)
beta_all = torch.randn(shape, dtype=torch.float64, generator=generator)


def largest(ours, torchs):  # la funzione della libreria, poi quella di PyTorch
    return format_number((ours - torchs).abs().max().item(), lang, 1, exponent=True)


gap = largest(batch_norm(x, gamma, beta), F.batch_norm(x, None, None, gamma, beta, training=True))
print(f"batch_norm    (per canale, su N, H, W): massimo di |libreria − torch| = {gap}")
gap = largest(layer_norm(x, shape, gamma_all, beta_all), F.layer_norm(x, shape, gamma_all, beta_all))
print(f"layer_norm    (per esempio, su C, H, W): massimo di |libreria − torch| = {gap}")
gap = largest(instance_norm(x, gamma, beta), F.instance_norm(x, weight=gamma, bias=beta))
print(f"instance_norm (per esempio e canale, su H, W): massimo di |libreria − torch| = {gap}")
gap = largest(group_norm(x, 3, gamma, beta), F.group_norm(x, 3, gamma, beta))
print(f"group_norm    (per esempio e gruppo di 2 canali): massimo di |libreria − torch| = {gap}")
gap = largest(rms_norm(x, shape, gamma_all), F.rms_norm(x, shape, gamma_all, eps=1e-6))
print(f"rms_norm      (per esempio, su C, H, W, senza media): massimo di |libreria − torch| = {gap}")
