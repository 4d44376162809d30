from batchnorm_explained import format_number

lang = "en"  # the language of the printed numbers: 13.3 in English, 13,3 in Italian
# Steps to reach 72.2% validation accuracy, in millions, as printed in the paper's Figure 3.
# These are the paper's numbers, typed in by hand; nothing here is trained or measured.
steps_to_72_2 = {"Inception": 31.0, "BN-Baseline": 13.3, "BN-x5": 2.1, "BN-x30": 2.7}

inception = steps_to_72_2["Inception"]
for model, steps in steps_to_72_2.items():
    fewer, share = format_number(inception / steps, lang, 1), format_number(100 * steps / inception, lang, 1)
    print(f"{model:<11}  {format_number(steps, lang, 1):>4}e6 steps   Inception/model = {fewer:>4}×   model/Inception = {share:>5}%")
