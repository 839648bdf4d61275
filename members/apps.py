from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Anggota")

    def ready(self):
        from shops import access as shop_access

        from . import access

        # shops sits below members: it learns who manages a village from here.
        shop_access.register(ketua_of=access.ketua_of, ketua_view=access.ketua_village_view)

        from . import notifications

        notifications.register()
