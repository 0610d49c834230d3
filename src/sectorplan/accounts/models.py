from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sectorplan.accounts.constants import REGIONAL_ROLES, Role
from sectorplan.core import clock


class User(AbstractUser):
    """A person who logs in. Accounts are deactivated, never deleted (audit trail)."""

    #: The language the pages speak to this user once logged in, on any device; chosen with
    #: the switch in the header (accounts/language.py). Empty: the browser's language.
    language = models.CharField(_("language"), max_length=8, blank=True, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class RoleDefinition(models.Model):
    """A role a programme template names (for example "gedeputeerde_staten" or
    "adviescommissie"), with its labels, and the built-in role whose reach it has in the rule
    set (`acts_as`): whether it acts for one region, what it may read. Created with the
    programme; the workflow's steps name it in `who`."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    label_nl = models.CharField(_("label (Dutch)"), max_length=200)
    label_en = models.CharField(_("label (English)"), max_length=200, blank=True)
    acts_as = models.CharField(_("acts as"), max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = _("role of a programme")
        verbose_name_plural = _("roles of programmes")
        ordering = ["code"]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        if (get_language() or "nl").startswith("en") and self.label_en:
            return self.label_en
        return self.label_nl


def role_label(code: str) -> str:
    """A role's label in the active language: built-in or defined by a template."""
    if code in Role.values:
        return str(Role(code).label)
    definition = RoleDefinition.objects.filter(code=code).first()
    return definition.label if definition else code


def acts_as(code: str) -> str:
    """The built-in role whose reach `code` has (itself for a built-in role)."""
    if code in Role.values:
        return code
    definition = RoleDefinition.objects.filter(code=code).first()
    return definition.acts_as if definition else ""


class Membership(models.Model):
    """A user acts for an organisation in a role, for one region where the role is regional.

    Memberships are data the programme office manages; who may do what follows from them
    in the rule set, never from templates.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    #: A built-in role (constants.Role) or the code of a RoleDefinition.
    role = models.CharField(_("role"), max_length=32)
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

    def get_role_display(self) -> str:
        return role_label(self.role)

    def clean(self):
        reach = acts_as(self.role)
        if not reach:
            raise ValidationError({"role": _("Unknown role '%(role)s'.") % {"role": self.role}})
        if reach in REGIONAL_ROLES and not self.region_id:
            raise ValidationError({"region": _("This role acts for a region: choose the region.")})
        if reach not in REGIONAL_ROLES and self.region_id:
            raise ValidationError({"region": _("This role does not act for a single region.")})


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied("The audit trail cannot be changed.")

    def delete(self):
        raise PermissionDenied("The audit trail cannot be deleted.")


class AuditEvent(models.Model):
    """One change, as the service that made it recorded it in the same transaction: who, in
    which role, when, what action on which object, which fields from what to what.

    Rows are written once and never changed or deleted by the application (save refuses an
    update, delete refuses). The actor stays a link to the account: when an account is
    anonymised, the trail shows its pseudonym.
    """

    at = models.DateTimeField(_("time"), default=clock.now, db_index=True)
    actor = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    role = models.CharField(_("role"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=64)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    region = models.ForeignKey(
        "programmes.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    #: {field: [old, new]} as text.
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("The audit trail cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("The audit trail cannot be deleted.")


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100)
    #: The first characters of the key: not secret, enough to recognise a token by.
    prefix = models.CharField(_("prefix"), max_length=16)
    #: SHA-256 of the whole key, hex.
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]
        # Made by the api app, moved here so the CLI and the API share one token service.
        db_table = "api_apitoken"

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
