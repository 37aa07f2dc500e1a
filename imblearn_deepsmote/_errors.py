"""Errors about one argument, which a front end can name in its own terms.

A :class:`ParameterError` keeps the problem apart from the advice, and says
which argument the advice is about: the library prints
``"<problem> Pass <parameter>=<value>."``; the command line prints the same
problem with the option that sets that argument, without parsing messages.
"""


class ParameterError(ValueError):
    """A ValueError whose fix is to pass one argument.

    Parameters
    ----------
    problem : str
        What is wrong, as a sentence, without the advice.

    parameter : str
        Name of the argument that fixes it, e.g. ``"image_size"``.

    value : object, default=None
        The value to pass, or None where the user must choose one; then
        ``hint`` describes it.

    hint : str, default=None
        What to pass, in words, when ``value`` is None, e.g.
        ``"(height, width)"``.

    Attributes
    ----------
    problem, parameter, value, hint
        As given.
    """

    def __init__(self, problem, *, parameter, value=None, hint=None):
        self.problem = problem
        self.parameter = parameter
        self.value = value
        self.hint = hint
        super().__init__(f"{problem} {self.advice()}")

    def advice(self):
        """The advice in the library's terms: ``Pass name=value.``"""
        if self.value is None:
            return f"Pass {self.parameter}={self.hint}."
        return f"Pass {self.parameter}={self.value!r}."

    def __reduce__(self):
        return (
            _rebuild,
            (type(self), self.problem, self.parameter, self.value, self.hint),
        )


def _rebuild(cls, problem, parameter, value, hint):
    return cls(problem, parameter=parameter, value=value, hint=hint)
