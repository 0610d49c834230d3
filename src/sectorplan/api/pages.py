"""The page where each logged-in user lists, makes and revokes their own API tokens."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from sectorplan.accounts import tokens
from sectorplan.core.errors import Refused


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=tokens.NAME_MAX,
        help_text=gettext_lazy("What the token is for, e.g. 'koppeling regiosysteem'."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request):
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = tokens.token_create(
                user=request.user, name=form.cleaned_data["name"], by=request.user
            )
        except Refused as exc:
            for error in exc.errors:
                form.add_error("name", error)
        else:
            form = TokenForm()
    return render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": list(tokens.tokens_of(request.user)), "new_key": new_key},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(tokens.tokens_of(request.user), pk=pk)
    tokens.token_revoke(token=token, by=request.user)
    messages.success(
        request, _("The token '%(name)s' is revoked: it no longer works.") % {"name": token.name}
    )
    return redirect("api-tokens")
