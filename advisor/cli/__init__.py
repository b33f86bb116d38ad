"""The `advisor` command line: one module per command, registered in `main`.

The only layer that prints: it owns the console, turns errors into exit codes and decides
where reports go.
"""
