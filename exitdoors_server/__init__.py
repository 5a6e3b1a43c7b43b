"""Exit Doors office sync server: a ciphertext-only message log that desktops sync through.

It relays sealed messages between enrolled devices and never sees a key or a plaintext field.
The wire contract is in README.md and in the OpenAPI document at ``/v2/openapi.json``.
"""

__version__ = "0.1.0"
