"""Seed the theme vocabulary with the 54 UPR Info issues, spelled as in the UPR Info
data, so predicted labels match rows. Imports no app code: the list is written here."""

from django.db import migrations

UPR_INFO_ISSUES = [
    "Asylum-seekers - refugees", "CP rights - general", "Civil society", "Corruption",
    "Counter-terrorism", "Death penalty", "Detention", "Development", "Disabilities",
    "ESC rights - general", "Elections", "Enforced disappearances", "Environment",
    "Extrajudicial executions", "Freedom of association and peaceful assembly",
    "Freedom of movement", "Freedom of opinion and expression",
    "Freedom of religion and belief", "Freedom of the press", "General", "HIV - Aids",
    "Human rights defenders", "Human rights education and training",
    "Human rights violations by state agents", "Impunity", "Indigenous peoples",
    "Internally displaced persons", "International humanitarian law",
    "International instruments", "Justice", "Labour", "Migrants", "Minorities", "NHRI",
    "National plan of action", "Other", "Poverty", "Public security",
    "Racial discrimination", "Right to education", "Right to food", "Right to health",
    "Right to housing", "Right to land", "Right to water", "Rights of the Child",
    "Sexual Orientation and Gender Identity", "Special procedures",
    "Technical assistance and cooperation", "Torture and other CID treatment",
    "Trafficking", "Treaty bodies", "UPR process", "Women's rights",
]


def seed(apps, schema_editor):
    Theme = apps.get_model("visits", "Theme")
    for label in UPR_INFO_ISSUES:
        Theme.objects.update_or_create(label=label, defaults={"upr_info": True})


def unseed(apps, schema_editor):
    Theme = apps.get_model("visits", "Theme")
    Theme.objects.filter(label__in=UPR_INFO_ISSUES, upr_info=True).delete()


class Migration(migrations.Migration):
    dependencies = [("visits", "0001_visits_documents_recommendations_and_follow_up")]

    operations = [migrations.RunPython(seed, unseed)]
