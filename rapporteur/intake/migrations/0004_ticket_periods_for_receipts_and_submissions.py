from django.db import migrations, models


class Migration(migrations.Migration):
    """Receipt attempts' per-minute counts become ticket periods of a purpose:
    receipt minutes as before, and submission hours."""

    dependencies = [
        ("intake", "0003_receipt_attempt_tickets_and_minute_counts"),
    ]

    operations = [
        migrations.RenameModel(old_name="ReceiptMinute", new_name="TicketPeriod"),
        migrations.RenameField(model_name="ticketperiod", old_name="minute", new_name="start"),
        migrations.AlterField(
            model_name="ticketperiod", name="start", field=models.DateTimeField()
        ),
        migrations.AddField(
            model_name="ticketperiod",
            name="purpose",
            field=models.CharField(default="receipt", max_length=10),
            preserve_default=False,
        ),
        migrations.AddConstraint(
            model_name="ticketperiod",
            constraint=models.UniqueConstraint(
                fields=("purpose", "start"), name="one_row_per_ticket_period"
            ),
        ),
    ]
