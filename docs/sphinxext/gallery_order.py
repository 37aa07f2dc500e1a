"""Order of the gallery examples: from a first use to the details."""

EXAMPLE_ORDER = [
    "plot_drop_in_smote.py",
    "plot_digits_oversampling.py",
    "plot_balance_image_folder.py",
    "plot_grid_search_samplers.py",
    "plot_latent_sampler.py",
    "plot_latent_interpolation.py",
    "plot_penalty_forms.py",
    "plot_latent_designs.py",
]


class ExampleOrder:
    """Sort key for sphinx-gallery's ``within_subsection_order``.

    Examples listed in ``EXAMPLE_ORDER`` come first, in that order; any other
    example follows, sorted by file name.
    """

    def __init__(self, src_dir):
        self.src_dir = src_dir

    def __repr__(self):
        return f"{type(self).__name__}()"

    def __call__(self, filename):
        if filename in EXAMPLE_ORDER:
            return (0, EXAMPLE_ORDER.index(filename), filename)
        return (1, 0, filename)
