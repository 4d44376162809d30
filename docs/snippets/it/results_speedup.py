# translation_of: 773ea45221b2
from batchnorm_explained import format_number

lang = "it"  # la lingua dei numeri stampati: 13,3 in italiano, 13.3 in inglese
# Passi necessari per raggiungere il 72,2% di accuratezza sul validation set, in milioni, come
# riportati nella Figura 3 dell'articolo. Sono i numeri dell'articolo, trascritti a mano:
# qui non si addestra né si misura nulla.
steps_to_72_2 = {"Inception": 31.0, "BN-Baseline": 13.3, "BN-x5": 2.1, "BN-x30": 2.7}

inception = steps_to_72_2["Inception"]
for model, steps in steps_to_72_2.items():
    fewer, share = format_number(inception / steps, lang, 1), format_number(100 * steps / inception, lang, 1)
    print(f"{model:<11}  {format_number(steps, lang, 1):>4}e6 passi   Inception/modello = {fewer:>4}×   modello/Inception = {share:>5}%")
