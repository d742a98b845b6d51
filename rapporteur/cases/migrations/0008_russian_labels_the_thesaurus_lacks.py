"""Give existing desks the Russian labels the HURIDOCS thesaurus lacks
(``vocabularies/data/russian_labels.csv``; new desks get them from the seed).

Imports no app code, like the seed. Only an empty Russian label is filled: a label an
administrator has written since is kept.
"""

import csv
from pathlib import Path

from django.db import migrations

LABELS = Path(__file__).resolve().parents[1] / "vocabularies" / "data" / "russian_labels.csv"


def fill(apps, schema_editor):
    Term = apps.get_model("cases", "Term")
    with LABELS.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            Term.objects.filter(
                list_name=row["list_name"], code=row["huri_code"], label_ru=""
            ).update(label_ru=row["russian"].strip())


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_case_tags")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
