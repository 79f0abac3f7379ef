"""Stage 6, render: template contexts and Markdown → HTML strings.

Shared by the public site, the archive and the casebook: the Jinja
environment (``templates``) and sanitised Markdown (``markdown``).
"""
