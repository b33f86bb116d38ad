"""The knowledge base compiled for CLIPS (through clipspy): a reference Rete engine in C.

The benchmark runs the same cases on `advisor.reason.engine.Engine` (experta, pure Python) and on
this module to report a speed ratio. A ratio only means something if both engines compute
the same thing, so this compiler reproduces the engine's semantics exactly rather than
writing idiomatic CLIPS, and the tests hold the two to agreement on every case.

How the knowledge base maps onto CLIPS:

- A scalar answer (bool, choice, level, number, text) is one
  `(fv (name "<fact id>") (value <v>))`, a multi-select answer one
  `(fm (name "<fact id>") (value <choice ids>...))`, a derived fact one `(fd ...)` like `fv`.
  Which template a fact uses is known when compiling, so each pattern names the right one,
  and reading a case back scans only the derived facts. Fact ids and choice ids are CLIPS
  *strings* (a choice id such as `10k_to_1m` is not a valid CLIPS symbol or number), yes/no
  values are the symbols TRUE/FALSE, numbers are numbers.
- Each rule's `when` is brought into disjunctive normal form (`to_dnf`) and every clause
  becomes one `defrule`. A positive literal is a pattern on the fact with the leaf's test as
  a constraint; a negative literal is `(not <that pattern>)`, which is negation as failure
  and so also holds when the fact is absent (the closed world of `leaf_holds`). The clauses
  of one rule share a `(not (fired (r "<rule id>")))` guard, and the RHS asserts that fact:
  a rule fires at most once per case, as in the engine.
- Salience: the engine orders its agenda by (stratum salience + authored salience, then the
  canonical rank of the rule or default). CLIPS breaks salience ties by its own strategy
  (depth: the newest activation first), so instead of a coarse `stratum * K + salience`
  every rule and default gets its *own* salience, its position in the engine's total order.
  Rules then fire in exactly the engine's order, which matters for `choice` facts (the
  first value wins, a different second one is an error) and makes the runs comparable step
  by step. This needs one salience per rule and default (at most 20001, CLIPS's -10000..10000
  range), which is checked.
- `then.set` calls a deffunction per fact type: `merge-level` keeps the highest (or lowest)
  value on the fact's scale, `set-first` keeps the first value (flags), `set-choice` keeps
  the first and records a clash when a rule proposes another value. Score items are not
  compiled: scores are computed outside the rule engine.
- Defaults and counts are rules of their own at the salience of `kb.strata["default:<id>"]`.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import clips

from advisor import lang
from advisor.errors import EngineError
from advisor.model import FactDef, KnowledgeBase, Rule

STRATUM_SPAN = 1000  # advisor.reason.engine.STRATUM_SPAN: the engine's salience units per stratum
SALIENCE_MIN, SALIENCE_MAX = -10000, 10000  # CLIPS's salience range

TEMPLATES = (
    "(deftemplate fv (slot name (type STRING)) (slot value))",
    "(deftemplate fm (slot name (type STRING)) (multislot value))",
    # `by`: the rule that first set a choice fact, for the clash message.
    '(deftemplate fd (slot name (type STRING)) (slot value) (slot by (default "")))',
    "(deftemplate fired (slot r (type STRING)))",
    "(deftemplate rec (slot id (type STRING)))",
    "(deftemplate clash (slot name) (slot old) (slot new) (slot first) (slot by))",
)

# The RHS helpers. Fact-set queries scan the derived facts (a few dozen); that is cheap
# next to the Rete work and keeps the merge in one place, as in `Engine._propose`.
FUNCTIONS = (
    """(deffunction put-scalars ($?pairs)
  "Assert the scalar answers, given as name value pairs, in one call from Python."
  (loop-for-count (?i 1 (div (length$ ?pairs) 2))
    (assert (fv (name (nth$ (- (* 2 ?i) 1) ?pairs)) (value (nth$ (* 2 ?i) ?pairs)))))
  TRUE)""",
    """(deffunction put-multi (?name $?items)
  "Assert one multi-select answer."
  (assert (fm (name ?name) (value ?items)))
  TRUE)""",
    """(deffunction merge-level (?name ?value $?order)
  "Keep the value that comes last in ?order (the caller orders it so the winner is last)."
  (bind ?found (find-fact ((?f fd)) (eq ?f:name ?name)))
  (if (= (length$ ?found) 0)
   then (assert (fd (name ?name) (value ?value)))
   else (bind ?f (nth$ 1 ?found))
        (if (> (member$ ?value ?order) (member$ (fact-slot-value ?f value) ?order))
         then (modify ?f (value ?value)))))""",
    """(deffunction set-first (?name ?value)
  "Flags: the first value stays."
  (if (not (any-factp ((?f fd)) (eq ?f:name ?name)))
   then (assert (fd (name ?name) (value ?value)))))""",
    """(deffunction set-choice (?name ?value ?rule)
  "Choices: the first value stays; a different later value is a clash (an error)."
  (bind ?found (find-fact ((?f fd)) (eq ?f:name ?name)))
  (if (= (length$ ?found) 0)
   then (assert (fd (name ?name) (value ?value) (by ?rule)))
   else (bind ?f (nth$ 1 ?found))
        (if (neq (fact-slot-value ?f value) ?value)
         then (assert (clash (name ?name) (old (fact-slot-value ?f value)) (new ?value)
                             (first (fact-slot-value ?f by)) (by ?rule))))))""",
    """(deffunction count-equal (?value $?names)
  "How many of ?names (duplicates counted each time) hold exactly ?value; eq is typed, so
   a yes/no or a number never equals the choice id, as in Python."
  (bind ?n 0)
  (foreach ?m ?names
    (if (or (any-factp ((?f fd)) (and (eq ?f:name ?m) (eq ?f:value ?value)))
            (any-factp ((?f fv)) (and (eq ?f:name ?m) (eq ?f:value ?value))))
     then (bind ?n (+ ?n 1))))
  ?n)""",
    """(deffunction count-known (?known $?names)
  "How many of ?names have a value (?known TRUE) or have none (?known FALSE)."
  (bind ?n 0)
  (foreach ?m ?names
    (bind ?has (or (any-factp ((?f fd)) (eq ?f:name ?m)) (any-factp ((?f fv)) (eq ?f:name ?m))
                   (any-factp ((?f fm)) (eq ?f:name ?m))))
    (if (eq ?has ?known) then (bind ?n (+ ?n 1))))
  ?n)""",
    """(deffunction results ()
  "One call to read a case back: n, then n name value pairs (derived facts), then the
   recommendation ids."
  (bind ?pairs (create$))
  (do-for-all-facts ((?f fd)) TRUE (bind ?pairs (create$ ?pairs ?f:name ?f:value)))
  (bind ?recs (create$))
  (do-for-all-facts ((?r rec)) TRUE (bind ?recs (create$ ?recs ?r:id)))
  (create$ (div (length$ ?pairs) 2) ?pairs ?recs))""",
    """(deffunction clashes ()
  "The first clash, if any, as name old new first-rule second-rule."
  (bind ?out (create$))
  (do-for-fact ((?c clash)) TRUE
    (bind ?out (create$ ?c:name ?c:old ?c:new ?c:first ?c:by)))
  ?out)""",
)

# --------------------------------------------------------------------------- literals

def clips_string(text: str) -> str:
    """A CLIPS string literal: every id goes through here, whatever characters it has."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def clips_literal(value: Any) -> str:
    """A Python value (as stored in answers and rules) as CLIPS source."""
    if isinstance(value, bool):  # before int: bool is an int in Python
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"CLIPS has no literal for {value!r}")
        text = repr(value)
        return text if any(c in text for c in ".eE") else text + ".0"
    if isinstance(value, str):
        return clips_string(value)
    raise TypeError(f"no CLIPS literal for {type(value).__name__} {value!r}")


