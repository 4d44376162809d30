# translation_of: b25e7cd04049
from batchnorm_explained import format_number, make_batch

lang = "it"  # la lingua dei numeri stampati: 186,9191 in italiano, 186.9191 in inglese
A = make_batch(batch_size=30, height=32, width=32, seed=0).double()  # float64: rapporti esatti
m = A.numel()
biased, unbiased = A.var(correction=0).item(), A.var(correction=1).item()
print(f"m = {format_number(m, lang, 0, grouped=True)}")
print(f"A.var()             = {format_number(A.var().item(), lang, 4)}  (predefinito di torch: correction=1, divide per m − 1)")
print(f"A.var(correction=1) = {format_number(unbiased, lang, 4)}")
print(f"A.var(correction=0) = {format_number(biased, lang, 4)}  (Algoritmo 1: divide per m)")
print(f"A.numpy().var()     = {format_number(A.numpy().var(), lang, 4)}  (predefinito di NumPy: divide per m)")
print(f"rapporto = {format_number(unbiased / biased, lang, 6)};  m/(m−1) = {format_number(m / (m - 1), lang, 6)}")

x = A[:4, 0, 0]  # un mini-batch di 4 valori: il primo pixel delle prime 4 immagini
ratio = (x.var(correction=1) / x.var(correction=0)).item()
print(f"m = 4: rapporto = {format_number(ratio, lang, 4)};  m/(m−1) = {format_number(4 / 3, lang, 4)};  "
      f"√(m/(m−1)) = {format_number((4 / 3) ** 0.5, lang, 4)}")
