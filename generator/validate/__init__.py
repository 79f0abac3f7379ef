"""Stage 2: Documents → schema findings (packaged schemas, extended by the project's)."""
