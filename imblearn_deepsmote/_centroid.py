"""Over-sampling by interpolation towards the centre of the class."""

from imblearn.utils import Substitution
from imblearn.utils._docstring import _random_state_docstring

from ._class_wise import FITTED_ATTRIBUTES, OUTPUT_DOCSTRING, ClassWiseOverSampler


@Substitution(
    sampling_strategy=ClassWiseOverSampler._sampling_strategy_docstring,
    random_state=_random_state_docstring,
    fitted_attributes=FITTED_ATTRIBUTES,
    output=OUTPUT_DOCSTRING,
)
class CentroidOverSampler(ClassWiseOverSampler):
    """Over-sample by moving samples of a class towards its centre.

    Each new sample of class ``c`` is ``x + u * (m - x)``, where ``x`` is a
    sample of class ``c`` drawn uniformly, ``m`` the mean of the samples of
    class ``c`` and ``u`` drawn uniformly in [0, 1). Where SMOTE moves a
    sample towards one of its neighbours, this moves it towards the centre
    of its class: new samples are drawn closer together than the class's
    own samples, and, for a class in several clusters, also between them.

    It works in any space of continuous features: on the latent codes of
    :class:`DeepSMOTE` as its ``latent_sampler``, or on rows of pixels on
    its own. A class of a single sample gets copies of it.

    {output}

    Parameters
    ----------
    {sampling_strategy}

    {random_state}

    Attributes
    ----------
    {fitted_attributes}

    See Also
    --------
    HullOverSampler : Random convex combinations of a sample and its
        neighbours.
    imblearn.over_sampling.SMOTE : Interpolates between neighbours.

    Examples
    --------
    >>> import numpy as np
    >>> from imblearn_deepsmote import CentroidOverSampler
    >>> X = np.array([[0.0, 0.0], [1.0, 0.0], [2.0, 0.0], [0.0, 4.0], [2.0, 4.0]])
    >>> y = np.array([0, 0, 0, 1, 1])
    >>> X_res, y_res = CentroidOverSampler(random_state=0).fit_resample(X, y)
    >>> y_res
    array([0, 0, 0, 1, 1, 1])
    >>> X_res[5]  # between a sample of class 1 and the centre (1, 4)
    array([0.59..., 4. ])
    """

    def __init__(self, *, sampling_strategy="auto", random_state=None):
        super().__init__(sampling_strategy=sampling_strategy)
        self.random_state = random_state

    def _sample_maker(self, X, y):
        def make(label, n_samples, random_state):
            X_class = X[y == label]
            bases = X_class[random_state.randint(len(X_class), size=n_samples)]
            steps = random_state.uniform(size=(n_samples, 1))
            # Weighted sums of samples, which cannot overflow where their
            # sum or difference would.
            centre = (X_class / len(X_class)).sum(axis=0)
            return (1 - steps) * bases + steps * centre

        return make
