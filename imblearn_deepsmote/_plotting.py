"""Grids of real and generated images, one row per class."""

import numpy as np
from sklearn.utils import check_consistent_length, column_or_1d

from ._layout import check_image_shape


def plot_class_samples(
    X_real,
    y_real,
    X_synthetic,
    y_synthetic,
    image_shape=None,
    *,
    n_per_class=5,
    class_names=None,
    cmap="gray",
    figure=None,
    path=None,
):
    """Draw real and generated images of each class side by side.

    Each row shows one class: the first ``n_per_class`` real images of the
    class on the left, under the heading "real", and the first
    ``n_per_class`` generated ones on the right, under "generated". All
    images share one intensity scale, so that real and generated brightness
    can be compared. Needs matplotlib (``pip install matplotlib``).

    Parameters
    ----------
    X_real : array-like of shape (n_samples, n_features), \
            (n_samples, height, width) or (n_samples, channels, height, width)
        Real images, as flattened rows (set ``image_shape``) or n-D arrays.

    y_real : array-like of shape (n_samples,)
        Classes of ``X_real``. The grid has one row per class, in sorted
        order.

    X_synthetic : array-like of shape (n_synthetic, ...)
        Generated images, in the layout of ``X_real``, e.g. the samples that
        :class:`~imblearn_deepsmote.DeepSMOTE` appends after the original
        ones.

    y_synthetic : array-like of shape (n_synthetic,)
        Classes of ``X_synthetic``.

    image_shape : tuple of int, default=None
        ``(height, width)`` or ``(channels, height, width)`` of one image when
        the samples are flattened rows. None takes the layout from n-D
        ``X_real``.

    n_per_class : int, default=5
        Real images, and generated images, shown per class.

    class_names : array-like of str, default=None
        Row labels, in the sorted order of the classes of ``y_real``. None
        shows the class values.

    cmap : str, default="gray"
        Matplotlib colormap of single-channel images. Images with three
        channels are shown in colour; images with another number of channels
        are shown as the mean over their channels.

    figure : matplotlib Figure, default=None
        Figure to draw on, e.g. ``matplotlib.pyplot.figure()`` to display it
        with pyplot. None makes a new figure sized to the grid, which needs no
        display.

    path : str or path-like, default=None
        Where to save the figure; the format follows the extension, e.g. a
        PNG for ``"samples.png"``. None does not save it.

    Returns
    -------
    figure : matplotlib Figure
        The figure with the grid: one pair of subfigures, "real" and
        "generated", each with one axes per image slot.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from imblearn.datasets import make_imbalance
    >>> from imblearn_deepsmote import DeepSMOTE, plot_class_samples
    >>> X, y = load_digits(n_class=3, return_X_y=True)
    >>> X, y = make_imbalance(
    ...     X, y, sampling_strategy={0: 60, 1: 20, 2: 10}, random_state=0
    ... )
    >>> sampler = DeepSMOTE(input_shape=(8, 8), max_epochs=2, random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> fig = plot_class_samples(
    ...     X, y, X_res[len(X):], y_res[len(X):], image_shape=(8, 8), n_per_class=4
    ... )
    >>> len(fig.axes)
    24
    >>> fig.savefig("deepsmote_digits.png")  # doctest: +SKIP
    """
    figure_class = _import_figure_class()
    if n_per_class < 1:
        raise ValueError(f"n_per_class must be at least 1, got {n_per_class}.")
    real = _as_images(X_real, image_shape, "X_real")
    synthetic = _as_images(X_synthetic, image_shape, "X_synthetic")
    y_real = column_or_1d(y_real)
    y_synthetic = column_or_1d(y_synthetic)
    check_consistent_length(real, y_real)
    check_consistent_length(synthetic, y_synthetic)
    if len(real) == 0:
        raise ValueError("X_real is empty: there is no class to show.")
    classes = np.unique(y_real)
    names = _class_names(classes, class_names)
    low, high = _intensity_range(real, synthetic)

    if figure is None:
        # A Figure made without pyplot renders with Agg: no display needed,
        # and pyplot's backend and open figures are left alone.
        figure = figure_class(
            figsize=(1.6 * n_per_class + 1.2, 0.8 * len(classes) + 0.8),
            layout="constrained",
        )
    real_panel, generated_panel = figure.subfigures(1, 2)
    grid = (classes, n_per_class, low, high, cmap)
    real_axes = _draw_panel(real_panel, "real", real, y_real, *grid)
    _draw_panel(generated_panel, "generated", synthetic, y_synthetic, *grid)
    for ax, name in zip(real_axes[:, 0], names, strict=True):
        ax.set_ylabel(name, rotation=0, ha="right", va="center")

    if path is not None:
        figure.savefig(path)
    return figure


def _import_figure_class():
    try:
        from matplotlib.figure import Figure
    except ImportError as error:
        raise ImportError(
            "plot_class_samples needs matplotlib, which is not installed. "
            "Install it with `pip install matplotlib` (or "
            "`pip install imblearn-deepsmote[plot]`)."
        ) from error
    return Figure


def _as_images(X, image_shape, name):
    """Images of shape (n, height, width) or (n, height, width, 3)."""
    X = np.asarray(X, dtype=np.float64)
    if image_shape is not None:
        image_shape = tuple(image_shape)
        if X.size != len(X) * np.prod(image_shape):
            raise ValueError(
                f"{name} has shape {X.shape}, which does not hold images of "
                f"shape image_shape={image_shape}."
            )
        X = X.reshape(len(X), *image_shape)
    check_image_shape(
        X.shape,
        taker="plot_class_samples",
        hint=f" For {name} of flattened images, pass image_shape=(height, width) "
        "or (channels, height, width).",
    )
    if X.ndim == 3:
        return X
    if X.shape[1] == 3:
        return X.transpose(0, 2, 3, 1)
    return X.mean(axis=1)


def _class_names(classes, class_names):
    if class_names is None:
        return [str(label) for label in classes]
    if len(class_names) != len(classes):
        raise ValueError(
            f"class_names has {len(class_names)} names, but y_real has "
            f"{len(classes)} classes."
        )
    return [str(name) for name in class_names]


def _intensity_range(*image_sets):
    values = [images for images in image_sets if images.size]
    low = min(images.min() for images in values)
    high = max(images.max() for images in values)
    # Constant images still need a non-empty range to be drawn.
    return low, high if high > low else low + 1.0


def _draw_panel(panel, title, images, labels, classes, n_per_class, low, high, cmap):
    """One row of up to ``n_per_class`` images per class; returns the axes."""
    panel.suptitle(title)
    axes = panel.subplots(len(classes), n_per_class, squeeze=False)
    for row, label in zip(axes, classes, strict=True):
        class_images = images[labels == label][:n_per_class]
        for ax in row:
            ax.set_xticks([])
            ax.set_yticks([])
        # A class may have fewer images than slots.
        for ax, image in zip(row, class_images, strict=False):
            if image.ndim == 3:
                # Colour images are not colour-mapped; imshow wants [0, 1].
                ax.imshow((image - low) / (high - low))
            else:
                ax.imshow(image, cmap=cmap, vmin=low, vmax=high)
        if len(class_images) == 0:
            row[0].text(0.5, 0.5, "none", ha="center", va="center")
        # The first column keeps its frame: it carries the class label.
        for ax in row[max(len(class_images), 1) :]:
            ax.set_axis_off()
    return axes
