import torch

from batchnorm_explained import BatchNorm, format_number

lang = "en"  # the language of the printed numbers: +5.000 in English, +5,000 in Italian
generator = torch.Generator().manual_seed(0)
mean, std = torch.tensor([5.0, -2.0]), torch.tensor([2.0, 1.0])  # the data: E[x], √Var[x]


def minibatch(m=32):
    return mean + std * torch.randn(m, 2, generator=generator)  # (m, 2): 2 features


def show(values):  # one number per feature, side by side
    return "[" + "  ".join(format_number(v, lang, 3, sign=True) for v in values.tolist()) + "]"


layer, reference = BatchNorm(2), torch.nn.BatchNorm1d(2)  # both start in training mode
differences = []  # |BatchNorm − torch.nn.BatchNorm1d| of every output and running statistic


def both(x):
    y, y_torch = layer(x), reference(x)
    for ours, theirs in [(y, y_torch), (layer.running_mean, reference.running_mean), (layer.running_var, reference.running_var)]:
        differences.append((ours - theirs).abs().max().item())
    return y


print(f"data:           E[x] = {show(mean)}, Var[x] = {show(std**2)}")
for step in range(1, 51):
    both(minibatch())
    if step in (1, 10, 50):
        print(f"after batch {step:2d}: running_mean = {show(layer.running_mean)}, "
              f"running_var = {show(layer.running_var)}")

# One example, placed in two different mini-batches
example = minibatch(1)
batch_a, batch_b = torch.cat([example, minibatch(31)]), torch.cat([example, minibatch(31)])
print(f"train, batch A: y = {show(both(batch_a)[0])}")
print(f"train, batch B: y = {show(both(batch_b)[0])}")

layer.eval()
reference.eval()
before = [layer.running_mean.clone(), layer.running_var.clone(), layer.num_batches_tracked.clone()]
print(f"eval,  batch A: y = {show(both(batch_a)[0])}")
print(f"eval,  batch B: y = {show(both(batch_b)[0])}")
after = [layer.running_mean, layer.running_var, layer.num_batches_tracked]
print(f"running statistics unchanged by eval mode: {all(map(torch.equal, before, after))}")
print(f"largest |BatchNorm − torch.nn.BatchNorm1d| = {format_number(max(differences), lang, 1, exponent=True)}")
