# Steps to reach 72.2% validation accuracy, in millions, as printed in the paper's Figure 3.
# These are the paper's numbers, typed in by hand; nothing here is trained or measured.
steps_to_72_2 = {"Inception": 31.0, "BN-Baseline": 13.3, "BN-x5": 2.1, "BN-x30": 2.7}

inception = steps_to_72_2["Inception"]
for model, steps in steps_to_72_2.items():
    print(f"{model:<11}  {steps:4.1f}e6 steps   Inception/model = {inception / steps:4.1f}×   "
          f"model/Inception = {steps / inception:6.1%}")
