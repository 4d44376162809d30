# translation_of: 3c6424a77782
import numpy as np

from batchnorm_explained import format_number

lang = "it"  # la lingua dei numeri stampati: 0,230 in italiano, 0.230 in inglese
rng = np.random.default_rng(0)
x = rng.random((1000, 64))  # 1.000 immagini di 64 pixel tra 0 e 1, il formato delle cifre
for init_std in (0.1, 1.0):
    h, spreads = x, []
    for fan_in in (64, 100, 100):  # i tre strati nascosti della rete della Figura 1, senza BN
        W = rng.normal(0.0, init_std, (fan_in, 100))
        pre = h @ W  # l'ingresso delle sigmoidi
        spreads.append(pre.std(axis=0).mean())  # quanto varia da un'immagine all'altra
        h = 1 / (1 + np.exp(-pre))
    first, second, third = (format_number(s, lang, 3) for s in spreads)
    print(f"pesi iniziali con dev. std. {format_number(init_std, lang, 1)}: dispersione tra le immagini "
          f"dell'ingresso delle sigmoidi, strato per strato: {first}; {second}; {third}")
