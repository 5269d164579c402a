"""Sphinx configuration: Markdown pages (MyST) plus an API reference from the docstrings."""

project = "autogalaxy"
author = "autogalaxy developers"
extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.mathjax",
    "myst_parser",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "examples"]
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "undoc-members": False, "show-inheritance": True}
myst_heading_anchors = 3
suppress_warnings = ["myst.header"]
html_theme = "alabaster"


def _docstring_as_text(app, what, name, obj, options, lines):
    """Show docstrings verbatim: they are plain text with equations (r_s, |1 - f|, x^2), which
    reStructuredText would otherwise read as link targets and substitutions."""
    if lines:
        lines[:] = ["::", ""] + [f"    {line}" if line.strip() else "" for line in lines] + [""]


def setup(app):
    app.connect("autodoc-process-docstring", _docstring_as_text)
