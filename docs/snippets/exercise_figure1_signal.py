import numpy as np

from batchnorm_explained import format_number

lang = "en"  # the language of the printed numbers: 0.230 in English, 0,230 in Italian
rng = np.random.default_rng(0)
x = rng.random((1000, 64))  # 1,000 images of 64 pixels between 0 and 1, the digits' format
for init_std in (0.1, 1.0):
    h, spreads = x, []
    for fan_in in (64, 100, 100):  # the three hidden layers of the Figure 1 network, without BN
        W = rng.normal(0.0, init_std, (fan_in, 100))
        pre = h @ W  # the input of the sigmoids
        spreads.append(pre.std(axis=0).mean())  # how much it varies from one image to another
        h = 1 / (1 + np.exp(-pre))
    first, second, third = (format_number(s, lang, 3) for s in spreads)
    print(f"init std {format_number(init_std, lang, 1)}: spread of the sigmoids' input across images, "
          f"layer by layer: {first}, {second}, {third}")
