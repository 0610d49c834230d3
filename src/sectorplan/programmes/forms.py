from django import forms
from django.utils.translation import gettext_lazy as _

from sectorplan.accounts.constants import REGIONAL_ROLES, Role
from sectorplan.accounts.models import RoleDefinition, acts_as
from sectorplan.programmes.models import Organisation, Region


class InviteForm(forms.Form):
    """The office invites a person: their name, e-mail address and first role."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"), help_text=_("Also the username."))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        empty_label=_("Choose an organisation"),
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.select_related("region_set").order_by("region_set", "code"),
        required=False,
        empty_label=_("(no region)"),
        help_text=_("Only for the central municipality and the regional contact."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The built-in roles and those the programme templates defined.
        self.fields["role"].choices = [
            *Role.choices,
            *((d.code, d.label) for d in RoleDefinition.objects.order_by("label_nl")),
        ]

    def clean(self):
        data = super().clean()
        role, region = data.get("role"), data.get("region")
        reach = acts_as(role) if role else ""
        if reach in REGIONAL_ROLES and region is None:
            self.add_error("region", _("This role acts for a region: choose the region."))
        if role and reach not in REGIONAL_ROLES and region is not None:
            self.add_error("region", _("This role does not act for a single region."))
        return data
