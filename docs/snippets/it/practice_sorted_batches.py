# translation_of: 9cc5c35f176f
import torch

from batchnorm_explained import BatchNorm, format_number

lang = "it"  # la lingua dei numeri stampati: −0,88 in italiano, −0.88 in inglese
generator = torch.Generator().manual_seed(0)
labels = torch.arange(512) % 2  # due classi, 256 esempi ciascuna
# Una feature che distingue le classi: circa −1 per la classe 0 e +1 per la classe 1.
x = (2.0 * labels - 1.0 + 0.5 * torch.randn(512, generator=generator))[:, None]
shuffled = torch.randperm(512, generator=generator)
sorted_by_class = labels.argsort(stable=True)


def class_means(y, classes):  # l'uscita media della classe 0 e quella della classe 1, con il segno
    return [format_number(y[classes == k].mean().item(), lang, 2, sign=True) for k in (0, 1)]


def train_then_infer(order):
    """L'uscita media di ogni classe in addestramento, sui batch nell'ordine `order`, poi in inferenza."""
    layer = BatchNorm(1, momentum=None)  # le sue statistiche mobili: la media su tutti i batch
    y = torch.cat([layer(x[batch]) for batch in order.split(64)])  # addestramento: 8 batch da 64
    return class_means(y.detach(), labels[order]) + class_means(layer.eval()(x).detach(), labels)


train_0, train_1, infer_0, infer_1 = train_then_infer(shuffled)
print(f"mescolati            in addestramento: uscita media della classe 0 {train_0}; della classe 1 {train_1}")
print(f"                     in inferenza:     uscita media della classe 0 {infer_0}; della classe 1 {infer_1}")
train_0, train_1, infer_0, infer_1 = train_then_infer(sorted_by_class)
print(f"ordinati per classe  in addestramento: uscita media della classe 0 {train_0}; della classe 1 {train_1}")
print(f"                     in inferenza:     uscita media della classe 0 {infer_0}; della classe 1 {infer_1}")
