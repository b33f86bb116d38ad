"""Tools for knowledge-base authors: lint, rule tests, expectations and the rule graph.

They read a loaded knowledge base and run the engine; they never print (the CLI does).
"""
