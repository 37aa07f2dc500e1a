"""The grid of real and generated images per class."""

import sys

import numpy as np
import pytest

from imblearn_deepsmote._plotting import plot_class_samples


@pytest.fixture
def figure_class():
    return pytest.importorskip("matplotlib.figure").Figure


@pytest.fixture
def samples():
    """Flattened 6x5 images: classes 0, 1, 2 real; 1 and 2 generated."""
    rng = np.random.default_rng(0)
    y_real = np.array([0] * 6 + [1] * 3 + [2] * 2)
    y_synthetic = np.array([1] * 3 + [2] * 4)
    X_real = rng.uniform(0, 16, size=(len(y_real), 30))
    X_synthetic = rng.uniform(0, 16, size=(len(y_synthetic), 30))
    return X_real, y_real, X_synthetic, y_synthetic


def image_counts(axes_grid):
    return [sum(len(ax.images) for ax in row) for row in axes_grid]


def grid(panel, n_columns):
    """The axes of a subfigure, row by row."""
    axes = panel.axes
    return [axes[start : start + n_columns] for start in range(0, len(axes), n_columns)]


def test_one_row_per_class_real_left_generated_right(figure_class, samples):
    figure = plot_class_samples(*samples, image_shape=(6, 5), n_per_class=4)

    assert isinstance(figure, figure_class)
    real, generated = figure.subfigs
    assert [text.get_text() for text in real.texts] == ["real"]
    assert [text.get_text() for text in generated.texts] == ["generated"]
    assert len(figure.axes) == 3 * 2 * 4
    # At most n_per_class images per class, fewer if the class has fewer.
    assert image_counts(grid(real, 4)) == [4, 3, 2]
    assert image_counts(grid(generated, 4)) == [0, 3, 4]
    assert [row[0].get_ylabel() for row in grid(real, 4)] == ["0", "1", "2"]


def test_class_without_generated_samples_says_none(figure_class, samples):
    figure = plot_class_samples(*samples, image_shape=(6, 5), n_per_class=4)

    _, generated = figure.subfigs
    first_row = grid(generated, 4)[0]
    assert [text.get_text() for text in first_row[0].texts] == ["none"]


def test_images_share_one_intensity_scale(figure_class, samples):
    X_real, y_real, X_synthetic, y_synthetic = samples
    figure = plot_class_samples(
        X_real, y_real, X_synthetic * 0.5, y_synthetic, image_shape=(6, 5)
    )

    limits = {image.get_clim() for ax in figure.axes for image in ax.images}
    low = min(X_real.min(), 0.5 * X_synthetic.min())
    assert limits == {(low, max(X_real.max(), 0.5 * X_synthetic.max()))}


def test_saves_png(figure_class, samples, tmp_path):
    path = tmp_path / "grid.png"

    plot_class_samples(*samples, image_shape=(6, 5), path=path)

    assert path.read_bytes().startswith(b"\x89PNG")
    assert path.stat().st_size > 1000


def test_leaves_pyplot_alone(figure_class, samples):
    plt = pytest.importorskip("matplotlib.pyplot")
    open_figures = plt.get_fignums()

    plot_class_samples(*samples, image_shape=(6, 5))

    assert plt.get_fignums() == open_figures


def test_draws_on_given_figure(figure_class, samples):
    figure = figure_class()

    assert plot_class_samples(*samples, image_shape=(6, 5), figure=figure) is figure
    assert len(figure.axes) == 3 * 2 * 5


@pytest.mark.parametrize(
    "shape, image_shape, drawn_shape",
    [
        ((6, 5), None, (6, 5)),
        ((1, 6, 5), None, (6, 5)),
        ((3, 6, 5), None, (6, 5, 3)),
        ((2, 6, 5), None, (6, 5)),
        ((90,), (3, 6, 5), (6, 5, 3)),
    ],
    ids=["height-width", "one-channel", "colour", "two-channel", "flat-colour"],
)
def test_image_layouts(figure_class, samples, shape, image_shape, drawn_shape):
    X_real, y_real, _, _ = samples
    images = np.random.default_rng(0).uniform(size=(len(y_real), *shape))

    figure = plot_class_samples(images, y_real, images[:2], y_real[:2], image_shape)

    drawn = figure.axes[0].images[0].get_array()
    assert drawn.shape == drawn_shape
    if len(drawn_shape) == 3:
        # Colour images go to imshow as RGB in [0, 1].
        assert 0 <= drawn.min() and drawn.max() <= 1


def test_channels_last_images_are_refused_with_the_transpose_to_use(
    figure_class, samples
):
    # (N, H, W, C) colour images were drawn as 6-channel grey means before.
    X_real, y_real, _, _ = samples
    images = np.random.default_rng(0).uniform(size=(len(y_real), 6, 5, 3))

    with pytest.raises(
        ValueError, match=r"look channels-last.*X.transpose\(0, 3, 1, 2\)"
    ):
        plot_class_samples(images, y_real, images[:2], y_real[:2])


def test_class_names_label_the_rows(figure_class, samples):
    figure = plot_class_samples(
        *samples, image_shape=(6, 5), n_per_class=4, class_names=["a", "b", "c"]
    )

    real, _ = figure.subfigs
    assert [row[0].get_ylabel() for row in grid(real, 4)] == ["a", "b", "c"]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"class_names": ["a", "b"]}, "class_names has 2 names"),
        ({"image_shape": (5, 5)}, "does not hold images"),
        ({"image_shape": None}, "pass image_shape"),
        ({"n_per_class": 0}, "n_per_class"),
    ],
)
def test_invalid_arguments(figure_class, samples, params, message):
    with pytest.raises(ValueError, match=message):
        plot_class_samples(*samples, **{"image_shape": (6, 5), **params})


def test_labels_must_match_samples(figure_class, samples):
    X_real, y_real, X_synthetic, y_synthetic = samples

    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        plot_class_samples(X_real, y_real[:-1], X_synthetic, y_synthetic, (6, 5))


def test_without_matplotlib_says_how_to_install_it(monkeypatch, samples):
    # None in sys.modules makes the import fail, as if not installed.
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)

    with pytest.raises(ImportError, match="pip install matplotlib"):
        plot_class_samples(*samples, image_shape=(6, 5))
