"""The knowledge base as CLIPS source: `advisor rules export --format clips`.

It lives in `authoring` because it is a tool for authors and integrators that reads a
loaded knowledge base and writes text; it needs no engine, and no clipspy (that is needed
only to run the result: `clips_run`, used by the tests and the benchmark). The same text is
the benchmark's reference engine, so it reproduces the engine's semantics exactly rather
than writing idiomatic CLIPS, and the tests hold the two to agreement on every case.

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
  Rules then fire in exactly the engine's order, which matters for `choice` facts and
  makes runs comparable step by step (one salience each: at most 20001, checked).
- `then.set` calls a deffunction per fact type: `merge-level` keeps the highest (or lowest)
  value on the fact's scale, `set-first` the first (flags), `set-choice` the first, then
  follows the fact's precedence and `on_conflict` (a clash, or the fact withdrawn). Score
  items are not compiled: scores are computed outside the rule engine.
- Defaults and counts are rules of their own at the salience of `kb.strata["default:<id>"]`.
"""

from __future__ import annotations

from collections.abc import Mapping

from .. import __version__
from ..errors import AdvisorError
from ..model import FactDef, KnowledgeBase, Rule
from ..reason.engine import STRATUM_SPAN
from ..reason.reasoner import tie_ranks
from .clips_patterns import clause_patterns, clips_literal, clips_string

SALIENCE_MIN, SALIENCE_MAX = -10000, 10000  # CLIPS's salience range

