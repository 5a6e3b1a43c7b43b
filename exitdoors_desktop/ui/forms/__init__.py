"""The form renderer: forms drawn from their JSON definitions, field editors, groups, drafts."""
