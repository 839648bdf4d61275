"""
An event refers to what it is about by content type and id instead of three foreign keys to
orders, members and products, so the engine names no domain app; its kind loses its choices (the
domain apps register their kinds). Existing events keep their subject: each non-empty foreign key
is copied to (subject_type, subject_id), and back again when migrating backwards.
"""

import django.db.models.deletion
from django.db import migrations, models

# (foreign key on Event, app label, model) — the three subjects events had before.
SUBJECTS = [("order", "orders", "order"), ("member", "members", "memberprofile"), ("product", "products", "product")]


def copy_subjects(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Event = apps.get_model("notifications", "Event")
    for field, app_label, model in SUBJECTS:
        events = Event.objects.filter(**{f"{field}__isnull": False})
        if not events.exists():
            continue
        content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
        events.update(subject_type=content_type, subject_id=models.F(f"{field}_id"))


def copy_subjects_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Event = apps.get_model("notifications", "Event")
    for field, app_label, model in SUBJECTS:
        content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
        if content_type is None:
            continue
        target = apps.get_model(app_label, model)
        events = Event.objects.filter(
            subject_type=content_type, subject_id__in=target.objects.values("pk")
        )
        events.update(**{f"{field}_id": models.F("subject_id")})


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="subject_type",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                to="contenttypes.contenttype",
                verbose_name="tentang (jenis)",
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="subject_id",
            field=models.PositiveBigIntegerField(blank=True, null=True, verbose_name="tentang (id)"),
        ),
        migrations.RunPython(copy_subjects, copy_subjects_back, elidable=False),
        migrations.RemoveField(model_name="event", name="member"),
        migrations.RemoveField(model_name="event", name="order"),
        migrations.RemoveField(model_name="event", name="product"),
        migrations.AlterField(
            model_name="event",
            name="kind",
            field=models.CharField(max_length=30, verbose_name="jenis"),
        ),
        migrations.AlterField(
            model_name="notification",
            name="kind",
            field=models.CharField(max_length=30, verbose_name="jenis"),
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["subject_type", "subject_id"], name="notif_event_subject"),
        ),
    ]