TEMPLATES = (
    "(deftemplate fv (slot name (type STRING)) (slot value))",
    "(deftemplate fm (slot name (type STRING)) (multislot value))",
    # `by`: the rule that first set a choice fact, for the clash message.
    '(deftemplate fd (slot name (type STRING)) (slot value) (slot by (default "")))',
    "(deftemplate fired (slot r (type STRING)))",
    "(deftemplate rec (slot id (type STRING)))",
    "(deftemplate clash (slot name) (slot old) (slot new) (slot first) (slot by))",
    # a choice fact withdrawn because two rules disagreed (on_conflict: report)
    "(deftemplate conflicted (slot name (type STRING)))",
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
    """(deffunction set-choice (?name ?value ?rule ?policy $?precedence)
  "Choices: the first value stays. A different later one: of two values both in
   ?precedence, the one listed first; otherwise the fact's on_conflict policy: a clash
   (error), or the fact withdrawn and marked conflicted (report), as in the engine."
  (if (any-factp ((?c conflicted)) (eq ?c:name ?name)) then (return FALSE))
  (bind ?found (find-fact ((?f fd)) (eq ?f:name ?name)))
  (if (= (length$ ?found) 0)
   then (assert (fd (name ?name) (value ?value) (by ?rule)))
        (return TRUE))
  (bind ?f (nth$ 1 ?found))
  (bind ?old (fact-slot-value ?f value))
  (if (eq ?old ?value) then (return FALSE))
  (if (and (member$ ?old ?precedence) (member$ ?value ?precedence))
   then (if (< (member$ ?value ?precedence) (member$ ?old ?precedence))
         then (modify ?f (value ?value) (by ?rule)))
        (return TRUE))
  (if (eq ?policy "error")
   then (assert (clash (name ?name) (old ?old) (new ?value) (first (fact-slot-value ?f by))
                       (by ?rule)))
   else (retract ?f)
        (assert (conflicted (name ?name))))
  TRUE)""",
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

# --------------------------------------------------------------------------- compiling

def _agenda_order(kb: KnowledgeBase) -> dict[str, int]:
    """Each rule's and default's CLIPS salience: its place in the engine's agenda order.

    `advisor.reason.engine.StableStrategy` fires the highest (stratum salience + clamped
    authored salience) first, ties by the lower rank (`tie_ranks`: rules by id, then
    defaults and counts by fact id, never by file or position). Keys are rule ids and
    `default:<fact id>`; the dict is in firing order.
    """
    top = max(kb.strata.values(), default=0)
    half = STRATUM_SPAN // 2 - 1
    rule_rank, fact_rank = tie_ranks(kb)

    def engine_salience(stratum: int, own: int = 0) -> int:
        return (top - stratum) * STRATUM_SPAN + max(-half, min(half, own))

    items: list[tuple[int, int, str]] = []
    for rule in kb.rules:
        items.append((engine_salience(kb.strata.get(rule.id, 0), rule.salience),
                      rule_rank[rule.id], rule.id))
    for fact in kb.facts.values():
        if fact.derived and (fact.default is not None or fact.type == "count"):
            key = f"default:{fact.id}"
            items.append((engine_salience(kb.strata.get(key, 0)), fact_rank[fact.id], key))
    if len(items) > SALIENCE_MAX - SALIENCE_MIN + 1:
        raise AdvisorError(f"{len(items)} rules and defaults do not fit CLIPS's salience range "
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
            first = "".join(f" {clips_literal(c)}" for c in fact.precedence)
            out.append(f"(set-choice {name} {literal} {rid} "
                       f"{clips_string(fact.on_conflict)}{first})")
        else:
            out.append(f"(set-first {name} {literal})")
    out.extend(f"(assert (rec (id {clips_string(rec)})))" for rec in rule.recommends)
    return out


def _comment(text: str) -> str:
    """A construct's comment string: one line, so `ppdefrule` and the file stay readable."""
    return clips_string(" ".join(text.split()))


def _rules(kb: KnowledgeBase, salience: Mapping[str, int]) -> list[str]:
    """One defrule per satisfiable DNF clause of each rule, its comment naming the rule.

    In firing order, numbered in it: the file reads top-down as the engine settles a case,
    and neither names nor order depend on how the rule files are laid out."""
    out = []
    lang = kb.languages[0]
    rules = {r.id: r for r in kb.rules}
    for index, rule in enumerate(rules[key] for key in salience if key in rules):
        guard = f"(not (fired (r {clips_string(rule.id)})))"
        rhs = "\n  ".join(_actions(rule, kb.facts))
        for k, clause in enumerate(rule.clauses):
            ces = clause_patterns(clause, kb.facts)
            if ces is None:
                continue  # a clause no case can satisfy: no rule to build
            lhs = "\n  ".join([guard, *ces])
            part = f" (clause {k + 1} of {len(rule.clauses)})" if len(rule.clauses) > 1 else ""
            note = _comment(f"{rule.id}: {rule.title.get(lang)}{part}")
            out.append(f"(defrule r{index:05d}_{k:03d} {note}\n"
                       f"  (declare (salience {salience[rule.id]}))\n"
                       f"  {lhs}\n  =>\n  {rhs})")
    return out


def _defaults(kb: KnowledgeBase, salience: Mapping[str, int]) -> list[str]:
    """The defaults and counts of derived facts, each a rule at its own place in the order."""
    out = []
    defaults = [kb.facts[key.removeprefix("default:")] for key in salience
                if key.startswith("default:")]
    for j, fact in enumerate(defaults):
        key = f"default:{fact.id}"
        name = clips_string(fact.id)
        if fact.type == "count":
            members = " ".join(clips_string(m) for m in fact.count_of)
            counted = (f"(count-known {'TRUE' if fact.count_state == 'known' else 'FALSE'} "
                       f"{members})" if fact.count_state else
                       f"(count-equal {clips_string(fact.count_value)} {members})")
            body = f"(assert (fd (name {name}) (value {counted})))"
            lhs, note = "", f"count {fact.id}"
        else:
            body = f"(assert (fd (name {name}) (value {clips_literal(fact.default)})))"
            lhs = f"(not (fd (name {name})))\n  (not (conflicted (name {name})))"
            note = f"default of {fact.id}"
        out.append(f"(defrule d{j:05d} {_comment(note)}\n"
                   f"  (declare (salience {salience[key]}))\n  {lhs}\n  =>\n  {body})")
    return out


def compile_sections(kb: KnowledgeBase) -> list[tuple[str, list[str]]]:
    """The constructs for `kb` in the order they must be built, by section (a heading each)."""
    salience = _agenda_order(kb)
    return [("templates: answers, derived facts and the marks of a run", list(TEMPLATES)),
            ("functions: merging values, counting, reading a case back", list(FUNCTIONS)),
            ("rules: one per clause of a rule's condition in disjunctive normal form",
             _rules(kb, salience)),
            ("defaults and counts of derived facts", _defaults(kb, salience))]


def compile_kb(kb: KnowledgeBase) -> list[str]:
    """All constructs for `kb`, each buildable on its own (`Environment.build`)."""
    return [c for _, constructs in compile_sections(kb) for c in constructs]


HEADER = """\
; What the constructs mean:
;   (fv (name "<fact id>") (value <v>))       a scalar answer; yes/no are TRUE/FALSE,
;                                             choice ids and texts are strings
;   (fm (name "<fact id>") (value <ids>...))  a multi-select answer
;   (fd (name "<fact id>") (value <v>))       a derived fact, concluded by the rules
;   (rec (id "<recommendation id>"))          a recommendation made
;   (fired (r "<rule id>"))                   the rule has fired (once per case at most)
;   (clash ...)                               two rules set a choice fact to different
;                                             values and it says on_conflict: error
;   (conflicted (name ...))                   ...and it says on_conflict: report: the
;                                             fact is withdrawn, as in the engine
;   (defrule rNNNNN_KKK "<rule id>: <title>") one clause of a rule's condition; its
;                                             salience is its place in the engine's order
;   (defrule dNNNNN "default of <fact id>")   a derived fact's default, or a count
; Scores are not compiled: they are computed outside the rule engine.
;
; To run a case: (load "<this file>") (reset), assert the answers, for example
;   (assert (fv (name "<fact id>") (value TRUE)))
; then (run) and (results): n, then n pairs of derived fact and value, then the
; recommendation ids; (clashes) is empty unless two rules disagreed.
"""


def export_text(kb: KnowledgeBase) -> str:
    """The whole CLIPS file: a header naming the knowledge base, then every construct.

    Deterministic: it reads only the knowledge base's canonical orders (rules, facts), never
    a set or a path, so the same knowledge base gives the same bytes.
    """
    title = " ".join(kb.title.get(kb.languages[0]).split())
    lines = [f"; {title} ({kb.id}), version {kb.version}: {len(kb.rules)} rules, "
             f"{len(kb.facts)} facts",
             f"; CLIPS source written by advisor {__version__} "
             "(advisor rules export --format clips)", ";", HEADER]
    for heading, constructs in compile_sections(kb):
        lines.append(f";;; {heading}\n")
        lines.extend(c + "\n" for c in constructs)
    return "\n".join(lines)
