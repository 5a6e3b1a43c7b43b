"""Icons (neutral on purpose)."""
