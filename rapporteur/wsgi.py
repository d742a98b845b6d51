import os

from django.core.wsgi import get_wsgi_application

os.umask(0o077)  # what the server writes is the service account's alone (see cli.py)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rapporteur.settings")
application = get_wsgi_application()
