"""Reports: the view model (`view`, `words`) and its renderers (terminal, Markdown, HTML),
and the interview's screens.

Renderers never infer and never print: they turn a view into renderables or text.
"""
