import torch

from batchnorm_explained import format_number

lang = "en"  # the language of the printed numbers: 5.985344 in English, 5,985344 in Italian
generator = torch.Generator().manual_seed(0)
u = torch.randn(100, dtype=torch.float64, generator=generator)  # the layer's input, N = 100
t = torch.randn(100, dtype=torch.float64, generator=generator) + 2  # targets for x̂
b = torch.zeros((), dtype=torch.float64, requires_grad=True)  # the learned bias
learning_rate = 0.5


def loss(b, through_mean):
    x = u + b
    # detach(): the gradient step ignores that E[x] depends on b
    mean = x.mean() if through_mean else x.mean().detach()
    x_hat = x - mean
    return ((x_hat - t) ** 2).mean()


# Gradient descent that ignores how E[x] depends on b: b moves, the loss does not.
for step in range(41):
    b.grad = None
    ell = loss(b, through_mean=False)
    ell.backward()
    if step % 10 == 0:
        print(f"step {step:2d}: b = {format_number(b.item(), lang, 2):>6}, loss = {format_number(ell.item(), lang, 6)}")
    with torch.no_grad():
        b -= learning_rate * b.grad

# The same gradient, taken through E[x] as well: b gets no push at all.
b.grad = None
loss(b, through_mean=True).backward()
print(f"through E[x]: ∂ℓ/∂b = {format_number(b.grad.item(), lang, 1, exponent=True)}")
