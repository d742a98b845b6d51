"""Meetings: participants and notes sealed to the desk key, a confidential flag.

The old ``summary`` was, by the form's own rule, non-sensitive only ("what could
appear in a public report"), so its text moves as it is to ``public_summary`` and
every existing meeting stays not confidential: nothing was ever stored that needs
sealing now. A data migration (copy, then drop) rather than a rename, so that the
intent is written down; it imports no app code.
"""

import django.db.models.deletion
from django.db import migrations, models


def copy_summary_forward(apps, schema_editor):
    Meeting = apps.get_model("visits", "Meeting")
    for meeting in Meeting.objects.exclude(summary="").only("pk", "summary").iterator():
        Meeting.objects.filter(pk=meeting.pk).update(public_summary=meeting.summary)


def copy_summary_back(apps, schema_editor):
    Meeting = apps.get_model("visits", "Meeting")
    for meeting in Meeting.objects.exclude(public_summary="").only("pk", "public_summary"):
        Meeting.objects.filter(pk=meeting.pk).update(summary=meeting.public_summary)


class Migration(migrations.Migration):
    dependencies = [
        ("vault", "0001_desk_keys_staff_keys_and_grants"),
        ("visits", "0002_seed_upr_info_themes"),
    ]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="public_summary",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(copy_summary_forward, copy_summary_back, elidable=False),
        migrations.RemoveField(model_name="meeting", name="summary"),
        migrations.AddField(
            model_name="meeting",
            name="confidential",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="meeting",
            name="desk_key",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="vault.deskkey",
            ),
        ),
        migrations.AddField(
            model_name="meeting",
            name="envelope",
            field=models.BinaryField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="meeting",
            name="institution",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddConstraint(
            model_name="meeting",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("confidential", False),
                    models.Q(
                        ("desk_key__isnull", False),
                        ("envelope__isnull", False),
                        ("institution", ""),
                        ("public_summary", ""),
                    ),
                    _connector="OR",
                ),
                name="confidential_meeting_is_sealed",
            ),
        ),
    ]
