"""The partners screen: partner agencies and their details."""
