from batchnorm_explained import batch_summary, make_batch, normalize_whole

batch = make_batch(seed=0)  # the notebook's 30 images, 32×32
s = batch_summary(batch)
print(f"input:            mean = {s['mean']:7.2f}, std = {s['std']:7.2f}")
for gamma in (1, 10, 100):
    for beta in (0, 10, 100):
        s = batch_summary(normalize_whole(batch, gamma, beta))
        label = f"γ = {gamma:3d}, β = {beta:3d}"
        print(f"{label}: mean = {s['mean']:7.2f}, std = {s['std']:7.2f}")
