import torch

from batchnorm_explained import batch_norm, format_number, group_norm, instance_norm, layer_norm, rms_norm

lang = "en"  # the language of the printed numbers: 3.4e+00 in English, 3,4e+00 in Italian
generator = torch.Generator().manual_seed(0)
image = torch.randn(1, 8, 4, 4, generator=generator)  # one example: 8 channels of 4×4
batch_a = torch.cat([image, torch.randn(3, 8, 4, 4, generator=generator)])  # with 3 batch-mates
batch_b = torch.cat([image, 5 + 3 * torch.randn(3, 8, 4, 4, generator=generator)])  # with 3 others


def differences(normalize):
    """The image's output: largest |in A − in B| and largest |alone − in A|, formatted."""
    in_a, in_b, alone = normalize(batch_a)[0], normalize(batch_b)[0], normalize(image)[0]
    a_vs_b, alone_vs_a = (in_a - in_b).abs().max().item(), (alone - in_a).abs().max().item()
    return [format_number(value, lang, 1, exponent=True) for value in (a_vs_b, alone_vs_a)]


print("the image's output: largest difference between batch A and batch B, and alone vs in A")
a_vs_b, alone_vs_a = differences(batch_norm)
print(f"  batch_norm (training)  {a_vs_b}   {alone_vs_a}")
a_vs_b, alone_vs_a = differences(lambda x: layer_norm(x, (8, 4, 4)))
print(f"  layer_norm             {a_vs_b}   {alone_vs_a}")
a_vs_b, alone_vs_a = differences(instance_norm)
print(f"  instance_norm          {a_vs_b}   {alone_vs_a}")
a_vs_b, alone_vs_a = differences(lambda x: group_norm(x, 4))
print(f"  group_norm, 4 groups   {a_vs_b}   {alone_vs_a}")
a_vs_b, alone_vs_a = differences(lambda x: rms_norm(x, (8, 4, 4)))
print(f"  rms_norm               {a_vs_b}   {alone_vs_a}")

# Alone, the image still has 4×4 values per channel: batch_norm accepts it, and normalizes
# each channel over its own positions, which is instance normalization.
same = (batch_norm(image) - instance_norm(image)).abs().max().item()
print(f"batch_norm(image) vs instance_norm(image): {format_number(same, lang, 1, exponent=True)}")
