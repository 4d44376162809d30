# translation_of: cd7544d00129
import torch
from torch import nn

from batchnorm_explained import format_number

lang = "it"  # la lingua dei numeri stampati: 98,2% in italiano, 98.2% in inglese
torch.manual_seed(0)
threads = torch.get_num_threads()
torch.set_num_threads(1)  # con tensori così piccoli l'addestramento è più veloce su un solo thread che su un pool di thread
direction = torch.randn(10)  # le due classi differiscono lungo questa direzione


def dataset(n, shift=0.0, scale=1.0):
    """n esempi di 10 feature in 2 classi; shift e scale spostano l'intera distribuzione degli ingressi."""
    labels = torch.randint(0, 2, (n,))
    x = torch.randn(n, 10) + 0.6 * (2 * labels[:, None] - 1) * direction
    return shift + scale * x, labels


# momentum=0.01: il valore predefinito di Keras (che lì si scrive momentum=0.99, contando al contrario)
model = nn.Sequential(
    nn.Linear(10, 32, bias=False), nn.BatchNorm1d(32, momentum=0.01), nn.ReLU(), nn.Linear(32, 2)
)
bn = model[1]


def train(x, y, steps, lr=0.2):
    """Semplice SGD su mini-batch di 32 esempi, in modalità di addestramento; i parametri con
    requires_grad=False restano fermi."""
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
    model.eval()  # con le statistiche mobili, come in inferenza
    with torch.no_grad():
        return format_number(100 * (model(x).argmax(dim=1) == y).float().mean().item(), lang, 1) + "%"


train_a, test_a = dataset(2000), dataset(1000)  # il dominio A, per il preaddestramento
train_b, test_b = dataset(2000, 5.0, 0.5), dataset(1000, 5.0, 0.5)  # B: lo stesso compito, con gli ingressi spostati

train(*train_a, steps=400)
print(f"preaddestrata su A:             accuratezza su A {accuracy(*test_a)}; su B {accuracy(*test_b)}")

for p in bn.parameters():
    p.requires_grad = False  # γ e β congelati...
before = bn.running_mean.clone()
train(*train_b, steps=30)  # ...in modalità di addestramento: le statistiche mobili si spostano comunque
moved = (bn.running_mean - before).norm().item()
print(f"rifinita su B (30 passi):       accuratezza su B {accuracy(*test_b)}; running_mean spostata di {format_number(moved, lang, 2)}")

before = bn.running_mean.clone()
with torch.no_grad():
    model.eval()(train_b[0])  # modalità di valutazione: le statistiche mobili si usano, non si aggiornano
print(f"passaggio in valutazione su B:  running_mean invariata: {torch.equal(before, bn.running_mean)}")

# L'Algoritmo 2 come passaggio separato: si dimenticano le statistiche mobili, poi si dà a ogni
# mini-batch di B lo stesso peso (momentum=None), in modalità di addestramento, senza gradienti
# e senza passi dell'ottimizzatore.
bn.reset_running_stats()
bn.momentum = None
model.train()
with torch.no_grad():
    for start in range(0, 2000, 100):
        model(train_b[0][start : start + 100])
print(f"statistiche ricalcolate su B:   accuratezza su B {accuracy(*test_b)}")
torch.set_num_threads(threads)
