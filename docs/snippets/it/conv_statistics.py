# translation_of: 160a16eb0541
import torch

from batchnorm_explained import batch_statistics, format_number

lang = "it"  # la lingua dei numeri stampati: 2,985 in italiano, 2.985 in inglese
generator = torch.Generator().manual_seed(0)
shift = torch.tensor([0.0, 3.0, -5.0]).view(1, 3, 1, 1)  # ogni feature map con la sua traslazione ...
scale = torch.tensor([1.0, 2.0, 0.5]).view(1, 3, 1, 1)  # ... e la sua dispersione
x = shift + scale * torch.randn(8, 3, 5, 5, dtype=torch.float64, generator=generator)  # (N, C, H, W)
N, C, H, W = x.shape


def show(values):  # un numero per canale, uno accanto all'altro
    return "[" + "  ".join(format_number(v, lang, 3) for v in values.tolist()) + "]"


# A mano: si raccolgono gli N·H·W valori di ogni canale in una riga, poi le statistiche dell'Algoritmo 1
per_channel = x.transpose(0, 1).reshape(C, -1)  # (C, N·H·W)
mu = per_channel.mean(dim=1)
var = ((per_channel - mu[:, None]) ** 2).mean(dim=1)  # distorta: si divide per m′
print(f"m′ = N·H·W = {N}·{H}·{W} = {per_channel.shape[1]} valori per canale")
print(f"μ_B  per canale: {show(mu)}")
print(f"σ²_B per canale: {show(var)}")

mu_lib, var_lib = batch_statistics(x)
gap = max((mu - mu_lib).abs().max(), (var - var_lib).abs().max()).item()
print(f"massimo di |a mano − batch_statistics| = {format_number(gap, lang, 1, exponent=True)}")

# Si normalizza con queste statistiche (γ = 1, β = 0, i valori iniziali di BatchNorm2d) e si
# confronta con torch in modalità di addestramento
x_hat = (x - mu.view(1, C, 1, 1)) / torch.sqrt(var.view(1, C, 1, 1) + 1e-5)
y_torch = torch.nn.BatchNorm2d(C, dtype=torch.float64)(x)
print(f"massimo di |a mano − torch.nn.BatchNorm2d| = {format_number((x_hat - y_torch).abs().max().item(), lang, 1, exponent=True)}")
