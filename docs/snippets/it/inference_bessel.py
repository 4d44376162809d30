# translation_of: 8a899bdd7ed7
import torch

from batchnorm_explained import batch_statistics, format_number

lang = "it"  # la lingua dei numeri stampati: 2,996 in italiano, 2.996 in inglese
generator = torch.Generator().manual_seed(0)
var_x = 4.0  # la popolazione: una gaussiana con deviazione standard 2, quindi Var[x] = 4

for m in (4, 60):
    # 100.000 mini-batch di m valori: la colonna j di questo tensore (m, 100000) è il mini-batch j
    batches = 2.0 * torch.randn(m, 100_000, dtype=torch.float64, generator=generator)
    _, var_b = batch_statistics(batches)  # la σ²_B distorta di ogni mini-batch (Algoritmo 1)
    average = var_b.mean().item()  # E_B[σ²_B]
    expected = (m - 1) / m * var_x
    print(f"m = {m:2d}:  E_B[σ²_B] = {format_number(average, lang, 3)}  (valore atteso (m−1)/m · Var[x] = {format_number(expected, lang, 3)})")
    print(f"          m/(m−1) · E_B[σ²_B] = {format_number(m / (m - 1) * average, lang, 3)}  (Var[x] = {format_number(var_x, lang, 0)})")
