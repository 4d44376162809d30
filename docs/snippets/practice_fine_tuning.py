import torch
from torch import nn

from batchnorm_explained import format_number

lang = "en"  # the language of the printed numbers: 98.2% in English, 98,2% in Italian
torch.manual_seed(0)
threads = torch.get_num_threads()
torch.set_num_threads(1)  # tensors this small train faster on one thread than on a pool
direction = torch.randn(10)  # the two classes differ along this direction


def dataset(n, shift=0.0, scale=1.0):
    """n examples of 10 features in 2 classes; shift and scale move the whole input distribution."""
    labels = torch.randint(0, 2, (n,))
    x = torch.randn(n, 10) + 0.6 * (2 * labels[:, None] - 1) * direction
    return shift + scale * x, labels


# momentum=0.01: Keras's default (written momentum=0.99 there, counting the other way round)
model = nn.Sequential(
    nn.Linear(10, 32, bias=False), nn.BatchNorm1d(32, momentum=0.01), nn.ReLU(), nn.Linear(32, 2)
)
bn = model[1]


def train(x, y, steps, lr=0.2):
    """Plain SGD on mini-batches of 32, in train mode; parameters with requires_grad=False stay put."""
    model.train()
    for _ in range(steps):
        batch = torch.randint(0, len(x), (32,))
        loss = nn.functional.cross_entropy(model(x[batch]), y[batch])
        model.zero_grad()
        loss.backward()
        with torch.no_grad():
            for p in model.parameters():
                if p.requires_grad:
                    p -= lr * p.grad


def accuracy(x, y):
    model.eval()  # with the running statistics, as at inference
    with torch.no_grad():
        return format_number(100 * (model(x).argmax(dim=1) == y).float().mean().item(), lang, 1) + "%"


train_a, test_a = dataset(2000), dataset(1000)  # domain A, for pre-training
train_b, test_b = dataset(2000, 5.0, 0.5), dataset(1000, 5.0, 0.5)  # B: the same task, moved

train(*train_a, steps=400)
print(f"pre-trained on A:           accuracy on A {accuracy(*test_a)}, on B {accuracy(*test_b)}")

for p in bn.parameters():
    p.requires_grad = False  # γ and β frozen...
before = bn.running_mean.clone()
train(*train_b, steps=30)  # ...in train mode: the running statistics still move
moved = (bn.running_mean - before).norm().item()
print(f"fine-tuned on B (30 steps): accuracy on B {accuracy(*test_b)}; running_mean moved by {format_number(moved, lang, 2)}")

before = bn.running_mean.clone()
with torch.no_grad():
    model.eval()(train_b[0])  # eval mode: the running statistics are used, not updated
print(f"eval-mode pass over B:      running_mean unchanged: {torch.equal(before, bn.running_mean)}")

# Algorithm 2 as a separate pass: forget the running statistics, then give every mini-batch of
# B the same weight (momentum=None), in train mode, with no gradient and no optimizer step.
bn.reset_running_stats()
bn.momentum = None
model.train()
with torch.no_grad():
    for start in range(0, 2000, 100):
        model(train_b[0][start : start + 100])
print(f"statistics recomputed on B: accuracy on B {accuracy(*test_b)}")
torch.set_num_threads(threads)
