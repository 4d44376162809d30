# translation_of: 183ab9235526
import torch

from batchnorm_explained import batch_norm, format_number

lang = "it"  # la lingua dei numeri stampati: 1,3e−15 in italiano, 1.3e−15 in inglese
generator = torch.Generator().manual_seed(0)
x = 2 + 3 * torch.randn(256, 16, dtype=torch.float64, generator=generator)  # i 256 esempi di un passo
devices = x.split(32)  # 8 dispositivi, 32 esempi ciascuno

# BatchNorm normale con il parallelismo sui dati: ogni dispositivo normalizza con i suoi 32 esempi.
per_device = torch.cat([batch_norm(share) for share in devices])

# Ghost batch normalization su un solo dispositivo: lo stesso calcolo, con il batch diviso in 8 batch «fantasma».
ghosts = x.reshape(8, 32, 16).transpose(0, 1).reshape(32, 8 * 16)  # (32, ghost × feature)
ghost = batch_norm(ghosts).reshape(32, 8, 16).transpose(0, 1).reshape(256, 16)

# SyncBatchNorm: i dispositivi sommano i loro conteggi, le loro somme e le somme dei quadrati (un
# all-reduce), così che ognuno normalizzi con le statistiche di tutti i 256 esempi.
count = sum(len(share) for share in devices)
total = sum(share.sum(dim=0) for share in devices)
total_sq = sum((share**2).sum(dim=0) for share in devices)
mean = total / count
var = total_sq / count - mean**2  # distorta, come nell'Algoritmo 1
synced = torch.cat([(share - mean) / torch.sqrt(var + 1e-5) for share in devices])


def largest(t):
    return format_number(t.abs().max().item(), lang, 1, exponent=True)


print(f"massimo di |ghost − per dispositivo|                  = {largest(ghost - per_device)}")
print(f"massimo di |sincronizzata − BN dei 256 tutti insieme| = {largest(synced - batch_norm(x))}")
means = torch.stack([share[:, 0].mean() for share in devices])
low, high, overall = (format_number(v, lang, 2) for v in (means.min().item(), means.max().item(), x[:, 0].mean().item()))
print(f"feature 0: le medie μ_B degli 8 dispositivi vanno da {low} a {high}; la media di tutti i 256 è {overall}")
