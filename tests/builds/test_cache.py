"""The one cache: keys follow exactly the inputs, entries are whole or absent, the training and experiments are cached."""

from __future__ import annotations

import json

import pytest
from helpers import build_site, copy_project, digest

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


DAMAGES = {
    "empty": lambda data: b"",
    "half": lambda data: data[: len(data) // 2],
    "garbage": lambda data: bytes(range(256)) * 3,
    "digit": lambda data: _flip_a_digit(data),
}


def _flip_a_digit(data: bytes) -> bytes:
    # One digit changed: the file stays well-formed (JSON, SVG, a float) but is wrong.
    index = next((i for i, byte in enumerate(data) if chr(byte).isdigit()), 0)
    return (
        data[:index]
        + bytes([ord("0") + (data[index] - ord("0") + 1) % 10 if chr(data[index]).isdigit() else data[index] ^ 1])
        + data[index + 1 :]
    )


@pytest.fixture
def entry(cache_dir):
    def write(folder):
        (folder / "figure.svg").write_text('<svg width="320" height="240"></svg>', encoding="utf-8")
        (folder / "data.json").write_text('{"mean": 0.5}', encoding="utf-8")

    return cache.save("figures", "en", "key-1", write)


@pytest.mark.parametrize("damage", DAMAGES)
@pytest.mark.parametrize("name", ["figure.svg", "data.json", cache.ENTRY])
def test_a_damaged_entry_is_a_miss_named_in_one_log_line_and_removed(entry, caplog, damage, name):
    path = entry / name
    path.write_bytes(DAMAGES[damage](path.read_bytes()))
    with caplog.at_level("INFO", logger="sitebuild.cache"):
        assert cache.load("figures", "en", "key-1") is None
    if (name, damage) == (cache.ENTRY, "digit"):
        return  # the digit was the key's: an entry made from other inputs, a plain miss the next save replaces
    assert len(caplog.records) == 1
    assert f"cache: {path} " in caplog.records[0].getMessage() and caplog.records[0].getMessage().endswith("; it is made again")
    assert not entry.exists()  # a plain miss from now on: no second message
    assert cache.load("figures", "en", "key-1") is None and len(caplog.records) == 1


def test_a_deleted_or_unreadable_file_is_a_miss(entry, caplog):
    (entry / "figure.svg").unlink()
    with caplog.at_level("INFO", logger="sitebuild.cache"):
        assert cache.load("figures", "en", "key-1") is None
    assert "figure.svg is missing; it is made again" in caplog.text
    entry = cache.save("figures", "en", "key-1", lambda folder: (folder / "data.json").write_text("{}", encoding="utf-8"))
    (entry / "data.json").unlink()
    (entry / "data.json").mkdir()  # replaced by a folder: cannot be read
    assert cache.load("figures", "en", "key-1") is None


def test_an_entry_made_from_other_inputs_is_a_silent_miss_and_kept(entry, caplog):
    with caplog.at_level("INFO", logger="sitebuild.cache"):
        assert cache.load("figures", "en", "key-2") is None
    assert caplog.records == [] and entry.exists()


def test_a_cache_that_cannot_be_written_names_the_file_and_the_cure(cache_dir):
    (cache_dir / "training" / ".lock").mkdir(parents=True)  # the lock file replaced by a folder
    with pytest.raises(cache.CacheError, match=r"the cache's lock .*training/\.lock cannot be taken .*`make clean` empties the cache"):
        cache.lock("training").__enter__()
    (cache_dir / "figures").write_text("a file where the kind's folder should be", encoding="utf-8")
    with pytest.raises(cache.CacheError, match=r"the cache entry .*figures/en cannot be written .*`make clean`"):
        cache.save("figures", "en", "key", lambda folder: None)


@pytest.mark.parametrize("name", ["../outside", "a/b", "..", "", ".hidden", "../../etc/passwd"])
def test_an_entry_is_named_by_one_folder_never_a_path(cache_dir, name):
    with pytest.raises(ValueError, match="a cache entry is named by a kind and a name"):
        cache.folder("snippets", name)


def test_a_process_killed_while_saving_leaves_nothing_the_next_save_keeps(cache_dir):
    place = cache.save("kind", "name", "key-1", lambda folder: (folder / "out.txt").write_text("old", encoding="utf-8"))
    left = place.with_name(".name.deadbeef")  # what a killed save leaves: a folder, and a lock file nobody holds
    left.mkdir()
    left.with_name(left.name + ".lock").touch()
    (left / "out.txt").write_text("half", encoding="utf-8")
    cache.save("kind", "name", "key-2", lambda folder: (folder / "out.txt").write_text("new", encoding="utf-8"))
    assert sorted(path.name for path in place.parent.iterdir()) == ["name"]


@pytest.mark.parametrize("damage", [*DAMAGES, "unrecorded"])
def test_another_tools_cache_file_that_changed_since_the_last_build_is_removed(tmp_path, caplog, damage):
    place = tmp_path / "notebook-html" / "en"
    place.mkdir(parents=True)
    (place / "kept.json").write_text('{"content": "<p>1</p>"}', encoding="utf-8")
    (place / "damaged.json").write_text('{"content": "<p>2</p>"}', encoding="utf-8")
    cache.record_tool_cache(place)
    target = place / "damaged.json"
    if damage == "unrecorded":
        target.unlink()
        (place / "new.json.tmp").write_text('{"cont', encoding="utf-8")  # a write a kill cut short
        target = place / "new.json.tmp"
    else:
        target.write_bytes(DAMAGES[damage](target.read_bytes()))
    with caplog.at_level("INFO", logger="sitebuild.cache"):
        cache.check_tool_cache(place)
    assert {path.name for path in place.iterdir()} == {cache.TOOL_HASHES, "kept.json"}
    assert [record.getMessage().split(" ", 2)[1] for record in caplog.records] == [str(target)]


# One build repairs them all: a file of every kind the cache holds, each damaged its own way.
# (The tests above try every damage on every kind of file, without a build.)
DAMAGED = {
    "figures/en/manifest.json": "empty",
    "figures/it/batch-histogram.svg": "garbage",
    "figures/en/figure-1.png": "half",
    "figures/it/gamma-beta-sweep.png": "deleted",
    "explorer/batch/batch-seed0.f32": "digit",
    "snippets/en-transform_sweep/output.txt": "digit",
    "snippets/it-backprop_check/entry.json": "garbage",
    "notebooks/it-example/example.ipynb": "half",
    "katex/en/formulas.json": "digit",
    "training/figure1/runs.json": "digit",
    "notebook-html/en/*.json": "empty",
    "notebook-html/it/*.json": "digit",
    "jinja/it/*.cache": "garbage",
    # And each language's kept pages: without them, MkDocs would not run, and would not read the caches above.
    "site/en/index.html": "digit",
    "site/it/search/search_index.json": "half",
}


def test_the_next_build_repairs_every_kind_of_damaged_cache_file_and_publishes_what_a_clean_build_does(tmp_path):
    project = copy_project(tmp_path / "project")
    reference = build_site(project, tmp_path / "reference")
    assert reference.returncode == 0, reference.stdout + reference.stderr
    damaged = []
    for pattern, damage in DAMAGED.items():
        path = sorted((project / ".cache").glob(pattern))[0]
        if damage == "deleted":
            path.unlink()
        else:
            path.write_bytes(DAMAGES[damage](path.read_bytes()))
        damaged.append(path.relative_to(project).as_posix())

    repaired = build_site(project, tmp_path / "site")
    output = repaired.stdout + repaired.stderr
    assert repaired.returncode == 0, output
    lines = [line for line in output.splitlines() if "cache: " in line and line.endswith("; it is made again")]
    for path in damaged:
        assert len([line for line in lines if f"{path} " in line]) == 1, (path, lines)  # one line names each damaged file
    assert digest(tmp_path / "site") == digest(tmp_path / "reference")
    # What was damaged is now as recorded, so the next build takes it from the cache.
    for path in damaged:
        entry = next((folder for folder in (project / path).parents if (folder / cache.ENTRY).exists()), None)
        place = (project / path).parent
        if entry is not None:  # an entry of the build's cache (a kept language's is a tree of folders)
            files = json.loads((entry / cache.ENTRY).read_text(encoding="utf-8"))["files"]
            assert all(cache._sha256(entry / name) == digest_ for name, digest_ in files.items()), path
        else:
            recorded = (place / cache.TOOL_HASHES).read_text(encoding="utf-8")
            assert all(f"{cache._sha256(file)}  {file.name}" in recorded for file in place.iterdir() if file.name != cache.TOOL_HASHES)
