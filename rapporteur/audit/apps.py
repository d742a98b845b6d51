from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "rapporteur.audit"
    label = "audit"
    verbose_name = "Audit log"
