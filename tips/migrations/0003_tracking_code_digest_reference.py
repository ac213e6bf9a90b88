"""The tracking code becomes a secret the citizen alone holds: each tip's clear code is replaced
by its keyed digest (tips.codes, key from the settings), and every tip gets its public reference
number (TB-<year received>-<id>). PINs hashed the old way stay as they are: they are verified
once at the next good look-up and upgraded then (tips.services.find_tip_for_citizen).

Runs before the audit scrub (wardsec 0004), which then describes each tip by its reference.
"""

from django.db import migrations, models
from django.utils import timezone


def digest_codes(apps, schema_editor):
    from tips import codes

    Tip = apps.get_model("tips", "Tip")
    tips = Tip._base_manager.only("pk", "tracking_code", "received_at").order_by("pk")
    for tip in tips.iterator(chunk_size=2000):
        Tip._base_manager.filter(pk=tip.pk).update(
            code_digest=codes.code_digest(tip.tracking_code),
            reference=codes.reference(timezone.localtime(tip.received_at).year, tip.pk),
        )
    if schema_editor.connection.vendor == "postgresql":  # the ALTER TABLEs below may not wait
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [("tips", "0002_offence_catalogue")]
    run_before = [("wardsec", "0004_scrub_audit_secrets")]

    operations = [
        migrations.AddField(
            model_name="tip",
            name="code_digest",
            field=models.CharField(max_length=64, null=True, verbose_name="băm của mã tra cứu"),
        ),
        migrations.AddField(
            model_name="tip",
            name="reference",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="Số công khai của tin báo, ví dụ TB-2021-000123.",
                max_length=20,
                null=True,
                unique=True,
                verbose_name="số tham chiếu",
            ),
        ),
        migrations.AddField(
            model_name="tip",
            name="pin_failed_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="lần nhập sai PIN gần nhất"
            ),
        ),
        migrations.RunPython(digest_codes, migrations.RunPython.noop, elidable=False),
        migrations.RemoveField(model_name="tip", name="tracking_code"),
        migrations.AlterField(
            model_name="tip",
            name="code_digest",
            field=models.CharField(max_length=64, unique=True, verbose_name="băm của mã tra cứu"),
        ),
    ]
