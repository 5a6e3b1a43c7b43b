"""Program settings, form and scale definitions, translations, icons and the style sheet."""
