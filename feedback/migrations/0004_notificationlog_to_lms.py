# NotificationLog moved to lms (lms 0002 creates its table). The sent history is copied there,
# so mails sent before the move are not sent again, then feedback's table is dropped.
#
# The copy is one INSERT ... SELECT in SQL: the ORM would stamp `created_at` anew (auto_now_add).
# Ids are not copied (nothing refers to them), so the new table's id sequence needs no reset.
# Keys already in the target are skipped, so migrating back and forth again does not collide.
# The content type is renamed rather than replaced, so groups keep their permissions on the log.

from django.db import migrations


def _copy_log(schema_editor, source, target):
    q = schema_editor.quote_name
    source, target = q(source._meta.db_table), q(target._meta.db_table)
    key, created_at = q('key'), q('created_at')
    schema_editor.execute(
        f'INSERT INTO {target} ({key}, {created_at}) '
        f'SELECT s.{key}, s.{created_at} FROM {source} s '
        f'WHERE NOT EXISTS (SELECT 1 FROM {target} t WHERE t.{key} = s.{key}) '
        f'ORDER BY s.{q("id")}'
    )


def _move_content_type(apps, schema_editor, source_app, target_app):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    db = schema_editor.connection.alias
    types = ContentType.objects.using(db)
    if not types.filter(app_label=target_app, model='notificationlog').exists():
        types.filter(app_label=source_app, model='notificationlog').update(app_label=target_app)


def to_lms(apps, schema_editor):
    _copy_log(
        schema_editor,
        apps.get_model('feedback', 'NotificationLog'),
        apps.get_model('lms', 'NotificationLog'),
    )
    _move_content_type(apps, schema_editor, 'feedback', 'lms')


def to_feedback(apps, schema_editor):
    _copy_log(
        schema_editor,
        apps.get_model('lms', 'NotificationLog'),
        apps.get_model('feedback', 'NotificationLog'),
    )
    _move_content_type(apps, schema_editor, 'lms', 'feedback')


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('feedback', '0003_feedback_work'),
        ('lms', '0002_notificationlog'),
    ]

    operations = [
        migrations.RunPython(to_lms, to_feedback),
        migrations.DeleteModel(
            name='NotificationLog',
        ),
    ]
