"""Reasoning over a knowledge base: the experta engine, the three-valued reasoner, scores,
explanations, what-if and swing analysis.

Nothing here prints or formats text for people; results are plain data.
"""
