"""The ketua's village settings: delivery and payment options, contact and story."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.forms import add_service_errors

from .access import ketua_required
from .forms import ShopSettingsForm
from .models import Shop
from .services import shop_seen, shop_update_settings


@ketua_required
def shop_settings(request):
    shop = request.shop
    if request.method == "POST":
        form = ShopSettingsForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                shop = shop_update_settings(
                    shop=shop, by=request.user, seen=form.cleaned_data["seen"], **form.settings()
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                if any(
                    e.code == "changed_meanwhile" for errors in form.errors.as_data().values() for e in errors
                ):
                    # What it says now becomes what she saw: saving again is her informed choice.
                    form.data = form.data.copy()
                    form.data["seen"] = shop_seen(Shop.objects.get(pk=shop.pk))
            else:
                messages.success(request, _("Pengaturan Desa %(name)s disimpan.") % {"name": shop.name})
                return redirect("shops:settings")
        status = 400
    else:
        form = ShopSettingsForm(initial=ShopSettingsForm.initial_for(shop))
        status = 200
    return render(
        request,
        "shops/dashboard/shop_settings.html",
        {"dash_section": "shop", "form": form, "shop": shop},
        status=status,
    )
