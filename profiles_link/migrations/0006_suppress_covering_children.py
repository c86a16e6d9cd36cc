"""Rule 4 of complementary suppression for rounds stored before it: a suppressed school whose
pupils are all in shown classes (a school of one class) no longer shows through that class.

The same function as migration 0003, which new imports use (scoring.complementary_suppression);
suppression only grows, so going backwards leaves the cells as they are.
"""

from django.db import migrations

from profiles_link.migrations_support import suppress_stored_cells


class Migration(migrations.Migration):
    dependencies = [
        ("profiles_link", "0005_import_preview_round_labels"),
    ]

    operations = [
        migrations.RunPython(suppress_stored_cells, migrations.RunPython.noop, elidable=True),
    ]
