import torch

from batchnorm_explained import BatchNorm, format_number

lang = "en"  # the language of the printed numbers: 4.97 in English, 4,97 in Italian
generator = torch.Generator().manual_seed(0)
layer = BatchNorm(1)  # one feature; γ = 1, β = 0
for _ in range(200):  # training data: mean 5, standard deviation 2
    layer(5 + 2 * torch.randn(32, 1, generator=generator))
print(f"after training: running mean = {format_number(layer.running_mean.item(), lang, 2)}, "
      f"running var = {format_number(layer.running_var.item(), lang, 2)}")

example = torch.tensor([[7.0]])  # the same example, in two batches with different batch-mates
batch_a = torch.cat([example, 5 + 2 * torch.randn(31, 1, generator=generator)])
batch_b = torch.cat([example, 9 + 2 * torch.randn(31, 1, generator=generator)])
shifted = 8 + 4 * torch.randn(1000, 1, generator=generator)  # test data after a shift


def first(batch):  # the example's output, signed
    return format_number(layer(batch)[0].item(), lang, 3, sign=True)


with torch.no_grad():
    layer.eval()  # the right mode for inference: running statistics, nothing is updated
    print(f"eval : y(example) = {first(batch_a)} in batch A, {first(batch_b)} in batch B")
    y = layer(shifted)
    print(f"eval, shifted data: mean(y) = {format_number(y.mean().item(), lang, 2, sign=True)}, "
          f"sd(y) = {format_number(y.std().item(), lang, 2)}")

    layer.train()  # the mistake: train mode at inference
    print(f"train: y(example) = {first(batch_a)} in batch A, {first(batch_b)} in batch B")
print(f"after those two calls: running mean = {format_number(layer.running_mean.item(), lang, 2)}")
