"""The annual reports: built as a `Document` of sections, paragraphs and tables, then rendered."""
