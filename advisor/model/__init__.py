"""The knowledge base in memory: frozen, validated, domain-free data.

Nothing here knows about change management: dimensions, facts, scales and rules all come from
the YAML files. Values are plain Python: bool, str (a choice id), tuple[str, ...] (a multi
select, in declared choice order), int or float, and str for free text. This package's
namespace is the model's public face; `assessment` holds the other side, what the engine
concluded for one case.
"""

from .base import Choice, Dimension, Origin, Reference, Scale, Text
from .facts import DerivedType, FactDef, FactType, InputType, Merge, Question
from .kb import KnowledgeBase
from .rules import PLACEHOLDER, Example, Recommendation, Rule
from .scoring import Band, ScoreItem, Scoring
from .tables import ANY, HIT_POLICIES, DecisionTable, TableCell, TableRow

__all__ = [
    "ANY", "HIT_POLICIES", "PLACEHOLDER", "Band", "Choice", "DecisionTable", "DerivedType",
    "Dimension", "Example", "FactDef", "FactType", "InputType", "KnowledgeBase", "Merge",
    "Origin", "Question", "Recommendation", "Reference", "Rule", "Scale", "ScoreItem",
    "Scoring", "TableCell", "TableRow", "Text",
]
