"""The encrypted vault: SQLCipher, keys, migrations, repositories, change and audit logs."""
