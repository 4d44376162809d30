"""The one cache: keys follow exactly the inputs, entries are whole or absent, the training and experiments are cached."""

from __future__ import annotations

import json

import pytest

from sitebuild import cache
from sitebuild.outputs import experiments, training

SHORT = {**training.FIGURE1, "steps": 300}  # a short run: the test trains it for real


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "CACHE_DIR", tmp_path / "cache")
    return tmp_path / "cache"


def names(code: str, lang: str | None = None) -> set[str]:
    return {path.name for path in cache.dependencies(code, lang)}


def test_a_key_follows_the_library_modules_the_code_imports_and_their_imports():
    assert names("from batchnorm_explained import BatchNorm") == {"__init__.py", "layer.py", "transform.py", "_checks.py"}
    assert names("from batchnorm_explained import figure1") == {"__init__.py", "figure1.py", "_checks.py"}
    drawing = names("from batchnorm_explained import describe_batch", "it")
    assert {"plotting.py", "locales.py", "languages.toml", "en.toml", "it.toml"} <= drawing
    assert "layer.py" not in drawing
    assert "it.toml" not in names("from batchnorm_explained import describe_batch", "en")
    assert "layer.py" in names("import batchnorm_explained")  # the whole package: all of it
    assert cache.key("ab", "c") != cache.key("a", "bc")


def test_the_training_is_cached_on_its_code_and_settings_not_on_the_plots(cache_dir, monkeypatch):
    trained = []
    real_train = training._train

    def counting_train(settings, folder):
        trained.append(settings)
        real_train(settings, folder)

    monkeypatch.setattr(training, "_train", counting_train)
    first = training.runs(SHORT)
    assert training.runs(SHORT) == first and len(trained) == 1  # read back, not retrained
    assert training.is_current(SHORT)
    assert not training.is_current({**SHORT, "steps": 400})  # new settings: new runs
    # The key follows the library files the training imports, and the plots are not among them.
    used = names("from batchnorm_explained import figure1")
    assert not used & {"plotting.py", "figure1_plot.py", "en.toml", "it.toml"}
    monkeypatch.setattr(cache, "dependencies", lambda code, lang=None: [cache.LIBRARY_DIR / "layer.py"])
    assert not training.is_current(SHORT)


def test_the_later_experiments_are_computed_once_and_read_back_as_the_librarys_results(cache_dir, monkeypatch):
    import batchnorm_explained

    calls = []
    real = batchnorm_explained.batch_statistics_noise

    def counting(**settings):
        calls.append(settings)
        return real(**settings)

    monkeypatch.setattr(batchnorm_explained, "batch_statistics_noise", counting)
    settings = {**experiments.BATCH_NOISE, "draws": 50}
    first = experiments.batch_noise(settings)
    assert experiments.batch_noise(settings) == first and len(calls) == 1  # read back, as the same dataclass
    assert isinstance(first, batchnorm_explained.BatchNoise) and isinstance(first.batch_sizes, tuple)
    experiments.batch_noise({**settings, "draws": 60})
    assert len(calls) == 2  # new settings: computed again
    # Each experiment's key follows the library modules its function imports, and no plot.
    for function in ("sweep_learning_rates", "batch_statistics_noise", "dropout_variance_shift"):
        assert not names(f"from batchnorm_explained import {function}") & {"plotting.py", "experiments_plot.py", "en.toml", "it.toml"}


def test_a_damaged_entry_is_made_again(cache_dir):
    place = cache_dir / training.KIND / training.NAME
    place.mkdir(parents=True)
    (place / cache.ENTRY).write_text('{"key": "trunc', encoding="utf-8")  # a write that was cut short
    assert not training.is_current(SHORT)
    without_bn, with_bn = training.runs(SHORT)
    assert without_bn.steps[-1] == with_bn.steps[-1] == 300
    assert training.is_current(SHORT)


def test_an_entry_is_replaced_whole_or_not_at_all(cache_dir):
    def write(text):
        return lambda folder: (folder / "out.txt").write_text(text, encoding="utf-8")

    old = cache.save("kind", "name", "key-1", write("old"))
    recorded = json.loads((old / cache.ENTRY).read_text(encoding="utf-8"))
    assert recorded["key"] == "key-1" and set(recorded["files"]) == {"out.txt"}

    def failing(folder):
        (folder / "out.txt").write_text("half", encoding="utf-8")
        raise RuntimeError("stopped midway")

    with pytest.raises(RuntimeError):
        cache.save("kind", "name", "key-2", failing)
    assert cache.load("kind", "name", "key-1") == old and (old / "out.txt").read_text() == "old"
    assert cache.load("kind", "name", "key-2") is None
    assert sorted(path.name for path in (cache_dir / "kind").iterdir()) == ["name"]  # nothing left aside
    cache.save("kind", "name", "key-2", write("new"))
    assert cache.load("kind", "name", "key-1") is None and (cache.load("kind", "name", "key-2") / "out.txt").read_text() == "new"
