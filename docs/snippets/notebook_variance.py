from batchnorm_explained import format_number, make_batch

lang = "en"  # the language of the printed numbers: 186.9191 in English, 186,9191 in Italian
A = make_batch(batch_size=30, height=32, width=32, seed=0).double()  # float64: exact ratios
m = A.numel()
biased, unbiased = A.var(correction=0).item(), A.var(correction=1).item()
print(f"m = {format_number(m, lang, 0, grouped=True)}")
print(f"A.var()             = {format_number(A.var().item(), lang, 4)}  (torch's default: correction=1, divide by m − 1)")
print(f"A.var(correction=1) = {format_number(unbiased, lang, 4)}")
print(f"A.var(correction=0) = {format_number(biased, lang, 4)}  (Algorithm 1: divide by m)")
print(f"A.numpy().var()     = {format_number(A.numpy().var(), lang, 4)}  (NumPy's default: divide by m)")
print(f"ratio = {format_number(unbiased / biased, lang, 6)},  m/(m−1) = {format_number(m / (m - 1), lang, 6)}")

x = A[:4, 0, 0]  # a mini-batch of 4: the first pixel of the first 4 images
ratio = (x.var(correction=1) / x.var(correction=0)).item()
print(f"m = 4: ratio = {format_number(ratio, lang, 4)},  m/(m−1) = {format_number(4 / 3, lang, 4)},  "
      f"√(m/(m−1)) = {format_number((4 / 3) ** 0.5, lang, 4)}")
