"""The guided interview: which question next (planner), the flow of asking (flow), the
session saved after every answer (session) and the terminal prompts (prompts).

The planner and the flow decide and record; only `prompts` talks to the terminal.
"""
