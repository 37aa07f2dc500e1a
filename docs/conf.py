"""Sphinx configuration of the imblearn-deepsmote documentation.

Build the HTML, treating every warning as an error, from the repository root::

    python -m sphinx -W --keep-going -b html docs docs/_build/html

The gallery examples under ``docs/examples`` run during the build.
"""

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(DOCS / "sphinxext"))
sys.path.insert(0, str(ROOT))

from doc_helpers import (  # noqa: E402
    include_benchmark_results,
    write_cli_help,
    write_long_tail_presets,
)

import imblearn_deepsmote  # noqa: E402

# -- Project -----------------------------------------------------------------

project = "imblearn-deepsmote"
author = "the imblearn-deepsmote developers"
copyright = "the imblearn-deepsmote developers"
version = imblearn_deepsmote.__version__
release = version

# -- General -----------------------------------------------------------------

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
    "matplotlib.sphinxext.plot_directive",
    "myst_parser",
]

templates_path = ["_templates"]
exclude_patterns = ["_build", "examples", "sphinxext"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
default_role = "literal"
nitpicky = False

# -- API reference -----------------------------------------------------------

autosummary_generate = True
autodoc_default_options = {"members": True}
autodoc_typehints = "none"
# numpydoc renders the parameter sections; the class templates list members.
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_attributes_as_param_list = True
numpydoc_xref_param_type = False

# -- Figures drawn at build time (plot directive) ---------------------------

plot_include_source = False
plot_html_show_source_link = False
plot_html_show_formats = False
plot_formats = [("png", 110)]
plot_rcparams = {"font.size": 10}

# -- Gallery -----------------------------------------------------------------

sphinx_gallery_conf = {
    "examples_dirs": "examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": "/plot_",
    "within_subsection_order": "gallery_order.ExampleOrder",
    "doc_module": ("imblearn_deepsmote",),
    "reference_url": {"imblearn_deepsmote": None},
    "backreferences_dir": "generated/backreferences",
    "remove_config_comments": True,
    "show_memory": False,
    "min_reported_time": 0,
    "download_all_examples": True,
}

# -- Markdown (the benchmark results are written in Markdown) ---------------

myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence"]

# -- HTML --------------------------------------------------------------------

html_theme = "pydata_sphinx_theme"
html_title = f"imblearn-deepsmote {version}"
html_static_path = ["_static"]
html_css_files = ["custom.css"]
html_theme_options = {
    "logo": {"text": "imblearn-deepsmote"},
    "navbar_align": "left",
    "show_toc_level": 2,
    "navigation_with_keys": False,
    "secondary_sidebar_items": ["page-toc", "sourcelink"],
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version", "theme-version"],
}
html_sidebars = {
    "index": [],
    "getting_started": [],
    "benchmarks": [],
}
html_show_sourcelink = True
html_last_updated_fmt = None


def setup(app):
    write_cli_help(DOCS / "generated" / "cli_help.txt")
    write_long_tail_presets(DOCS / "generated" / "long_tail_presets.inc")
    app.connect("source-read", include_benchmark_results)
