"""One function per command: load, decide, append (through `fazhi.commands`)."""
