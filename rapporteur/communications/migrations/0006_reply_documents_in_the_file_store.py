"""Reply documents leave the database for the encrypted file store.

A document's sealed bytes (its name and content in one envelope to the desk key)
move as they are into a file of the reply store: the server holds no private key,
so it cannot re-encrypt them, and needs none to move them. Such a document is
marked ``sealed_whole`` and read whole, as before; documents registered from now on
are streamed in chunks. Going back moves the old ones into the database again (their
files stay, ciphertext no record names) and is refused once a streamed one exists.

The store had one backend, the folder, when this ran on the desks of its time: it
writes there whatever ``RAPPORTEUR_FILE_STORAGE`` says now, because the database
backend's tables may not exist yet at this point of the migrations (changing
backend never moves files; docs/operations.md, "File storage").
"""

from django.db import migrations, models
from django.db.migrations.exceptions import IrreversibleError


def move_into_the_store(apps, schema_editor):
    from rapporteur.vault.storage import reply_files
    from rapporteur.vault.storage.base import new_name

    folder = reply_files.folder()

    ReplyDocument = apps.get_model("communications", "ReplyDocument")
    written: list[str] = []
    try:
        for pk in list(ReplyDocument.objects.filter(stored_name="").values_list("pk", flat=True)):
            document = ReplyDocument.objects.get(pk=pk)
            name = new_name()
            folder.write(name, [bytes(document.envelope)])
            written.append(name)
            document.stored_name, document.envelope, document.sealed_whole = name, b"", True
            document.save(update_fields=["stored_name", "envelope", "sealed_whole"])
    except BaseException:
        for name in written:  # the rows stay as they were: so must the store
            folder.delete(name)
        raise


def move_back_into_the_database(apps, schema_editor):
    from rapporteur.vault.storage import reply_files

    ReplyDocument = apps.get_model("communications", "ReplyDocument")
    if ReplyDocument.objects.filter(sealed_whole=False).exists():
        raise IrreversibleError(
            "reply documents streamed into the file store cannot go back into the database"
        )
    for document in ReplyDocument.objects.filter(sealed_whole=True):
        with reply_files.folder().open(document.stored_name) as stored:
            document.envelope = stored.read()
        document.stored_name, document.sealed_whole = "", False
        document.save(update_fields=["stored_name", "envelope", "sealed_whole"])


class Migration(migrations.Migration):
    dependencies = [
        ("communications", "0005_indexes_for_reply_statistics"),
    ]

    operations = [
        migrations.AddField(
            model_name="replydocument",
            name="stored_name",
            field=models.CharField(default="", max_length=32),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="replydocument",
            name="sealed_whole",
            field=models.BooleanField(default=False),
        ),
        migrations.AlterField(
            model_name="replydocument",
            name="envelope",
            field=models.BinaryField(blank=True),
        ),
        migrations.RunPython(move_into_the_store, move_back_into_the_database),
    ]
