"""The Figure 1 playground's data file: the digits and NumPy's ziggurat table, gzipped.

The playground (``overrides/assets/javascripts/playground*.js``) trains the network of
``train_digits`` in the reader's browser, from the same initial weights and on the same
mini-batches. It ships neither: ``rng.js`` replays ``np.random.default_rng(seed)`` for any
seed, so it needs only scikit-learn's digits (in ``load_digits`` order: the split is the
seed's permutation, drawn in the browser) and the layer table of NumPy's normal ziggurat,
which NumPy does not expose: ``ziggurat_tables`` reads it from NumPy's own ``standard_normal``.

Byte layout of ``write_data`` (little-endian; the whole file gzipped, gzip's time stamp 0, so
the same inputs give the same bytes):

====== ============== ==================================================================
offset type           what
====== ============== ==================================================================
0      4 bytes        magic ``BNPG``
4      uint32         format version (1)
8      uint32         N, the number of images (1,797)
12     uint32         F, the pixels of an image (64)
16     uint32         T, the training images of the split (1,400; the rest are the test set)
20     uint32         L, the ziggurat's layers (256)
24     N·F × uint8    the pixel values 0..16, image after image (row-major 8×8)
…      N × uint8      the labels 0..9
…      0–7 bytes      zeros, up to a multiple of 8
…      L × float64    wi: the layers' widths over 2⁵² (x = rabs · wi[i])
…      L × uint64     ki: the fast-path bounds of rabs (below 2⁵³, exact as doubles)
====== ============== ==================================================================

The file is one cache entry for every language (``.cache/playground/digits/``), keyed on this
module and the versions of NumPy and scikit-learn; ``sitebuild.outputs.prepare`` makes it.
"""

from __future__ import annotations

import gzip
import struct
from pathlib import Path
from typing import TYPE_CHECKING

from sitebuild import cache

if TYPE_CHECKING:
    import numpy as np

MAGIC = b"BNPG"
VERSION = 1
LAYERS = 256
FILENAME = "playground-digits.bin"
URI = f"assets/data/{FILENAME}"  # where the site publishes it
KIND, NAME = "playground", "digits"

# PCG64's 128-bit LCG (pcg64.h), to make its next output any value we choose.
_MULTIPLIER = (0x2360ED051FC65DA4 << 64) | 0x4385DF649FCCF645
_MODULUS = 1 << 128
_INC = 1  # any odd increment
_RABS_BITS = 52


def path() -> Path:
    """Return the cached data file, making it if its inputs changed."""
    wanted = _key()
    return (cache.load(KIND, NAME, wanted) or cache.save(KIND, NAME, wanted, lambda folder: write_data(folder / FILENAME))) / FILENAME


def cached() -> Path | None:
    """Return the cached data file if it is current, else None (the build reads it)."""
    found = cache.load(KIND, NAME, _key())
    return None if found is None else found / FILENAME


def _key() -> str:
    return cache.key(
        Path(__file__).read_bytes(), code="from batchnorm_explained.figure1 import TRAIN_SIZE", packages=("numpy", "scikit-learn")
    )


def ziggurat_tables() -> tuple[np.ndarray, np.ndarray]:
    """Return NumPy's ziggurat layer table for ``standard_normal``: ``(wi, ki)``, 256 each.

    ``standard_normal`` takes a 64-bit draw r, uses its low 8 bits as the layer i, bit 8 as the
    sign and the next 52 bits as rabs; it returns ±rabs · wi[i] at once when rabs < ki[i],
    and otherwise tests the wedge or the tail with further draws. NumPy compiles the table in
    and does not expose it, so it is read back from NumPy's own sampler: PCG64's state is set
    so that its next output is a draw of our choosing. With rabs = 1 the sampler returns wi[i]
    itself; ki[i] is the smallest rabs for which one draw no longer suffices (a binary search
    on whether the state moved once or more).
    """
    import numpy as np

    bit_generator = np.random.PCG64(0)
    generator = np.random.Generator(bit_generator)
    inverse = pow(_MULTIPLIER, -1, _MODULUS)

    def sample(layer: int, rabs: int) -> tuple[float, bool]:
        # The state after the step is (high 0, low = the draw): XSL-RR rotates by 0 and
        # outputs 0 ^ draw. The state before it is that, undone through the LCG.
        draw = (rabs << 9) | layer
        before = ((draw - _INC) * inverse) % _MODULUS
        bit_generator.state = {"bit_generator": "PCG64", "state": {"state": before, "inc": _INC}, "has_uint32": 0, "uinteger": 0}
        value = generator.standard_normal()
        return value, bit_generator.state["state"]["state"] == draw

    wi = np.empty(LAYERS, np.float64)
    ki = np.empty(LAYERS, np.uint64)
    for layer in range(LAYERS):
        wi[layer], _ = sample(layer, 1)  # layer 1 has no fast path; its wedge accepts x ≈ 5e-17
        low, high = 0, 1 << _RABS_BITS  # ki is in (low, high]: rabs < ki takes one draw
        if sample(layer, 0)[1]:
            while high - low > 1:
                middle = (low + high) // 2
                if sample(layer, middle)[1]:
                    low = middle
                else:
                    high = middle
            ki[layer] = high
        else:
            ki[layer] = 0
    return wi, ki


def data_bytes() -> bytes:
    """Return the uncompressed data file (the layout in the module's docstring)."""
    import numpy as np
    from sklearn.datasets import load_digits

    from batchnorm_explained.figure1 import TRAIN_SIZE

    digits = load_digits()
    pixels = digits.data.astype(np.uint8)  # the values are the integers 0..16
    if not np.array_equal(pixels, digits.data) or pixels.max() > 16:
        raise ValueError("load_digits no longer holds integer pixel values from 0 to 16")
    count, features = pixels.shape
    wi, ki = ziggurat_tables()
    body = struct.pack("<4s5I", MAGIC, VERSION, count, features, TRAIN_SIZE, LAYERS)
    body += pixels.tobytes() + digits.target.astype(np.uint8).tobytes()
    body += b"\0" * (-len(body) % 8)
    return body + wi.astype("<f8").tobytes() + ki.astype("<u8").tobytes()


def write_data(path: Path) -> Path:
    """Write the gzipped data file to ``path`` and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(data_bytes(), compresslevel=9, mtime=0))
    return path


def read_data(raw: bytes) -> dict:
    """Parse a data file (gzipped or not) back into arrays: what the playground reads."""
    import numpy as np

    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    magic, version, count, features, train, layers = struct.unpack_from("<4s5I", raw)
    if magic != MAGIC or version != VERSION:
        raise ValueError(f"not a playground data file of version {VERSION}")
    offset = struct.calcsize("<4s5I")
    pixels = np.frombuffer(raw, np.uint8, count * features, offset).reshape(count, features)
    offset += count * features
    labels = np.frombuffer(raw, np.uint8, count, offset)
    offset += count + (-(offset + count) % 8)
    wi = np.frombuffer(raw, "<f8", layers, offset)
    ki = np.frombuffer(raw, "<u8", layers, offset + 8 * layers)
    if offset + 16 * layers != len(raw):
        raise ValueError("the data file has the wrong length")
    return {"pixels": pixels, "labels": labels, "train_size": train, "wi": wi, "ki": ki}
