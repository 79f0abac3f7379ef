"""The views: from the checked Site to the routes of each part (URL, template, context).

``public`` projects the Site onto its public fields (the schemas' ``x-public``
marks); ``archive`` and ``dashboard`` give the internal ledger its pages.
"""
