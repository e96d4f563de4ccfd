"""Figure functions, one module per figure family. Each returns a matplotlib Figure."""

from .timeline import timeline_alt, timeline_chart

__all__ = ["timeline_alt", "timeline_chart"]
