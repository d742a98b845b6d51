from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "rapporteur.visits"
    label = "visits"
    verbose_name = "Country visits and recommendation follow-up"

    def ready(self) -> None:
        from rapporteur.intake.forms import register_kind_form
        from rapporteur.intake.models import Kind
        from rapporteur.visits.forms import AssessmentForm

        register_kind_form(Kind.ASSESSMENT, AssessmentForm)
