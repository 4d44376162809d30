# translation_of: 79bb1ae810b9
import torch

from batchnorm_explained import BatchNorm, format_number

lang = "it"  # la lingua dei numeri stampati: 4,97 in italiano, 4.97 in inglese
generator = torch.Generator().manual_seed(0)
layer = BatchNorm(1)  # una sola feature; γ = 1, β = 0
for _ in range(200):  # dati di addestramento: media 5, deviazione standard 2
    layer(5 + 2 * torch.randn(32, 1, generator=generator))
print(f"dopo l'addestramento: media mobile = {format_number(layer.running_mean.item(), lang, 2)}; "
      f"varianza mobile = {format_number(layer.running_var.item(), lang, 2)}")

example = torch.tensor([[7.0]])  # lo stesso esempio, in due batch con compagni diversi
batch_a = torch.cat([example, 5 + 2 * torch.randn(31, 1, generator=generator)])
batch_b = torch.cat([example, 9 + 2 * torch.randn(31, 1, generator=generator)])
shifted = 8 + 4 * torch.randn(1000, 1, generator=generator)  # dati di test dopo un cambiamento di distribuzione


def first(batch):  # l'uscita dell'esempio, con il segno
    return format_number(layer(batch)[0].item(), lang, 3, sign=True)


with torch.no_grad():
    layer.eval()  # la modalità giusta per l'inferenza: statistiche mobili, nessun aggiornamento
    print(f"valutazione:   y(esempio) = {first(batch_a)} nel batch A e {first(batch_b)} nel batch B")
    y = layer(shifted)  # ds: la deviazione standard
    print(f"valutazione, dati spostati: media(y) = {format_number(y.mean().item(), lang, 2, sign=True)}; "
          f"ds(y) = {format_number(y.std().item(), lang, 2)}")

    layer.train()  # l'errore: la modalità di addestramento in inferenza
    print(f"addestramento: y(esempio) = {first(batch_a)} nel batch A e {first(batch_b)} nel batch B")
print(f"dopo queste due chiamate: media mobile = {format_number(layer.running_mean.item(), lang, 2)}")
