from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("portfolio", "0002_portfolio_list_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="experts_needed",
            field=models.PositiveSmallIntegerField(
                db_default=2,
                default=2,
                help_text="The team size: how many peer experts the activity takes.",
                verbose_name="experts needed",
            ),
        ),
    ]
