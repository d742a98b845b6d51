"""The database backend of the file store: files and their 64 KiB chunks of
ciphertext. On PostgreSQL the chunks are stored without the attempt to compress
them (ciphertext does not compress): STORAGE EXTERNAL."""

import django.db.models.deletion
from django.db import migrations, models



def store_chunks_uncompressed(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE vault_storedchunk ALTER COLUMN data SET STORAGE EXTERNAL")


class Migration(migrations.Migration):

    dependencies = [
        ('vault', '0001_desk_keys_staff_keys_and_grants'),
    ]

    operations = [
        migrations.CreateModel(
            name='StoredFile',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('area', models.CharField(max_length=16)),
                ('name', models.CharField(max_length=32)),
                ('size', models.BigIntegerField(default=0)),
                ('complete', models.BooleanField(default=False)),
                ('written_at', models.DateTimeField()),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('area', 'name'), name='one_stored_file_per_name')],
            },
        ),
        migrations.CreateModel(
            name='StoredChunk',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('index', models.PositiveIntegerField()),
                ('data', models.BinaryField()),
                ('file', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='chunks', to='vault.storedfile')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('file', 'index'), name='one_stored_chunk_per_index')],
            },
        ),
        migrations.RunPython(store_chunks_uncompressed, migrations.RunPython.noop),
    ]
