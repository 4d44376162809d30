# translation_of: 2b25e3c73244
import torch

from batchnorm_explained import format_number

lang = "it"  # la lingua dei numeri stampati: 5,985344 in italiano, 5.985344 in inglese
generator = torch.Generator().manual_seed(0)
u = torch.randn(100, dtype=torch.float64, generator=generator)  # l'ingresso dello strato, N = 100
t = torch.randn(100, dtype=torch.float64, generator=generator) + 2  # i valori bersaglio di x̂
b = torch.zeros((), dtype=torch.float64, requires_grad=True)  # il bias appreso
learning_rate = 0.5


def loss(b, through_mean):
    x = u + b
    # detach(): il passo del gradiente ignora che E[x] dipende da b
    mean = x.mean() if through_mean else x.mean().detach()
    x_hat = x - mean
    return ((x_hat - t) ** 2).mean()


# Discesa del gradiente che ignora come E[x] dipenda da b: b si sposta, la perdita no.
for step in range(41):
    b.grad = None
    ell = loss(b, through_mean=False)
    ell.backward()
    if step % 10 == 0:
        print(f"passo {step:2d}: b = {format_number(b.item(), lang, 2):>6}; perdita = {format_number(ell.item(), lang, 6)}")
    with torch.no_grad():
        b -= learning_rate * b.grad

# Lo stesso gradiente, calcolato anche attraverso E[x]: b non riceve più alcuna spinta.
b.grad = None
loss(b, through_mean=True).backward()
print(f"derivando anche attraverso E[x]: ∂ℓ/∂b = {format_number(b.grad.item(), lang, 1, exponent=True)}")
