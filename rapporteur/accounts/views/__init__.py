"""Staff pages of accounts: ``sign_in`` (the two steps, and signing out), ``account``
(one's own password, recovery codes and security keys), ``staff`` (administration
of members: creation, roles, locks, resets)."""
