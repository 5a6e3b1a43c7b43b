"""The outreach screen: the quick outreach-contact log."""
