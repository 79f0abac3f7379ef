"""The casebook (优秀案例汇编): the year's selected cases as a print-ready PDF.

Stage: a ``Casebook`` of plain values (``book``) → the parts of each case
recognised by role (``sections``) → one HTML document rendered with the
``casebook/`` layouts (``html``) → WeasyPrint with CJK fonts found through
fontconfig (``fonts``), inter-character justification (``justify``) and
fixed dates, so the same input gives a byte-identical PDF (``pdf``).

Problems come back as ``BookNote`` values, never as log lines.
"""
