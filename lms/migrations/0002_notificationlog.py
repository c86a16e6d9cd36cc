# NotificationLog moves here from feedback: lms.notifications sends the e-mails of every app.
# This creates the empty table; feedback 0004 copies the sent history into it and drops its own,
# so the dependency points from feedback down to lms, as the apps' imports do.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('lms', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='NotificationLog',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=200, unique=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'verbose_name': 'sent notification',
                'verbose_name_plural': 'sent notifications',
            },
        ),
    ]
