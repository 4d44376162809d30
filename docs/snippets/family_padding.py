import torch

from batchnorm_explained import batch_norm, format_number, layer_norm

lang = "en"  # the language of the printed numbers: −1.78 in English, −1,78 in Italian
generator = torch.Generator().manual_seed(0)
d = 4  # features per token
sentence_a = torch.randn(5, d, generator=generator)  # 5 tokens
sentence_b = torch.randn(2, d, generator=generator)  # 2 tokens, padded with zero vectors


def padded_batch(length):
    """The two sentences padded to `length` tokens: shape (N, T, d) = (2, length, d)."""
    batch = torch.zeros(2, length, d)
    batch[0, :5], batch[1, :2] = sentence_a, sentence_b
    return batch


def show(values):  # one number per feature, side by side
    return "[" + "  ".join(format_number(v, lang, 2, sign=True) for v in values.tolist()) + "]"


print("the first token of sentence A, normalized:")
for length in (5, 8):
    batch = padded_batch(length)
    # Batch normalization: one mean and variance per feature, over every token of every sentence.
    bn = batch_norm(batch.transpose(1, 2)).transpose(1, 2)  # (N, d, T): statistics over N·T values
    # Layer normalization: one mean and variance per token, over its d features.
    ln = layer_norm(batch, d)
    print(f"  padded to {length} tokens: BN {show(bn[0, 0])}, LN {show(ln[0, 0])}")
