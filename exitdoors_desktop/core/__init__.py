"""Pure program logic: entities, rules and definitions. No Qt, no SQL, no network."""
