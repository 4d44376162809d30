# ---
# jupyter:
#   description: "Il notebook originale del progetto, eseguito durante la generazione del sito: un batch di immagini casuali, il suo istogramma, la trasformazione sull'intero batch, la griglia di γ e β e le differenze rispetto all'articolo."
#   translation_of: 72ad34928d57
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Un esempio di batch normalization
# <a id="a-batch-normalization-example"></a>
#
# Questo è il notebook da cui è nato il progetto, eseguito durante la generazione del sito.
# Crea un batch di 30 immagini casuali 32×32, ne osserva l'istogramma dei valori dei pixel,
# poi normalizza il batch e lo riscala con un fattore di scala $\gamma$ e una traslazione
# $\beta$. Tutte le funzioni provengono dalla libreria del progetto, `batchnorm_explained`;
# scaricate il notebook per eseguirlo voi stessi.

# %%
# %matplotlib inline
from batchnorm_explained import (
    batch_norm,
    batch_summary,
    describe_batch,
    format_number,
    make_batch,
    normalize_whole,
    plot_gamma_beta_sweep,
)

lang = "it"  # la lingua delle etichette delle figure e dei numeri stampati

# %% [markdown]
# ## Il batch
# <a id="the-batch"></a>
#
# L'immagine $i$ è rumore gaussiano moltiplicato per un intero $a_i \in [0, 5)$, più un
# intero $b_i \in [0, 50)$: ogni immagine ha quindi una dispersione e un offset propri. Il
# seme del generatore casuale (seed) fa sì che il batch sia identico a ogni esecuzione.

# %%
batch = make_batch(batch_size=30, height=32, width=32, seed=0)
print(batch.shape, batch.dtype)

# %% [markdown]
# Messi tutti insieme, i valori dei pixel formano un istogramma frastagliato, con una gobba
# per ciascun gruppo di immagini che hanno lo stesso offset; alcune di queste gobbe sono
# picchi strettissimi (un'immagine con $a_i = 0$ è costante).

# %%
describe_batch(batch, lang=lang)

# %% [markdown]
# ## Normalizzare l'intero batch
# <a id="normalizing-the-whole-batch"></a>
#
# Il notebook sottrae la media $\mu$ del batch e divide per la sua deviazione standard, poi
# moltiplica per il fattore di scala $\gamma$ e trasla di $\beta$:
#
# $$y = \gamma \, \frac{x - \mu}{\sqrt{\sigma^2 + \epsilon}} + \beta$$
#
# Con $\gamma = 1$ e $\beta = 0$ il risultato ha media nulla e varianza unitaria:

# %%
normalized = normalize_whole(batch, gamma=1.0, beta=0.0)
summary = batch_summary(normalized)
print(f"media = {format_number(summary['mean'], lang, 1, exponent=True)}; varianza = {format_number(summary['var'], lang, 6)}")

# %% [markdown]
# Ora la griglia completa: $\gamma$ vale 1, 10 e 100 riga per riga, dall'alto in basso;
# $\beta$ vale 0, 10 e 100 colonna per colonna, da sinistra a destra. Ogni riquadro conserva
# la forma dell'istogramma di partenza: cambiano soltanto la posizione e la larghezza. Dopo
# la trasformazione il batch ha media $\beta$ e deviazione standard $\gamma$, qualunque
# fossero la scala e l'offset iniziali: ecco perché $\gamma$ e $\beta$ permettono alla rete
# di scegliere quale distribuzione riceve in ingresso ciascuno strato.

# %%
plot_gamma_beta_sweep(batch, lang=lang)

# %% [markdown]
# ## In che cosa il notebook differisce dall'articolo
# <a id="how-the-notebook-differs-from-the-paper"></a>
#
# Il notebook illustra l'idea; l'Algoritmo 1 dell'articolo se ne discosta in tre punti.
#
# 1. **Feature per feature, non sull'intero tensore.** L'articolo normalizza ogni
#    attivazione separatamente sul mini-batch: in uno strato completamente connesso ogni
#    feature ha le proprie statistiche, in uno strato convoluzionale ogni canale, calcolate
#    sul batch *e* su tutte le posizioni (sezione 3.2). Il notebook usa invece un'unica media
#    e un'unica varianza per tutto il tensore.
# 2. **Stimatore distorto della varianza.** L'Algoritmo 1 divide la somma degli scarti al
#    quadrato per il numero di valori $m$; `Tensor.var()`, usata dal notebook, divide per
#    $m - 1$ (correzione di Bessel, stimatore non distorto). Qui $m$ comprende tutti i valori
#    del tensore, 30 × 32 × 32 = 30.720.
# 3. **$\epsilon$.** Il notebook aggiunge $10^{-16}$, che in float32 si perde
#    nell'arrotondamento se sommato a una varianza dell'ordine di 1 o maggiore (quella di
#    questo batch è circa 187); il valore predefinito di PyTorch è $10^{-5}$.
#
# Se leggiamo il batch come immagini a un solo canale, abbiamo un'unica feature map: la
# regola per gli strati convoluzionali mette insieme esattamente gli stessi valori del
# notebook, e i due risultati differiscono solo per lo stimatore della varianza, cioè per un
# fattore $\sqrt{m / (m - 1)}$ (entrambi gli $\epsilon$ sono qui trascurabili).

# %%
m = batch.numel()
conv = batch_norm(batch.unsqueeze(1)).squeeze(1)  # (N, C=1, H, W): un solo canale
whole = normalize_whole(batch)
gap = (conv - whole * (m / (m - 1)) ** 0.5).abs().max().item()
print(f"massimo di |conv − whole·√(m/(m−1))|: {format_number(gap, lang, 1, exponent=True)}")

# %% [markdown]
# Se invece consideriamo ciascuna delle 1.024 posizioni dei pixel come una feature, come
# farebbe uno strato completamente connesso, la trasformazione dell'articolo fa sì che *ogni
# pixel* abbia media nulla e varianza unitaria sulle 30 immagini, cosa che la versione
# sull'intero tensore non fa:

# %%
features = batch.reshape(30, -1)  # (N, C): una feature per ogni posizione di pixel
per_feature = batch_norm(features)
whole = normalize_whole(features)
print(f"massimo di |media per pixel| dopo batch_norm:       {format_number(per_feature.mean(0).abs().max().item(), lang, 1, exponent=True)}")
print(f"massimo di |media per pixel| dopo normalize_whole:  {format_number(whole.mean(0).abs().max().item(), lang, 2)}")

# %% [markdown]
# La [documentazione dell'API](../reference/) descrive tutte le funzioni usate qui, con
# l'equazione dell'articolo che ciascuna implementa.
