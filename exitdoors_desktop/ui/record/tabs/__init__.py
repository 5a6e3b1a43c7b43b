"""The tabs of the client record, one module each."""
