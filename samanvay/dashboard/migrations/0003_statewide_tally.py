"""The statewide tally, filled from the district tally already kept."""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    district = apps.get_model("dashboard", "MonthlyTally")
    state = apps.get_model("dashboard", "StateMonthlyTally")
    groups = ("girls", "boys", "women", "men")
    rows = (
        district.objects.order_by()
        .values("month", "campaign_id", "activity_type_id")
        .annotate(**{f"sum_{name}": models.Sum(name) for name in ("reports", *groups)})
    )
    state.objects.bulk_create(
        (
            state(
                month=row["month"],
                campaign_id=row["campaign_id"],
                activity_type_id=row["activity_type_id"],
                **{name: row[f"sum_{name}"] for name in ("reports", *groups)},
            )
            for row in rows.iterator(chunk_size=5_000)
        ),
        batch_size=5_000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0001_initial"),
        ("dashboard", "0002_referral_tally"),
    ]

    operations = [
        migrations.CreateModel(
            name="StateMonthlyTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("reports", models.IntegerField(default=0)),
                ("girls", models.BigIntegerField(default=0)),
                ("boys", models.BigIntegerField(default=0)),
                ("women", models.BigIntegerField(default=0)),
                ("men", models.BigIntegerField(default=0)),
                ("month", models.DateField()),
                (
                    "activity_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="campaigns.activitytype",
                    ),
                ),
                (
                    "campaign",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="campaigns.campaign",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["month", "campaign"], name="dashboard_s_month_83afd4_idx")
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
