"""One module per `zhibu` verb; each exposes `run(args) -> int` (the exit code)."""
