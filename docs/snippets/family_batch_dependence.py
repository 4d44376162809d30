import torch

from batchnorm_explained import batch_norm, group_norm, instance_norm, layer_norm, rms_norm

generator = torch.Generator().manual_seed(0)
image = torch.randn(1, 8, 4, 4, generator=generator)  # one example: 8 channels of 4×4
batch_a = torch.cat([image, torch.randn(3, 8, 4, 4, generator=generator)])  # with 3 batch-mates
batch_b = torch.cat([image, 5 + 3 * torch.randn(3, 8, 4, 4, generator=generator)])  # with 3 others

normalizations = {
    "batch_norm (training)": batch_norm,
    "layer_norm": lambda x: layer_norm(x, (8, 4, 4)),
    "instance_norm": instance_norm,
    "group_norm, 4 groups": lambda x: group_norm(x, 4),
    "rms_norm": lambda x: rms_norm(x, (8, 4, 4)),
}
print("the image's output: largest difference between batch A and batch B, and alone vs in A")
for name, normalize in normalizations.items():
    in_a, in_b, alone = normalize(batch_a)[0], normalize(batch_b)[0], normalize(image)[0]
    a_vs_b, alone_vs_a = (in_a - in_b).abs().max().item(), (alone - in_a).abs().max().item()
    print(f"  {name:21}  {a_vs_b:.1e}   {alone_vs_a:.1e}")

# Alone, the image still has 4×4 values per channel: batch_norm accepts it, and normalizes
# each channel over its own positions, which is instance normalization.
same = (batch_norm(image) - instance_norm(image)).abs().max().item()
print(f"batch_norm(image) vs instance_norm(image): {same:.1e}")
