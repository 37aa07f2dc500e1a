"""Client defects of 0.3 in reuse and latent samplers: generate, warm start, memory.

Each test failed on 0.3 (main at 195f854) and was written through the tool
that exposed the defect.
"""

import subprocess
import sys
import textwrap
import warnings

import numpy as np
import pytest
from imblearn.over_sampling import ADASYN, SMOTE, RandomOverSampler
from imblearn.under_sampling import RandomUnderSampler
from sklearn.datasets import load_digits, make_classification
from skorch.callbacks import Callback

import imblearn_deepsmote
from imblearn_deepsmote import DeepSMOTE


@pytest.fixture
def readme_data():
    return make_classification(n_samples=600, weights=[0.1, 0.9], random_state=0)


# --- Latent samplers that return more or fewer samples than asked ----------


def test_adasyn_in_latent_space_keeps_the_asked_counts_on_the_readme_data(
    readme_data,
):
    # With this seed ADASYN returned 490 codes where 474 were asked for, and
    # the fit crashed with numpy's "could not broadcast" error.
    X, y = readme_data
    sampler = DeepSMOTE(latent_sampler=ADASYN(), random_state=3)
    with pytest.warns(UserWarning, match="ADASYN in latent space generated more"):
        X_res, y_res = sampler.fit_resample(X, y)
    n_new = sampler.sampling_strategy_
    assert len(X_res) == len(y_res) == len(X) + sum(n_new.values())
    assert np.bincount(y_res).tolist() == [max(np.bincount(y))] * 2


def test_adasyn_in_latent_space_on_digit_images_and_in_generate():
    digits = load_digits()
    keep = np.isin(digits.target, [0, 1, 2])
    images, y = digits.images[keep], digits.target[keep]
    rare = np.flatnonzero(y == 2)[:20]
    keep = np.concatenate([np.flatnonzero(y != 2), rare])
    images, y = images[keep], y[keep]
    sampler = DeepSMOTE(
        latent_sampler=ADASYN(), max_epochs=1, latent_dim=8, random_state=0
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        images_res, y_res = sampler.fit_resample(images, y)
        X_new, y_new = sampler.generate({2: 101, 0: 3}, random_state=1)
    assert len(images_res) == len(y_res)
    assert np.sum(y_new == 2) <= 101 and np.sum(y_new == 0) <= 3
    assert X_new.shape == (len(y_new), 8, 8)


# --- generate: seeds, fitted state, messages --------------------------------


def test_generate_seed_is_used_when_the_latent_sampler_has_its_own_seed(
    tabular_data, fast_params
):
    X, y = tabular_data
    sampler = DeepSMOTE(latent_sampler=SMOTE(random_state=0), **fast_params)
    sampler.fit_resample(X, y)
    first, _ = sampler.generate({1: 10}, random_state=1)
    again, _ = sampler.generate({1: 10}, random_state=1)
    other, _ = sampler.generate({1: 10}, random_state=2)
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, other)


def test_generate_uses_the_fitted_latent_sampler_not_a_changed_parameter(
    tabular_data, fast_params
):
    X, y = tabular_data
    sampler = DeepSMOTE(**fast_params)
    sampler.fit_resample(X, y)
    before, _ = sampler.generate({1: 10}, random_state=3)
    sampler.set_params(latent_sampler=RandomOverSampler(), residual=None, k_neighbors=1)
    after, _ = sampler.generate({1: 10}, random_state=3)
    np.testing.assert_array_equal(before, after)
    assert isinstance(sampler.latent_sampler_, SMOTE)
    # Exact copies of training rows would betray the RandomOverSampler.
    assert not (after[:, None, :] == X[None, :, :]).all(axis=2).any()


