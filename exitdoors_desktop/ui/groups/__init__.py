"""The group work screen: sessions with their attendance checklist, and series."""
