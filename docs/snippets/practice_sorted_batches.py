import torch

from batchnorm_explained import BatchNorm, format_number

lang = "en"  # the language of the printed numbers: −0.88 in English, −0,88 in Italian
generator = torch.Generator().manual_seed(0)
labels = torch.arange(512) % 2  # two classes, 256 examples each
# One feature that tells the classes apart: about −1 for class 0 and +1 for class 1.
x = (2.0 * labels - 1.0 + 0.5 * torch.randn(512, generator=generator))[:, None]
shuffled = torch.randperm(512, generator=generator)
sorted_by_class = labels.argsort(stable=True)


def class_means(y, classes):  # the mean output of class 0 and of class 1, signed
    return [format_number(y[classes == k].mean().item(), lang, 2, sign=True) for k in (0, 1)]


def train_then_infer(order):
    """Each class's mean output in training, on the batches of `order`, then at inference."""
    layer = BatchNorm(1, momentum=None)  # its running statistics: the average over all batches
    y = torch.cat([layer(x[batch]) for batch in order.split(64)])  # training: 8 batches of 64
    return class_means(y.detach(), labels[order]) + class_means(layer.eval()(x).detach(), labels)


train_0, train_1, infer_0, infer_1 = train_then_infer(shuffled)
print(f"shuffled         in training:  mean output of class 0 {train_0}, class 1 {train_1}")
print(f"                 at inference: mean output of class 0 {infer_0}, class 1 {infer_1}")
train_0, train_1, infer_0, infer_1 = train_then_infer(sorted_by_class)
print(f"sorted by class  in training:  mean output of class 0 {train_0}, class 1 {train_1}")
print(f"                 at inference: mean output of class 0 {infer_0}, class 1 {infer_1}")
