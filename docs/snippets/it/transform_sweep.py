# translation_of: d77552cfe9bd
from batchnorm_explained import batch_summary, format_number, make_batch, normalize_whole

lang = "it"  # la lingua dei numeri stampati: 26,87 in italiano, 26.87 in inglese
batch = make_batch(seed=0)  # le 30 immagini 32×32 del notebook
s = batch_summary(batch)
print(f"ingresso:         media = {format_number(s['mean'], lang, 2):>7}; dev. std. = {format_number(s['std'], lang, 2):>7}")
for gamma in (1, 10, 100):
    for beta in (0, 10, 100):
        s = batch_summary(normalize_whole(batch, gamma, beta))
        print(f"γ = {gamma:3d}, β = {beta:3d}: media = {format_number(s['mean'], lang, 2):>7}; dev. std. = {format_number(s['std'], lang, 2):>7}")
