# translation_of: 3ed7e96f69a5
import torch

from batchnorm_explained import batch_norm, format_number

lang = "it"  # la lingua dei numeri stampati: 1,290 in italiano, 1.290 in inglese
# Lo strato dell'esperimento della pagina, con le sue 30 righe w_k riportate a lunghezza unitaria: ŵ_k.
generator = torch.Generator().manual_seed(0)
W = torch.randn(30, 20, dtype=torch.float64, generator=generator)
W_hat = W / W.norm(dim=1, keepdim=True)

squared = []  # ‖∇ℓ(ŵ_k)‖² di ogni unità, su 100 mini-batch sempre nuovi
for _ in range(100):
    u = torch.randn(60, 20, dtype=torch.float64, generator=generator)
    target = torch.randn(60, 30, dtype=torch.float64, generator=generator)
    w = W_hat.clone().requires_grad_()
    loss = (batch_norm(u @ w.T, eps=0.0) - target).square().sum() / 60
    loss.backward()
    squared.append(w.grad.norm(dim=1) ** 2)
G = torch.stack(squared).mean().item()

lr, weight_decay = 0.3, 0.1
norm = (lr**2 * G / (2 * lr * weight_decay - (lr * weight_decay) ** 2)) ** 0.25
print(f"E‖∇ℓ(ŵ_k)‖² = {format_number(G, lang, 3)}")
print(f"equilibrio previsto: ‖w_k‖ = {format_number(norm, lang, 2)}; lr/‖w_k‖² = {format_number(lr / norm**2, lang, 3)}")
