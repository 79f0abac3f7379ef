"""`zhibu serve`: a local preview that rebuilds on every save and reloads the browser.

``watch`` turns file-system events into debounced, classified changes;
``session`` keeps the project's documents in memory and rebuilds (a quick
render of the open pages first, then the whole build) into a temporary
folder, never the project's ``site/``; ``server`` serves that folder on
127.0.0.1 with a live-reload channel and an error page in place of a crash.
"""
