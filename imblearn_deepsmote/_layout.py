"""How the user lays out samples and labels, and the way back to that layout.

DeepSMOTE works on rows: one sample per row, every feature a column. Users
pass rows, n-D image arrays, lists or DataFrames; :class:`SampleLayout`
records which, turns the input into rows, and turns rows produced by the
sampler back into the user's layout, for ``fit_resample``, ``generate``,
``encode`` and ``decode`` alike.
"""

import numbers

import numpy as np
from scipy import sparse

from ._validation import ParameterError

# Images whose last axis is this small and whose channel axis is larger are
# taken for channels-last images (N, H, W, C).
MAX_CHANNELS_LAST = 4


class SampleLayout:
    """The layout of the samples and labels passed to ``fit_resample``.

    Parameters
    ----------
    X : {array-like, dataframe} of shape (n_samples, n_features), \
            (n_samples, height, width) or (n_samples, channels, height, width)
        Samples. Sparse matrices, channels-last images and categorical
        DataFrame columns are refused.

    y : array-like of shape (n_samples,)
        Labels.

    input_shape : tuple of int, default=None
        ``(channels, height, width)`` or ``(height, width)`` of one image
        when the rows of 2-D ``X`` are flattened images.

    Attributes
    ----------
    sample_shape : tuple of int
        Shape of one sample as passed: ``(n_features,)`` for rows.

    image_shape : tuple of int or None
        ``(channels, height, width)`` of one image; None for tabular rows.

    Raises
    ------
    ParameterError
        For an ``input_shape`` that does not fit ``X`` (its ``parameter`` is
        ``"input_shape"``).

    ValueError
        For data of no layout DeepSMOTE takes, with what to do.
    """

    def __init__(self, X, y, input_shape=None):
        _refuse_sparse(X)
        self._x_kind = _container(X)
        self._y_kind = _container(y)
        self._columns = X.columns if self._x_kind == "frame" else None
        self._dtypes = X.dtypes if self._x_kind == "frame" else None
        self._y_name = getattr(y, "name", None)
        self._y_columns = getattr(y, "columns", None)
        self._y_dtype = getattr(
            y, "dtypes" if self._y_kind == "frame" else "dtype", None
        )
        if self._x_kind == "frame":
            _refuse_categorical_columns(X)
        shape = np.shape(X)
        if len(shape) > 2:
            self.sample_shape = tuple(shape[1:])
            self.image_shape = check_image_shape(
                shape,
                back=", and the generated images back with .transpose(0, 2, 3, 1)",
            )
            _check_input_shape(input_shape, int(np.prod(shape[1:])), self.image_shape)
        else:
            n_features = shape[1] if len(shape) == 2 else 0
            self.sample_shape = (n_features,)
            self.image_shape = _check_input_shape(input_shape, n_features)

    @property
    def input_shape(self):
        """Shape of one sample for the autoencoder: ``image_shape`` or
        ``(n_features,)``."""
        return self.image_shape or (int(np.prod(self.sample_shape)),)

    @property
    def integer_columns(self):
        """Mask of the integer and boolean columns of a DataFrame, else None."""
        if self._dtypes is None:
            return None
        return np.array([dtype.kind in "biu" for dtype in self._dtypes])

    def rows(self, X):
        """``X`` with one sample per row; DataFrames and rows as they are."""
        _refuse_sparse(X)
        if np.ndim(X) <= 2:
            return X
        X = np.asarray(X)
        if X.shape[1:] != self.sample_shape:
            raise ValueError(
                f"X holds samples of shape {X.shape[1:]}, but this sampler was "
                f"fitted on samples of shape {self.sample_shape}."
            )
        return X.reshape(len(X), -1)

    def restore_X(self, rows):
        """Rows back in the container, sample shape and column dtypes of X.

        Integer and boolean DataFrame columns are rounded, since synthetic
        rows hold them as floats.
        """
        if self._x_kind == "frame":
            import pandas as pd

            rows = np.array(rows)
            integer = self.integer_columns
            rows[:, integer] = np.rint(rows[:, integer])
            return pd.DataFrame(rows, columns=self._columns).astype(self._dtypes)
        samples = rows.reshape(len(rows), *self.sample_shape)
        return samples.tolist() if self._x_kind == "list" else samples

    def restore_y(self, y):
        """Labels back in the container of y."""
        if self._y_kind == "list":
            return y.tolist()
        if self._y_kind == "series":
            import pandas as pd

            return pd.Series(y, name=self._y_name, dtype=self._y_dtype)
        if self._y_kind == "frame":
            import pandas as pd

            return pd.DataFrame(y, columns=self._y_columns).astype(self._y_dtype)
        return y


