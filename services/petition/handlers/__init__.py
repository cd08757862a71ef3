"""One function per command: load, decide, append (with the read model)."""
