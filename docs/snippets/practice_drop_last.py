import torch
from torch.utils.data import DataLoader

examples = torch.randn(100, 8)  # a training set of 100 examples with 8 features
layer = torch.nn.BatchNorm1d(8)  # in training mode

for drop_last in (False, True):
    batches = list(DataLoader(examples, batch_size=33, drop_last=drop_last))
    print(f"drop_last={drop_last}: batch sizes {[len(batch) for batch in batches]}")
    try:
        for batch in batches:
            layer(batch)
        print("  every batch normalized")
    except ValueError as error:
        print(f"  the last batch fails: {error}")