@pytest.mark.parametrize(
    "n_samples, message",
    [
        (10, "n_samples must be a dict"),
        ({1: -3}, "n_samples\\[1\\] must be a non-negative int"),
        ({1: 2.5}, "n_samples\\[1\\] must be a non-negative int"),
        ({"cat": 3}, "not in the training data: \\['cat'\\]"),
    ],
)
def test_generate_refuses_bad_counts_with_its_own_message(
    tabular_data, fast_params, n_samples, message
):
    X, y = tabular_data
    sampler = DeepSMOTE(**fast_params)
    sampler.fit_resample(X, y)
    with pytest.raises(ValueError, match=message):
        sampler.generate(n_samples)


def test_generate_accepts_numpy_integer_counts(tabular_data, fast_params):
    X, y = tabular_data
    sampler = DeepSMOTE(**fast_params)
    sampler.fit_resample(X, y)
    _, y_new = sampler.generate({np.int64(1): np.int64(4), 2: 0})
    assert np.bincount(y_new, minlength=3).tolist() == [0, 4, 0]


@pytest.mark.parametrize("latent_sampler", ["smote", RandomUnderSampler()])
def test_generate_after_set_params_of_a_bad_latent_sampler_still_works(
    tabular_data, fast_params, latent_sampler
):
    # generate reads the fitted state; a bad parameter is refused at the next
    # fit, with DeepSMOTE's message.
    X, y = tabular_data
    sampler = DeepSMOTE(**fast_params)
    sampler.fit_resample(X, y)
    sampler.set_params(latent_sampler=latent_sampler)
    _, y_new = sampler.generate({1: 4}, random_state=0)
    assert len(y_new) == 4
    with pytest.raises(ValueError, match="latent_sampler"):
        sampler.fit_resample(X, y)


# --- warm start on data of a wider range ------------------------------------


def test_warm_refit_of_images_follows_the_range_of_the_new_data(image_labels):
    rng = np.random.RandomState(0)
    y = image_labels
    dark = rng.randint(0, 128, size=(len(y), 8, 8)).astype(np.uint8)
    bright = rng.randint(0, 256, size=(len(y), 8, 8)).astype(np.uint8)
    sampler = DeepSMOTE(max_epochs=1, batch_size=16, random_state=0, warm_start=True)
    sampler.fit_resample(dark, y)
    images_res, _ = sampler.fit_resample(bright, y)
    new = images_res[len(y) :]
    assert new.max() > 127
    assert np.mean(new == 127) < 0.05


def test_warm_refit_of_a_table_follows_the_range_of_the_new_data(tabular_data):
    X, y = tabular_data
    rng = np.random.RandomState(0)
    unit = rng.uniform(0, 1, size=X.shape)
    wide = rng.uniform(0, 10, size=X.shape)
    sampler = DeepSMOTE(max_epochs=1, batch_size=16, random_state=0, warm_start=True)
    sampler.fit_resample(unit, y)
    X_res, _ = sampler.fit_resample(wide, y)
    assert X_res[len(X) :].max(axis=0).min() > 1


# --- memory: the cache key follows the module's code ------------------------


def test_memory_retrains_when_the_module_code_changes_under_the_same_name(
    tmp_path, tabular_data, monkeypatch
):
    X, y = tabular_data
    module_dir = tmp_path / "code"
    module_dir.mkdir()
    monkeypatch.syspath_prepend(str(module_dir))

    def load(units, activation):
        (module_dir / "user_nets.py").write_text(
            textwrap.dedent(
                f"""
                from torch import nn

                class Net(nn.Module):
                    def __init__(self, input_shape, latent_dim):
                        super().__init__()
                        n = input_shape[0]
                        self.enc = nn.Sequential(
                            nn.Linear(n, {units}), nn.{activation}(),
                            nn.Linear({units}, latent_dim))
                        self.dec = nn.Linear(latent_dim, n)

                    def encode(self, x):
                        return self.enc(x)

                    def decode(self, z):
                        return self.dec(z)
                """
            )
        )
        sys.modules.pop("user_nets", None)
        import user_nets

        return user_nets.Net

    params = {"max_epochs": 1, "random_state": 0, "memory": str(tmp_path / "cache")}
    first = DeepSMOTE(module=load(64, "ReLU"), **params).fit_resample(X, y)
    changed = DeepSMOTE(module=load(32, "Tanh"), **params)
    changed.fit_resample(X, y)
    assert changed.autoencoder_.module_.enc[0].out_features == 32
    assert isinstance(changed.autoencoder_.module_.enc[1], __import__("torch").nn.Tanh)
    assert first is not None