def _container(data):
    if isinstance(data, list):
        return "list"
    name = type(data).__name__
    if name == "DataFrame" and hasattr(data, "dtypes"):
        return "frame"
    if name == "Series" and hasattr(data, "dtype"):
        return "series"
    return "array"


def _refuse_sparse(X):
    if sparse.issparse(X) or hasattr(X, "sparse"):
        raise TypeError(
            "DeepSMOTE needs dense data, got a sparse matrix. Convert it "
            "with X.toarray() (or DataFrame.sparse.to_dense()) first."
        )


def _refuse_categorical_columns(frame):
    categorical = [
        column
        for column, dtype in frame.dtypes.items()
        if getattr(dtype, "name", "") == "category"
    ]
    if categorical:
        raise ValueError(
            f"Column {categorical[0]!r} is categorical, but DeepSMOTE needs numeric "
            "features to interpolate: encode categorical columns first, e.g. with "
            "sklearn.preprocessing.OneHotEncoder in a ColumnTransformer, or use "
            "imblearn.over_sampling.SMOTENC on the original data. Categorical "
            f"columns: {categorical}."
        )


def check_image_shape(shape, *, taker="DeepSMOTE", channels=None, hint="", back=""):
    """(channels, height, width) of the images in an array of shape ``shape``.

    The one rule of the package for what an array of images is, for
    DeepSMOTE, ``save_image_folder`` and ``plot_class_samples`` alike: an
    array of shape (n_samples, height, width) holds greyscale images, one of
    shape (n_samples, channels, height, width) images channels first. A 4-D
    array whose last axis could be the channels and whose second axis could
    not is refused as channels-last (N, H, W, C).

    Parameters
    ----------
    shape : tuple of int
        The shape of the array.

    taker : str, default="DeepSMOTE"
        What takes the images, for the messages.

    channels : tuple of int, default=None
        The numbers of channels the taker accepts. None accepts any number;
        a last axis of at most ``MAX_CHANNELS_LAST`` then counts as channels.

    hint : str, default=""
        Added to the message for an array of another number of dimensions.

    back : str, default=""
        Added to the advice for channels-last images, e.g. how to turn the
        output back.

    Returns
    -------
    image_shape : tuple of int
        (channels, height, width) of one image.

    Raises
    ------
    ValueError
        For an array of another number of dimensions, channels-last images,
        or a number of channels not in ``channels``, saying what to do.
    """
    shape = tuple(int(side) for side in shape)
    accepted = (
        ""
        if channels is None
        else f" with {' or '.join(str(n) for n in channels)} channels"
    )
    refusal = (
        f"{taker} takes images as (n_samples, height, width) or (n_samples, "
        f"channels, height, width) arrays{accepted}; got shape {shape}."
    )
    if len(shape) == 3:
        return (1, *shape[1:])
    if len(shape) != 4:
        raise ValueError(refusal + hint)
    _, n_channels, _, last = shape

    def could_be_channels(n):
        return n <= MAX_CHANNELS_LAST if channels is None else n in channels

    if could_be_channels(last) and not could_be_channels(n_channels):
        raise ValueError(
            f"The images look channels-last, (N, H, W, C) with C={last}; "
            f"{taker} takes images as (N, C, H, W). Transpose them with "
            f"X.transpose(0, 3, 1, 2){back}."
        )
    if not could_be_channels(n_channels) and channels is not None:
        raise ValueError(refusal)
    return shape[1:]


def _check_input_shape(input_shape, n_features, image_shape=None):
    """The (channels, height, width) that ``input_shape`` gives, or image_shape."""
    if input_shape is None:
        return image_shape
    shape = tuple(input_shape)
    if len(shape) not in (2, 3) or not all(
        isinstance(side, numbers.Integral) and side > 0 for side in shape
    ):
        raise ParameterError(
            f"input_shape={input_shape!r} is not the layout of one image.",
            parameter="input_shape",
            hint="(channels, height, width) or (height, width), positive integers",
        )
    if len(shape) == 2:
        shape = (1, *shape)
    if image_shape is not None and image_shape != shape:
        raise ParameterError(
            f"input_shape={input_shape!r} does not match the images passed, whose "
            f"layout is {image_shape}.",
            parameter="input_shape",
            value=None,
            hint="None for n-D image arrays",
        )
    if np.prod(shape) != n_features:
        raise ParameterError(
            f"input_shape={input_shape!r} describes images of {np.prod(shape)} "
            f"values, but X has {n_features} features per row.",
            parameter="input_shape",
            hint="(channels, height, width) of one image, or None for tabular rows",
        )
    return shape
