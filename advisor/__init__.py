"""change-advisor: an expert system for analysing a public body's change effort."""

__version__ = "0.1.0"
