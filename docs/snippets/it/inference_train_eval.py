# translation_of: 825ff03dc46c
import torch

from batchnorm_explained import BatchNorm, format_number

lang = "it"  # la lingua dei numeri stampati: +5,000 in italiano, +5.000 in inglese
generator = torch.Generator().manual_seed(0)
mean, std = torch.tensor([5.0, -2.0]), torch.tensor([2.0, 1.0])  # i dati: E[x], √Var[x]


def minibatch(m=32):
    return mean + std * torch.randn(m, 2, generator=generator)  # (m, 2): 2 feature


def show(values):  # un numero per feature, uno accanto all'altro
    return "[" + "  ".join(format_number(v, lang, 3, sign=True) for v in values.tolist()) + "]"


layer, reference = BatchNorm(2), torch.nn.BatchNorm1d(2)  # partono entrambi in modalità di addestramento
differences = []  # |BatchNorm − torch.nn.BatchNorm1d| di ogni uscita e di ogni statistica mobile


def both(x):
    y, y_torch = layer(x), reference(x)
    for ours, theirs in [(y, y_torch), (layer.running_mean, reference.running_mean), (layer.running_var, reference.running_var)]:
        differences.append((ours - theirs).abs().max().item())
    return y


print(f"dati:                  E[x] = {show(mean)}; Var[x] = {show(std**2)}")
for step in range(1, 51):
    both(minibatch())
    if step in (1, 10, 50):
        print(f"dopo il mini-batch {step:2d}: running_mean = {show(layer.running_mean)}; "
              f"running_var = {show(layer.running_var)}")

# Uno stesso esempio, inserito in due mini-batch diversi
example = minibatch(1)
batch_a, batch_b = torch.cat([example, minibatch(31)]), torch.cat([example, minibatch(31)])
print(f"addestramento, mini-batch A: y = {show(both(batch_a)[0])}")
print(f"addestramento, mini-batch B: y = {show(both(batch_b)[0])}")

layer.eval()
reference.eval()
before = [layer.running_mean.clone(), layer.running_var.clone(), layer.num_batches_tracked.clone()]
print(f"valutazione,   mini-batch A: y = {show(both(batch_a)[0])}")
print(f"valutazione,   mini-batch B: y = {show(both(batch_b)[0])}")
after = [layer.running_mean, layer.running_var, layer.num_batches_tracked]
print(f"statistiche mobili invariate in modalità di valutazione: {all(map(torch.equal, before, after))}")
print(f"massimo di |BatchNorm − torch.nn.BatchNorm1d| = {format_number(max(differences), lang, 1, exponent=True)}")
