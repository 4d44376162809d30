# translation_of: f52cf30eb379
import torch
from torch.utils.data import DataLoader

examples = torch.randn(100, 8)  # un training set di 100 esempi con 8 feature
layer = torch.nn.BatchNorm1d(8)  # in modalità di addestramento

for drop_last in (False, True):
    batches = list(DataLoader(examples, batch_size=33, drop_last=drop_last))
    print(f"drop_last={drop_last}: dimensioni dei batch {[len(batch) for batch in batches]}")
    try:
        for batch in batches:
            layer(batch)
        print("  tutti i batch normalizzati")
    except ValueError as error:
        print(f"  l'ultimo batch viene rifiutato: {error}")
