"""Helpers for the notebooks of an open course on ketamine in mental-health treatment.

Data flows one way: data/ -> :mod:`ketamine_course.data` -> topic modules (rules and
selections, ``ketamine_course.<topic>``) -> drawing (``ketamine_course.diagrams.<topic>``)
-> explorers (``ketamine_course.widgets.<topic>``) -> notebooks and figures/.
Submodules are imported on demand, so ``import ketamine_course`` stays cheap.
"""

__version__ = "0.1.0"
