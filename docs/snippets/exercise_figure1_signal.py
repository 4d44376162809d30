import numpy as np

from batchnorm_explained import load_digit_split

x = load_digit_split(seed=0)[0]  # the 1,400 training images, 64 pixels from 0 to 1
rng = np.random.default_rng(0)
for init_std in (0.1, 1.0):
    h = x
    spreads = []
    for fan_in in (64, 100, 100):  # the three hidden layers, without batch normalization
        W = rng.normal(0.0, init_std, (fan_in, 100))
        pre = h @ W  # the input of the sigmoids
        spreads.append(pre.std(axis=0).mean())  # how much it varies from one image to another
        h = 1 / (1 + np.exp(-pre))
    print(f"init std {init_std}: spread of the sigmoids' input across images, layer by layer: "
          + ", ".join(f"{s:.3f}" for s in spreads))
