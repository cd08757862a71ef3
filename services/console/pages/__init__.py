"""Pages: one folder per page or desk, its route and templates side by side."""
