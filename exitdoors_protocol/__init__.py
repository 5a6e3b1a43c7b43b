"""The shared, pure rulebook of Exit Doors sync: wire codec, the signed team log and who may
do what. Laptops and the office server both import it and call it before acting on anything
from outside. No Qt, no SQL, no I/O; it depends only on ``cryptography``."""

# Bumped on every breaking change of the rules or the wire (v3: verified membership on the
# server, write counters and removal cut-offs, co-signed admin actions).
RULEBOOK_VERSION = 3
PROTOCOL_VERSION = 3
