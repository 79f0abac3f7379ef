"""Skeletons for `zhibu new` and the starter project of `zhibu init`.

    records.py       an activity record of any type, filled from the branch's roster, plan and records
    documents.py     plan, notice, case, dues ledger, branch, casebook
    comments.py      the Chinese comments, taken from the schemas' titles and descriptions
    writer.py        round-trip YAML (ruamel.yaml) out, never over an existing file
    init_project.py  the files of a new site project
"""
