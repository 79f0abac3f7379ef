"""Stage 4: Site + rule profile → compliance findings. One module per rule area."""
