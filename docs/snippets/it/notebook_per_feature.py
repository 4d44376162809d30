# translation_of: 7d19a3483827
from batchnorm_explained import batch_norm, format_number, make_batch, normalize_whole

lang = "it"  # la lingua dei numeri stampati: −1,74 in italiano, −1.74 in inglese
A = make_batch(batch_size=30, height=32, width=32, seed=0)  # (30, 32, 32), il batch del notebook


def spread(values, dim):
    # l'intervallo delle medie e delle deviazioni standard (con 1/m) calcolate lungo `dim`
    means, stds = values.mean(dim), values.std(dim, correction=0)
    signed = [format_number(v.item(), lang, 2, sign=True) for v in (means.min(), means.max())]
    return signed + [format_number(v.item(), lang, 2) for v in (stds.min(), stds.max())]


pixels = A.reshape(30, -1)  # (N, C) = (30, 1024): ogni posizione dei pixel è una feature
whole = normalize_whole(pixels)  # il notebook: una sola media e una sola varianza per tutto
print(f"normalize_whole (una media e una varianza per tutti i {format_number(pixels.numel(), lang, 0, grouped=True)} valori):")
low, high, narrowest, widest = spread(whole, 1)
print(f"  per immagine: medie in [{low}; {high}]; dev. std. in [{narrowest}; {widest}]")
low, high, narrowest, widest = spread(whole, 0)
print(f"  per pixel:    medie in [{low}; {high}]; dev. std. in [{narrowest}; {widest}]")

per_feature = batch_norm(pixels)  # Algoritmo 1: ogni posizione dei pixel sulle 30 immagini
mean_gap = per_feature.mean(0).abs().max().item()
std_gap = (per_feature.std(0, correction=0) - 1).abs().max().item()
print("batch_norm, ogni posizione dei pixel è una feature (30 valori ciascuna):")
print(f"  per pixel:    massimo di |media| = {format_number(mean_gap, lang, 1, exponent=True)}; "
      f"massimo di |dev. std. − 1| = {format_number(std_gap, lang, 1, exponent=True)}")

# Immagini a un solo canale: un'unica feature map, quindi entrambe usano gli stessi 30.720 valori
m = A.numel()
one_channel = batch_norm(A.unsqueeze(1)).squeeze(1)  # (N, C=1, H, W)
gap = (one_channel - normalize_whole(A) * (m / (m - 1)) ** 0.5).abs().max().item()
print(f"un solo canale: massimo di |batch_norm − normalize_whole·√(m/(m−1))| = {format_number(gap, lang, 1, exponent=True)}")
