"""Helpers for the notebooks of an open course on ketamine in mental-health treatment.

Data flows one way: data/ -> :mod:`ketamine_course.data` -> pure model and figure
functions (:mod:`ketamine_course.diagrams`) -> widgets -> notebooks and figures/.
Submodules are imported on demand, so ``import ketamine_course`` stays cheap.
"""

__version__ = "0.1.0"
