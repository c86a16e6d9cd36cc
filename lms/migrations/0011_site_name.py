from django.conf import settings
from django.db import migrations


def name_the_site(apps, schema_editor):
    """The admin called the site by its host name ("localhost"); it is Læringsledelse."""
    Site = apps.get_model("wagtailcore", "Site")
    Site.objects.filter(site_name="").update(
        site_name=getattr(settings, "WAGTAIL_SITE_NAME", "Læringsledelse")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0010_teams_roster_role_events"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(name_the_site, migrations.RunPython.noop)]
