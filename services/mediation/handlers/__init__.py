"""One function per command: load, decide (the domain), append with its read model (the kernel)."""