class CountTrainings(Callback):
    """Counts trainings in a class attribute, so that instances stay equal."""

    count = 0

    def on_train_begin(self, net, X=None, y=None, **kwargs):
        type(self).count += 1


def test_memory_key_changes_with_the_library_version(
    tmp_path, tabular_data, monkeypatch
):
    X, y = tabular_data
    CountTrainings.count = 0
    params = {"max_epochs": 1, "random_state": 0, "memory": str(tmp_path)}
    params["callbacks"] = [CountTrainings()]
    DeepSMOTE(**params).fit_resample(X, y)
    DeepSMOTE(**params).fit_resample(X, y)
    assert CountTrainings.count == 1
    monkeypatch.setattr(imblearn_deepsmote, "__version__", "99.0.0")
    DeepSMOTE(**params).fit_resample(X, y)
    assert CountTrainings.count == 2


def test_memory_refuses_a_local_callback_class_before_training(tmp_path, tabular_data):
    class Local(Callback):
        def on_train_begin(self, net, **kwargs):
            raise AssertionError("trained")

    X, y = tabular_data
    sampler = DeepSMOTE(max_epochs=1, memory=str(tmp_path), callbacks=[Local()])
    with pytest.raises(ValueError, match="callback class .*Local .*cannot be pickled"):
        sampler.fit_resample(X, y)


GRID_SCRIPT = """
import numpy as np
from imblearn.pipeline import Pipeline
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from torch import nn

from imblearn_deepsmote import DeepSMOTE


class Net(nn.Module):
    def __init__(self, input_shape, latent_dim):
        super().__init__()
        self.enc = nn.Linear(input_shape[0], latent_dim)
        self.dec = nn.Linear(latent_dim, input_shape[0])

    def encode(self, x):
        return self.enc(x)

    def decode(self, z):
        return self.dec(z)


if __name__ == "__main__":
    rng = np.random.RandomState(0)
    y = np.repeat([0, 1], [40, 12])
    X = rng.normal(size=(len(y), 4)) + y[:, None]
    sampler = DeepSMOTE(module=Net, max_epochs=1, random_state=0, memory={cache!r})
    grid = GridSearchCV(
        Pipeline([("s", sampler), ("c", LogisticRegression())]),
        {{"s__k_neighbors": [2, 3]}},
        cv=2,
        n_jobs=2,
        error_score="raise",
    )
    grid.fit(X, y)
"""


@pytest.mark.slow
def test_memory_in_a_loky_grid_search_names_a_main_module_class_and_the_fix(
    tmp_path,
):
    script = tmp_path / "grid.py"
    script.write_text(GRID_SCRIPT.format(cache=str(tmp_path / "cache")))
    result = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert result.returncode != 0
    assert "module class Net (module '__main__')" in result.stderr
    assert "Define the class at the top level of a module" in result.stderr


class ReversingOverSampler(RandomOverSampler):
    """Returns the over-sampled set in reverse order: originals last."""

    def _fit_resample(self, X, y):
        X_res, y_res = super()._fit_resample(X, y)
        return X_res[::-1], y_res[::-1]


def test_a_latent_sampler_that_does_not_return_the_originals_first_is_refused(
    tabular_data, fast_params
):
    X, y = tabular_data
    sampler = DeepSMOTE(latent_sampler=ReversingOverSampler(), **fast_params)
    with pytest.raises(ValueError, match="latent_sampler .* did not return the orig"):
        sampler.fit_resample(X, y)
