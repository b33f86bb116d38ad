"""The experta 1.9.4 NOT/agenda reproduction from DESIGN.md ("Known pitfalls").

Run as a script in a fresh process: prints the rules that fired, one per line. With
experta's own DepthStrategy the first rule fires under about half of the hash seeds although
its NOT pattern is matched; with the adapter's StableStrategy it never does.
"""

from __future__ import annotations

import sys


def fired_rules(strategy_name: str) -> list[str]:
    from advisor.reason.rete import StableStrategy, experta

    fired: list[str] = []
    Fact, Rule, NOT = experta.Fact, experta.Rule, experta.NOT

    def rule(name: str, *patterns):
        def rhs(*_a, **_k):
            fired.append(name)

        rhs.rank = (int(name[1:]), 0)  # the adapter's tie-break: a fixed rule order
        return Rule(*patterns)(rhs)

    members = {
        "r1": rule("r1", Fact(f1=1), NOT(Fact(f4=1))),
        "r2": rule("r2", Fact(f3=0), NOT(Fact(f6=0))),
        "r3": rule("r3", Fact(f1=1), NOT(Fact(f3=1))),
        "r4": rule("r4", Fact(f1=1), NOT(Fact(f16=1))),
    }
    if strategy_name == "stable":
        members["__strategy__"] = StableStrategy
    engine = type("Repro", (experta.KnowledgeEngine,), members)()
    engine.reset()
    for fact in (Fact(f1=1), Fact(f3=0), Fact(f0=0), Fact(f4=1), Fact(f6=1)):
        engine.declare(fact)
    engine.run()
    return fired


if __name__ == "__main__":
    print("\n".join(fired_rules(sys.argv[1] if len(sys.argv) > 1 else "stable")))
