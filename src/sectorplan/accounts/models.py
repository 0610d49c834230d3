from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sectorplan.accounts.constants import REGIONAL_ROLES, Role


class User(AbstractUser):
    """A person who logs in. Accounts are deactivated, never deleted (audit trail)."""

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class Membership(models.Model):
    """A user acts for an organisation in a role, for one region where the role is regional.

    Memberships are data the programme office manages; who may do what follows from them
    in the rule set, never from templates.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    organisation = models.ForeignKey(
        "programmes.Organisation",
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    region = models.ForeignKey(
        "programmes.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("region"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        where = f" ({self.region.code})" if self.region_id else ""
        return f"{self.user} – {self.get_role_display()} – {self.organisation}{where}"

    def clean(self):
        if self.role in REGIONAL_ROLES and not self.region_id:
            raise ValidationError({"region": _("This role acts for a region: choose the region.")})
        if self.role not in REGIONAL_ROLES and self.region_id:
            raise ValidationError({"region": _("This role does not act for a single region.")})
