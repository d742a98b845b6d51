"""Shared test helpers: personas, two-factor login, HTML inspection."""
