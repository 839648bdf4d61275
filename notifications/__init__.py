"""
Notifications: the engine that tells people what happened — and knows nothing of what happened.

A lower layer: it imports no domain app (members, shops, products, orders, reports, staff), only
Django, `core` and itself. The domain apps use it, never the other way round:

- **Kinds** belong to the apps. Each declares a TextChoices of its kinds in `<app>/notifications.py`
  (orders: placed, paid, shipped…; members: join requested, approved…; products: hidden, low stock)
  with who hears of each (`recipients(event, subject)`), in what words (`message(event, subject,
  recipient)`, from its own templates under `templates/<app>/notifications/`) and how to load what
  the event is about (`load(pk)`), and registers them from its `AppConfig.ready()` in `registry` —
  as Django's `checks.register` and `admin.site.register` do. The engine finds them by kind.
- **What an event is about** is a generic subject: a content type and an id (django.contrib's
  contenttypes, not a domain app). The payload keeps what a message needs as it was then (an order
  number, a product name), so an event stays readable if its subject is deleted; then nobody is told.
- **Recording** (`services.event_record`) happens inside the transaction of the change itself, by
  the app's `notify_*` functions; the rest (dispatch, deliveries per channel, the relay, resending)
  is the engine's own, with its exactly-once guarantees (services.py says how).
- **The inbox** is keyed by the account (`Notification.user`). Which page frames it is asked of
  `registry.inbox_page`: members registers the seller dashboard for an approved member.
- **A person's data**: notifications registers its part (her inbox and the deliveries to her) with
  `core.personal_data`, which members' export and account deletion call.
"""
