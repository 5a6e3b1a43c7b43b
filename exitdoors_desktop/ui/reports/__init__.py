"""The reports screen: the page, its charts, and the PDF/CSV export."""
