"""The playground's data file, and rng.js against NumPy's generator draw for draw (in Node)."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess

import numpy as np
import pytest
from helpers import ROOT

from batchnorm_explained import load_digit_split
from sitebuild.outputs import playground_data

RNG_JS = ROOT / "overrides" / "assets" / "javascripts" / "rng.js"
SEEDS = [0, 1, 7, 42, 123456789, 2**32 - 1, 2**40 + 5]


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    path = playground_data.write_data(tmp_path_factory.mktemp("data") / playground_data.FILENAME)
    return path.read_bytes()


def test_the_file_is_small_gzipped_and_the_same_every_time(data, tmp_path):
    assert data[:2] == b"\x1f\x8b"
    assert len(data) < 60_000, len(data)  # the playground's budget is 150 KB, script included
    assert playground_data.write_data(tmp_path / "again.bin").read_bytes() == data


@pytest.mark.parametrize("seed", [0, 3, 2**33 + 1])
def test_the_split_the_browser_draws_is_load_digit_split(data, seed):
    parsed = playground_data.read_data(data)
    order = np.random.default_rng(seed).permutation(len(parsed["labels"]))
    images = (parsed["pixels"][order] / 16.0).astype(np.float32)
    labels = parsed["labels"][order]
    x_train, y_train, x_test, y_test = load_digit_split(seed)
    train = parsed["train_size"]
    np.testing.assert_array_equal(images[:train], x_train)
    np.testing.assert_array_equal(images[train:], x_test)
    np.testing.assert_array_equal(labels[:train], y_train)
    np.testing.assert_array_equal(labels[train:], y_test)


def test_the_layout_is_the_documented_one(data):
    raw = gzip.decompress(data)
    assert raw[:4] == b"BNPG"
    count, features, layers = 1797, 64, 256
    header = 24
    padding = -(header + count * features + count) % 8
    assert len(raw) == header + count * features + count + padding + 16 * layers
    with pytest.raises(ValueError, match="wrong length"):
        playground_data.read_data(raw + b"\0")


def test_the_ziggurat_table_is_the_one_numpy_samples_with():
    wi, ki = playground_data.ziggurat_tables()
    # The layers narrow towards the top (layer 1) and the base layer (0) is the widest.
    assert ki[1] == 0 and np.all(ki[2:] > 0) and np.all(ki < 2**52)
    assert np.all(np.diff(wi[1:]) > 0) and wi[0] > wi[255]
    assert wi[255] * 2.0**52 == pytest.approx(3.6541528853610088)  # the tail starts at r


def _run_node(script: str, tmp_path) -> dict:
    node = shutil.which("node")
    assert node, "node is missing: `make deps` installs the project's npm packages with it"
    shutil.copy(RNG_JS, tmp_path / "rng.mjs")
    wi, ki = playground_data.ziggurat_tables()
    (tmp_path / "tables.json").write_text(json.dumps({"wi": wi.tolist(), "ki": [int(k) for k in ki]}))
    (tmp_path / "run.mjs").write_text(
        "import * as rng from './rng.mjs';\nimport fs from 'node:fs';\n"
        "const raw = JSON.parse(fs.readFileSync(new URL('./tables.json', import.meta.url)));\n"
        "const tables = {wi: Float64Array.from(raw.wi), ki: Float64Array.from(raw.ki)};\n" + script
    )
    result = subprocess.run([node, str(tmp_path / "run.mjs")], capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_rng_js_draws_what_numpy_draws(tmp_path):
    # The calls of train_digits in their order (normal for each weight matrix, then integers
    # for every mini-batch) with odd batch sizes, so that a 64-bit draw's unused 32-bit half
    # carries over from one call to the next as in NumPy; and load_digit_split's permutation.
    out = _run_node(
        f"""
const seeds = {json.dumps(SEEDS)};
const result = {{}};
for (const seed of seeds) {{
  const g = new rng.Generator(seed, tables);
  result[seed] = {{
    pool: rng.seedPool(seed),
    normals: [[64, 100], [100, 100], [100, 10]].map(([a, b]) => Array.from(g.normal(0, 0.1, a * b))),
    batches: [60, 7, 1, 33, 60].map((size) => g.integers(0, 1400, size)),
    wide: g.integers(0, 4294967295, 9).concat(g.integers(5, 3000000000, 9)),
    more: Array.from(g.normal(2, 3, 5000)),
    permutation: Array.from(new rng.Generator(seed).permutation(1797)),
  }};
}}
console.log(JSON.stringify(result));
""",
        tmp_path,
    )
    for seed in SEEDS:
        got = out[str(seed)]
        assert got["pool"] == np.random.SeedSequence(seed).pool.tolist()
        generator = np.random.default_rng(seed)
        for shape, normals in zip([(64, 100), (100, 100), (100, 10)], got["normals"], strict=True):
            expected = generator.normal(0.0, 0.1, shape)
            np.testing.assert_array_equal(np.array(normals), expected.ravel())  # bit for bit
            np.testing.assert_array_equal(np.array(normals).astype(np.float32), expected.astype(np.float32).ravel())
        for size, batch in zip([60, 7, 1, 33, 60], got["batches"], strict=True):
            assert batch == generator.integers(0, 1400, size).tolist()
        assert got["wide"] == generator.integers(0, 4294967295, 9).tolist() + generator.integers(5, 3000000000, 9).tolist()
        np.testing.assert_array_equal(np.array(got["more"]), generator.normal(2, 3, 5000))
        assert got["permutation"] == np.random.default_rng(seed).permutation(1797).tolist()


def test_rng_js_refuses_seeds_numpy_refuses(tmp_path):
    out = _run_node(
        """
const refused = [-1, 1.5, NaN, 2 ** 60].map((seed) => { try { new rng.Generator(seed); return false; } catch (e) { return e instanceof RangeError; } });
console.log(JSON.stringify({refused}));
""",
        tmp_path,
    )
    assert out["refused"] == [True, True, True, True]
