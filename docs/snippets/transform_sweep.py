from batchnorm_explained import batch_summary, format_number, make_batch, normalize_whole

lang = "en"  # the language of the printed numbers: 26.87 in English, 26,87 in Italian
batch = make_batch(seed=0)  # the notebook's 30 images, 32×32
s = batch_summary(batch)
print(f"input:            mean = {format_number(s['mean'], lang, 2):>7}, std = {format_number(s['std'], lang, 2):>7}")
for gamma in (1, 10, 100):
    for beta in (0, 10, 100):
        s = batch_summary(normalize_whole(batch, gamma, beta))
        print(f"γ = {gamma:3d}, β = {beta:3d}: mean = {format_number(s['mean'], lang, 2):>7}, std = {format_number(s['std'], lang, 2):>7}")
