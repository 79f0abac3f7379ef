"""Stage 1: files → Documents (discover, decode, parse YAML and front matter with positions)."""
