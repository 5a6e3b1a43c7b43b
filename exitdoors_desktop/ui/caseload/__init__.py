"""The caseload screen: the table of clients, its filters and the new-client dialog."""
