"""`python -m advisor`: the same as the `advisor` command."""

from .cli.main import run

run()
