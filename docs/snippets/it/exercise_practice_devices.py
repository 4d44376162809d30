# translation_of: cf30b842b9dc
import torch

from batchnorm_explained import format_number

lang = "it"  # la lingua dei numeri stampati: 0,500 in italiano, 0.500 in inglese
generator = torch.Generator().manual_seed(0)
x = torch.randn(10_000, 32, generator=generator)  # 10.000 passi, 32 valori di un'attivazione con σ = 1
per_device = x[:, :4].mean(dim=1).std().item()  # una GPU: la media μ_B dei suoi 4 esempi
synced = x.mean(dim=1).std().item()  # SyncBatchNorm: la media di tutti e 32
# ds: la deviazione standard, da un passo all'altro
print(f"ds(μ_B) / σ: {format_number(per_device, lang, 3)} con 4 esempi; {format_number(synced, lang, 3)} con 32")
print(f"rapporto {format_number(per_device / synced, lang, 2)} contro √(32/4) = {format_number((32 / 4) ** 0.5, lang, 2)}")
