from batchnorm_explained import batch_statistics_noise

# The spread of μ_B over 1,000 random mini-batches of the digits network's first layer, in
# units of the population's σ: 4 examples (one device) and 32 (eight devices, synchronized).
noise = batch_statistics_noise((4, 32))
per_device, synced = noise.mean_noise
print(f"sd(μ_B) / σ: {per_device:.3f} with 4 examples, {synced:.3f} with 32")
print(f"ratio {per_device / synced:.2f}, against √(32/4) = {(32 / 4) ** 0.5:.2f}")
