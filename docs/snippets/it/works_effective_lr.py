# translation_of: 3bd1c5d7573f
import torch

from batchnorm_explained import batch_norm, format_number

lang = "it"  # la lingua dei numeri stampati: 0,378 in italiano, 0.378 in inglese
# Uno strato di 30 unità su 20 ingressi, poi la batch normalization (γ = 1, β = 0, ε = 0 come nella sezione 3.3).
generator = torch.Generator().manual_seed(0)
W0 = 0.2 * torch.randn(30, 20, dtype=torch.float64, generator=generator)
u = torch.randn(100, 60, 20, dtype=torch.float64, generator=generator)  # 100 mini-batch di 60 ingressi
target = torch.randn(100, 60, 30, dtype=torch.float64, generator=generator)  # rumore che BN(Wu) deve inseguire


def gradient(W, step):
    """∂ℓ/∂W sul mini-batch `step`, per ℓ = (1/60) Σ ‖BN(Wu) − target‖², calcolato con l'autograd."""
    W = W.clone().requires_grad_()
    loss = (batch_norm(u[step] @ W.T, eps=0.0) - target[step]).square().sum() / 60
    loss.backward()
    return W.grad


def lengths(W):  # ‖W_k‖ in media sulle unità, e il learning rate effettivo lr/‖W_k‖²
    norm = W.norm(dim=1).mean().item()
    return format_number(norm, lang, 2), format_number(lr / norm**2, lang, 3)


g = gradient(W0, 0)
cosines = (g * W0).sum(dim=1) / (g.norm(dim=1) * W0.norm(dim=1))  # uno per unità (riga di W)
print(f"massimo di |cos(∂ℓ/∂W_k, W_k)| sulle 30 unità: {format_number(cosines.abs().max().item(), lang, 1, exponent=True)}")

lr = 0.3
norm, effective = lengths(W0)
print(f"all'inizio: ‖W_k‖ = {norm:>5}; lr/‖W_k‖² = {effective}")
for weight_decay in (0.0, 0.1):
    W = W0.clone()
    print(f"weight decay {format_number(weight_decay, lang, 1)}:")
    for step in range(100):
        W = W - lr * (gradient(W, step) + weight_decay * W)  # SGD con una penalità L2 (weight_decay/2)·‖W‖²
        if step + 1 in (1, 10, 30, 100):
            norm, effective = lengths(W)
            print(f"  passo {step + 1:3d}: ‖W_k‖ = {norm:>5}; lr/‖W_k‖² = {effective}")