def _list(values: Iterable[Any]) -> str:
    return "(create$ " + " ".join(clips_literal(v) for v in values) + ")"


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


_ORDERING: dict[str, Callable[[int, int], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
_ARITH = {"==": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


# --------------------------------------------------------------------------- leaves

# A compiled leaf is True (holds for every value the fact can have), False (holds for
# none), or a list of constraint terms on the pattern's variable, joined with `&` in the
# pattern. A term is a literal (`"a"`, `~"a"`, `TRUE`) or a predicate `:(... {v} ...)`,
# where `{v}` stands for the variable, chosen per pattern.
Test = bool | list[str]


def _leaf_test(leaf: lang.Leaf, fact: FactDef) -> Test:
    """The test of one leaf on a present fact, for `leaf_holds` semantics.

    Cases that are decided at compile time are folded to True or False so the patterns
    stay simple: an empty `in []` never holds, an ordering that no level value satisfies
    never holds, `contains all []` always holds, and so on.
    """
    op, value = leaf.op, leaf.value
    if op == "is known":
        return True
    if op == "is true":
        return ["TRUE"]
    if op == "count":
        counted = "{v}" if not leaf.ignore else \
            "(delete-member$ {v} " + " ".join(clips_literal(x) for x in leaf.ignore) + ")"
        return [f":({_ARITH[leaf.cmp]} (length$ {counted}) {clips_literal(value)})"]
    if op.startswith("contains"):
        items = (value,) if op == "contains" else tuple(value)
        tests = [f"(member$ {clips_literal(x)} {{v}})" for x in items]
        if op in ("contains", "contains all"):
            return [":" + t for t in tests] if tests else True
        if not tests:
            return op == "contains none"
        either = tests[0] if len(tests) == 1 else "(or " + " ".join(tests) + ")"
        return [":" + either] if op == "contains any" else [f":(not {either})"]
    if leaf.order:  # ordering on a level: the allowed values, by place on the scale
        rank = leaf.order.index(value)
        allowed = [v for i, v in enumerate(leaf.order) if _ORDERING[op](i, rank)]
        if not allowed:
            return False
        if len(allowed) == len(leaf.order):
            return True
        return _one_of(allowed)
    if op in ("in", "not in"):
        options = tuple(value)
        if op == "in":
            return _one_of(options) if options else False
        if not options:
            return True
        if all(_number(x) for x in options):
            return [":(and " + " ".join(f"(<> {{v}} {clips_literal(x)})" for x in options)
                    + ")"]
        return ["~" + clips_literal(x) for x in options]
    if _number(value):  # == != < <= > >= on numbers: numeric, so 3 matches 3.0
        return [f":({_ARITH[op]} {{v}} {clips_literal(value)})"]
    if op == "==":
        return [clips_literal(value)]
    if op == "!=":
        return ["~" + clips_literal(value)]
    raise ValueError(f"cannot compile '{leaf.text or op}' on {fact.type} fact '{fact.id}'")


def _one_of(options: Sequence[Any]) -> list[str]:
    """Membership in a list of values: numbers compare numerically, ids by identity."""
    if all(_number(x) for x in options):
        tests = [f"(= {{v}} {clips_literal(x)})" for x in options]
        return [":" + (tests[0] if len(tests) == 1 else "(or " + " ".join(tests) + ")")]
    if len(options) == 1:
        return [clips_literal(options[0])]
    return [f":(member$ {{v}} {_list(options)})"]


# --------------------------------------------------------------------------- patterns

def template_of(fact: FactDef) -> str:
    """The deftemplate holding a fact's value."""
    if fact.derived:
        return "fd"
    return "fm" if fact.type == "multi" else "fv"


def _pattern(fact: FactDef, terms: list[str], var: str) -> str:
    """One pattern on one fact; `terms` empty means "the fact is present"."""
    name, template = clips_string(fact.id), template_of(fact)
    if not terms:
        return f"({template} (name {name}))"
    bound = ("$?" if template == "fm" else "?") + var
    constraint = "&".join([bound, *(t.replace("{v}", "?" + var) for t in terms)])
    return f"({template} (name {name}) (value {constraint}))"


def clause_patterns(clause: Sequence[lang.Term],
                    facts: Mapping[str, FactDef]) -> list[str] | None:
    """The LHS conditional elements of one DNF clause; None if it can never hold.

    Positive tests on one fact share one pattern (one fact per name, so one match); each
    negative literal is its own `not` CE with its own variable, since a variable bound
    outside a `not` would turn its test into a join.
    """
    present: dict[str, list[str]] = {}
    negated: list[str] = []
    for lit in clause:
        leaf, positive = lit.leaf, lit.positive
        if leaf.op == "is unknown":
            leaf, positive = lang.Leaf(leaf.fact, "is known"), not positive
        fact = facts[leaf.fact]
        test = _leaf_test(leaf, fact)
        if positive:
            if test is False:
                return None
            terms = present.setdefault(leaf.fact, [])
            if test is not True:  # CLIPS fails to match a repeated constant (`?v&TRUE&TRUE`)
                terms.extend(t for t in test if t not in terms)
        elif test is True:
            negated.append(f"(not {_pattern(fact, [], '')})")
        elif test is not False:  # `not` of a test no value passes holds: nothing to add
            negated.append(f"(not {_pattern(fact, test, f'n{len(negated)}')})")
    ces = [_pattern(facts[fid], terms, f"p{i}") for i, (fid, terms) in enumerate(present.items())]
    return ces + negated


# --------------------------------------------------------------------------- compiling

def _agenda_order(kb: KnowledgeBase) -> dict[str, int]:
    """Each rule's and default's CLIPS salience: its place in the engine's agenda order.

    `advisor.reason.engine.StableStrategy` fires the highest (stratum salience + clamped authored
    salience) first, ties by the lower rank (rules in canonical order, then defaults and
    counts in fact order). Keys are rule ids and `default:<fact id>`.
    """
    top = max(kb.strata.values(), default=0)
    half = STRATUM_SPAN // 2 - 1

    def engine_salience(stratum: int, own: int = 0) -> int:
        return (top - stratum) * STRATUM_SPAN + max(-half, min(half, own))

    items: list[tuple[int, int, str]] = []
    for index, rule in enumerate(kb.rules):
        items.append((engine_salience(kb.strata.get(rule.id, 0), rule.salience), index, rule.id))
    base = len(kb.rules)
    for j, fact in enumerate(kb.facts.values()):
        if fact.derived and (fact.default is not None or fact.type == "count"):
            key = f"default:{fact.id}"
            items.append((engine_salience(kb.strata.get(key, 0)), base + j, key))
    if len(items) > SALIENCE_MAX - SALIENCE_MIN + 1:
        raise ValueError(f"{len(items)} rules and defaults do not fit CLIPS's salience range "
                         f"({SALIENCE_MIN}..{SALIENCE_MAX}) with one salience each")
    items.sort(key=lambda item: (-item[0], item[1]))
    return {key: SALIENCE_MAX - pos for pos, (_s, _r, key) in enumerate(items)}


def _actions(rule: Rule, facts: Mapping[str, FactDef]) -> list[str]:
    """The RHS of a rule: its refraction mark, the facts it sets and its advice."""
    rid = clips_string(rule.id)
    out = [f"(assert (fired (r {rid})))"]
    for fid, value in rule.sets:
        fact = facts[fid]
        name, literal = clips_string(fid), clips_literal(value)
        if fact.type == "level":
            order = fact.choice_ids if fact.merge != "lowest" else fact.choice_ids[::-1]
            out.append(f"(merge-level {name} {literal} "
                       + " ".join(clips_literal(c) for c in order) + ")")
        elif fact.type == "choice":
            out.append(f"(set-choice {name} {literal} {rid})")
        else:
            out.append(f"(set-first {name} {literal})")
    out.extend(f"(assert (rec (id {clips_string(rec)})))" for rec in rule.recommends)
    return out


def compile_kb(kb: KnowledgeBase) -> list[str]:
    """All constructs for `kb`, in the order they must be built."""
    facts = kb.facts
    salience = _agenda_order(kb)
    constructs = [*TEMPLATES, *FUNCTIONS]
    for index, rule in enumerate(kb.rules):
        guard = f"(not (fired (r {clips_string(rule.id)})))"
        rhs = "\n  ".join(_actions(rule, facts))
        for k, clause in enumerate(rule.clauses):
            ces = clause_patterns(clause, facts)
            if ces is None:
                continue  # a clause no case can satisfy: no rule to build
            lhs = "\n  ".join([guard, *ces])
            constructs.append(f"(defrule r{index:05d}_{k:03d}\n"
                              f"  (declare (salience {salience[rule.id]}))\n"
                              f"  {lhs}\n  =>\n  {rhs})")
    for j, fact in enumerate(kb.facts.values()):
        key = f"default:{fact.id}"
        if key not in salience:
            continue
        name = clips_string(fact.id)
        if fact.type == "count":
            members = " ".join(clips_string(m) for m in fact.count_of)
            counted = (f"(count-known {'TRUE' if fact.count_state == 'known' else 'FALSE'} "
                       f"{members})" if fact.count_state else
                       f"(count-equal {clips_string(fact.count_value)} {members})")
            body = f"(assert (fd (name {name}) (value {counted})))"
            lhs = ""
        else:
            body = f"(assert (fd (name {name}) (value {clips_literal(fact.default)})))"
            lhs = f"(not (fd (name {name})))"
        constructs.append(f"(defrule d{j:05d}\n  (declare (salience {salience[key]}))\n"
                          f"  {lhs}\n  =>\n  {body})")
    return constructs


# --------------------------------------------------------------------------- running

def _python(value: Any) -> Any:
    """A CLIPS value read back as the engine's Python value (TRUE/FALSE are bools)."""
    if isinstance(value, clips.Symbol):
        if value in ("TRUE", "FALSE"):
            return value == "TRUE"
        return str(value)
    return value


class ClipsEngine:
    """The knowledge base compiled once into a CLIPS environment; `assess` runs one case."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.constructs = compile_kb(kb)
        self.env = clips.Environment()
        for construct in self.constructs:
            self.env.build(construct)
        # Answers go in through deffunctions, not `Template.assert_fact`: clipspy's fact
        # wrapper retains the fact, and a retained fact retracted by `reset` is never
        # reclaimed when CLIPS is driven through its API (memory and `assess` time then grow
        # with every case). The functions return TRUE, so no wrapper is made.
        self._put_scalars: Callable[..., Any] = self.env.find_function("put-scalars")
        self._put_multi: Callable[..., Any] = self.env.find_function("put-multi")
        self._results: Callable[[], Any] = self.env.find_function("results")
        self._clashes: Callable[[], Any] = self.env.find_function("clashes")
        # Only facts the knowledge base declares are asserted (the engine ignores others).
        # The order of assertion cannot change a result: nothing fires before `run`.
        self._order = tuple((fid, template_of(f)) for fid, f in kb.facts.items())

    def assess(self, values: dict[str, Any]) -> tuple[dict[str, Any], set[str]]:
        """Run the rules on one case's answers (fact id -> value).

        Returns the final value of every derived fact that has one, and the ids of the
        recommendations made. Raises EngineError when two rules set a choice fact to
        different values, as the engine does.
        """
        env = self.env
        env.reset()
        pairs: list[Any] = []
        for fid, template in self._order:
            # values given for derived facts are ignored, as the engine ignores them
            if fid in values and template in ("fv", "fm"):
                if template == "fv":
                    pairs += (fid, values[fid])
                else:
                    self._put_multi(fid, values[fid])
        self._put_scalars(*pairs)
        env.run()
        clash = self._clashes()
        if clash:
            name, old, new, first, second = (_python(v) for v in clash)
            raise EngineError(f"rules {first} and {second} set '{name}' to different values "
                              f"('{old}' and '{new}'); make it a level fact with a scale so "
                              "one value can win, or make the rules exclusive")
        out = self._results()
        end = 1 + 2 * out[0]
        return {out[i]: _python(out[i + 1]) for i in range(1, end, 2)}, set(out[end:])
