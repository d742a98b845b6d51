"""Importing partners' CSV event lists into a case.

``csv_files`` reads and checks a file (encoding, delimiter, column mapping, every
row) and plans the records; it writes nothing and is free of Django, so the console
and the bench use it as is. ``messages`` says its errors in the desk's language.
The import itself (the case, persons, events and acts, in one transaction) is the
service ``cases.services.importing``.
"""
