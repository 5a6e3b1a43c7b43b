"""Helpers every screen may share: tasks, app context, error words, style, vocabulary."""
