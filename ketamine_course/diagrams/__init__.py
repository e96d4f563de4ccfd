"""Figure functions, one module per figure family. Each returns a matplotlib Figure."""

from .enantiomers import enantiomer_alt, enantiomer_chart
from .mechanism import (
    concentration_alt,
    concentration_chart,
    mechanism_small_multiples,
    nmda_schematic,
    schematic_alt,
    small_multiples_alt,
)
from .regulatory import regulatory_alt, regulatory_chart, regulatory_table
from .routes import route_comparison_alt, route_comparison_chart, route_table_styled
from .timeline import timeline_alt, timeline_chart

__all__ = ["concentration_alt", "concentration_chart", "mechanism_small_multiples",
           "nmda_schematic", "schematic_alt", "small_multiples_alt",
           "enantiomer_alt", "enantiomer_chart", "regulatory_alt", "regulatory_chart",
           "regulatory_table", "route_comparison_alt", "route_comparison_chart",
           "route_table_styled", "timeline_alt", "timeline_chart"]
