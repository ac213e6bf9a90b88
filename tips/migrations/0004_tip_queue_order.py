"""The officers' queue order as two indexed columns (Tip.queue_rank, Tip.queue_time), kept by
Tip.save, instead of a CASE expression that sorted every tip of the ward on each page view.
Existing tips get their position from their status and the time they were received."""

from django.db import migrations, models

from tips.querysets import queue_position

BATCH = 2000

# The same positions as tips.querysets.queue_position, in one statement on PostgreSQL.
POSTGRES_FILL = """
UPDATE tips_tip SET
    queue_rank = CASE status WHEN 'new' THEN 0 WHEN 'in_progress' THEN 1 ELSE 2 END,
    queue_time = CASE status
        WHEN 'new' THEN 1 ELSE -1
    END * (EXTRACT(EPOCH FROM received_at) * 1000000)::bigint
"""


def fill_positions(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_FILL)
        return
    tip_model = apps.get_model("tips", "Tip")
    rows = tip_model._base_manager.only("pk", "status", "received_at")
    batch = []
    for tip in rows.iterator(chunk_size=BATCH):
        tip.queue_rank, tip.queue_time = queue_position(tip.status, tip.received_at)
        batch.append(tip)
        if len(batch) == BATCH:
            tip_model._base_manager.bulk_update(batch, ["queue_rank", "queue_time"])
            batch = []
    tip_model._base_manager.bulk_update(batch, ["queue_rank", "queue_time"])


class Migration(migrations.Migration):
    dependencies = [("tips", "0003_tracking_code_digest_reference")]

    operations = [
        migrations.AddField(
            model_name="tip",
            name="queue_rank",
            field=models.PositiveSmallIntegerField(
                default=0, editable=False, verbose_name="nhóm trong hàng đợi"
            ),
        ),
        migrations.AddField(
            model_name="tip",
            name="queue_time",
            field=models.BigIntegerField(
                default=0, editable=False, verbose_name="thứ tự trong nhóm"
            ),
        ),
        migrations.RunPython(fill_positions, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="tip",
            index=models.Index(fields=["ward", "queue_rank", "queue_time"], name="tip_ward_queue"),
        ),
    ]
