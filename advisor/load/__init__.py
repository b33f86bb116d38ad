"""From files to validated data: YAML with positions, file schemas, the knowledge-base
builder and its cache, and answers files.

Everything a user or author wrote enters here; every problem leaves as a located
`Problem`.
"""
