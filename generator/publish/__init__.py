"""Stage 7, publish: the output parts (public site, archive, casebook) staged beside site/ and swapped in.

Also the fingerprints that let an unchanged part or page be taken over, and the
privacy scan every public file passes before it may be published.
"""
