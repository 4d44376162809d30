import torch

from batchnorm_explained import BatchNorm

generator = torch.Generator().manual_seed(0)
layer = BatchNorm(1)  # one feature; γ = 1, β = 0
for _ in range(200):  # training data: mean 5, standard deviation 2
    layer(5 + 2 * torch.randn(32, 1, generator=generator))
print(f"after training: running mean = {layer.running_mean.item():.2f}, "
      f"running var = {layer.running_var.item():.2f}")

example = torch.tensor([[7.0]])  # the same example, in two batches with different batch-mates
batch_a = torch.cat([example, 5 + 2 * torch.randn(31, 1, generator=generator)])
batch_b = torch.cat([example, 9 + 2 * torch.randn(31, 1, generator=generator)])
shifted = 8 + 4 * torch.randn(1000, 1, generator=generator)  # test data after a shift

with torch.no_grad():
    layer.eval()  # the right mode for inference: running statistics, nothing is updated
    print(f"eval : y(example) = {layer(batch_a)[0].item():+.3f} in batch A, "
          f"{layer(batch_b)[0].item():+.3f} in batch B")
    y = layer(shifted)
    print(f"eval, shifted data: mean(y) = {y.mean().item():+.2f}, sd(y) = {y.std().item():.2f}")

    layer.train()  # the mistake: train mode at inference
    print(f"train: y(example) = {layer(batch_a)[0].item():+.3f} in batch A, "
          f"{layer(batch_b)[0].item():+.3f} in batch B")
print(f"after those two calls: running mean = {layer.running_mean.item():.2f}")
