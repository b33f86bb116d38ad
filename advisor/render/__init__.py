"""Renderers turn a `report.Report` into something to show: rich renderables or text.

They never print (only the CLI's console does I/O) and never infer.
"""
