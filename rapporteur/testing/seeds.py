"""Data that migrations seed (vocabularies, mandates, standard paragraphs, themes),
put back after a transactional test's flush removed it: a flush does not replay data
migrations, and ``serialized_rollback`` depends on which tests ran before."""

from __future__ import annotations

from importlib import import_module

from django.apps import apps

SEEDING_MIGRATIONS = (
    ("rapporteur.cases.migrations.0002_seed_vocabularies", "cases", "Term"),
    (
        "rapporteur.communications.migrations.0002_seed_mandates_and_paragraphs",
        "communications",
        "SpecialProcedureMandate",
    ),
    ("rapporteur.visits.migrations.0002_seed_upr_info_themes", "visits", "Theme"),
)


def reseed_migration_data(*app_labels: str) -> None:
    """Run each seeding migration again whose table is empty (of ``app_labels``
    only, when named)."""
    for module, app_label, model_name in SEEDING_MIGRATIONS:
        if app_labels and app_label not in app_labels:
            continue
        if not apps.get_model(app_label, model_name).objects.exists():
            import_module(module).seed(apps, None)
