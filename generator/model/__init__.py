"""Stage 3: valid Documents → the Site model (branches, rosters, records, plans, …) and `ref/*` findings."""
