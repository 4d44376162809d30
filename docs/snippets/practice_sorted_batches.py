import torch

from batchnorm_explained import BatchNorm

generator = torch.Generator().manual_seed(0)
labels = torch.arange(512) % 2  # two classes, 256 examples each
# One feature that tells the classes apart: about −1 for class 0 and +1 for class 1.
x = (2.0 * labels - 1.0 + 0.5 * torch.randn(512, generator=generator))[:, None]


def class_means(y, classes):
    means = [round(y[classes == k].mean().item(), 2) + 0.0 for k in (0, 1)]  # + 0.0: no "−0.00"
    return f"class 0 {means[0]:+.2f}, class 1 {means[1]:+.2f}"


orders = {
    "shuffled": torch.randperm(512, generator=generator),
    "sorted by class": labels.argsort(stable=True),
}
for name, order in orders.items():
    layer = BatchNorm(1, momentum=None)  # its running statistics: the average over all batches
    y = torch.cat([layer(x[batch]) for batch in order.split(64)])  # training: 8 batches of 64
    print(f"{name:15}  in training:  mean output of {class_means(y.detach(), labels[order])}")
    print(f"{'':15}  at inference: mean output of {class_means(layer.eval()(x).detach(), labels)}")
