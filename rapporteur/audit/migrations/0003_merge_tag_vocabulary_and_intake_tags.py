# Joins main's "tag vocabulary lives in code" with the intake branch's tag choices.
# Both altered the same field; the result is main's: no choices in the database.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0002_audit_tags_for_vault_and_intake"),
        ("audit", "0002_tag_vocabulary_lives_in_code"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditentry",
            name="tag",
            field=models.CharField(max_length=64),
        ),
    ]
