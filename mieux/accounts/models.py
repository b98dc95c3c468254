"""Users, partner and facility institutions, role memberships and API tokens."""

import datetime
import hashlib
import secrets
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mieux.geo.models import Country, Region


class InstitutionKind(models.TextChoices):
    NATIONAL_AUTHORITY = "national_authority", _("National authority")
    LOCAL_AUTHORITY = "local_authority", _("Local authority")
    REGIONAL_ORGANISATION = "regional_organisation", _("Regional organisation")
    JUDICIARY = "judiciary", _("Judiciary or prosecution service")
    OMBUDSPERSON = "ombudsperson", _("Ombudsperson or human rights institution")
    PARLIAMENT = "parliament", _("Parliament")
    CIVIL_SOCIETY = "civil_society", _("Civil society organisation")
    ACADEMIA = "academia", _("Academia")
    PRIVATE_SECTOR = "private_sector", _("Private sector")
    INTERNATIONAL_ORGANISATION = "international_organisation", _("International organisation")
    EU_MEMBER_STATE_ADMINISTRATION = (
        "eu_member_state_administration",
        _("EU Member State administration"),
    )
    FACILITY = "facility", _("Facility management")
    EU_INSTITUTION = "eu_institution", _("EU institution")


class Institution(models.Model):
    """A partner body, an expert's home administration, or the facility itself."""

    name = models.CharField(_("name"), max_length=255)
    acronym = models.CharField(_("acronym"), max_length=32, blank=True)
    kind = models.CharField(_("kind"), max_length=40, choices=InstitutionKind.choices)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="institutions",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="institutions",
        help_text=_("For regional organisations that belong to no single country."),
    )
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ("name",)
        constraints = [
            models.UniqueConstraint(fields=["name", "country"], name="institution_unique_name"),
            models.CheckConstraint(
                condition=models.Q(kind__in=InstitutionKind.values), name="institution_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class Role(models.TextChoices):
    PARTNER_FOCAL_POINT = "partner_focal_point", _("Partner focal point")
    PROJECT_OFFICER = "project_officer", _("Project officer")
    PROGRAMME_MANAGER = "programme_manager", _("Programme manager")
    STEERING_MEMBER = "steering_member", _("Steering committee member")
    EXPERT = "expert", _("Expert")
    KNOWLEDGE_MANAGER = "knowledge_manager", _("Knowledge manager")
    ADMIN = "admin", _("Administrator")


STAFF_ROLES = frozenset(
    {Role.PROJECT_OFFICER, Role.PROGRAMME_MANAGER, Role.KNOWLEDGE_MANAGER, Role.ADMIN}
)
# Those who run the facility's requests, actions and roster (the knowledge manager does not).
FACILITY_ROLES = frozenset({Role.PROJECT_OFFICER, Role.PROGRAMME_MANAGER, Role.ADMIN})


def roles_of(user: Any) -> set[str]:
    """The roles a user holds; none for an anonymous visitor. The apps' policies ask this."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(user.roles)


class User(AbstractUser):
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=2,
        default="en",
        choices=[("en", "English"), ("es", "Español"), ("pt", "Português"), ("fr", "Français")],
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def has_role(self, role: Role) -> bool:
        return any(membership.role == role for membership in self.memberships.all())

    @property
    def roles(self) -> set[str]:
        return {membership.role for membership in self.memberships.all()}


class Membership(models.Model):
    """A user holds a role, in an institution where the role belongs to one."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "institution"], name="membership_unique_role"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="membership_role_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(role=Role.PARTNER_FOCAL_POINT)
                | models.Q(institution__isnull=False),
                name="partner_focal_point_has_institution",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


class EmailTopic(models.TextChoices):
    """The e-mails a user may choose not to receive. E-mails about the account itself (password
    reset, the roster invitation that sets a first password) are not among them: they always go.
    """

    REQUEST_UPDATES = "request_updates", _("Steps taken on requests for assistance")
    DEPLOYMENT_INVITATIONS = "deployment_invitations", _("Invitations to missions")


# The roles each topic concerns: the settings page offers a topic to its roles (and to
# administrators, who may hold any role); the senders are in mieux.intake.notifications and
# mieux.experts.invitations.
EMAIL_TOPIC_ROLES: dict[str, frozenset[str]] = {
    EmailTopic.REQUEST_UPDATES: frozenset(
        {
            Role.PARTNER_FOCAL_POINT,
            Role.PROJECT_OFFICER,
            Role.PROGRAMME_MANAGER,
            Role.STEERING_MEMBER,
        }
    ),
    EmailTopic.DEPLOYMENT_INVITATIONS: frozenset({Role.EXPERT}),
}


class EmailOptOut(models.Model):
    """The user does not want e-mails of `topic`. Opt-outs rather than opt-ins: every user
    receives every topic until they say otherwise, and a new topic reaches everyone."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="email_opt_outs"
    )
    topic = models.CharField(_("topic"), max_length=40, choices=EmailTopic.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects: ClassVar[models.Manager["EmailOptOut"]]

    class Meta:
        verbose_name = _("e-mail opt-out")
        verbose_name_plural = _("e-mail opt-outs")
        constraints = [
            models.UniqueConstraint(fields=["user", "topic"], name="email_opt_out_unique_topic"),
            models.CheckConstraint(
                condition=models.Q(topic__in=EmailTopic.values), name="email_opt_out_topic_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_topic_display()}"


def hash_token(raw_token: str) -> str:
    return hashlib.sha256(raw_token.encode()).hexdigest()


class ApiTokenStatus(models.TextChoices):
    """Not stored: read from `expires_at` and `revoked_at` (`ApiToken.status`)."""

    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 hash is stored; the raw value is shown once."""

    PREFIX = "mx_"

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    token_prefix = models.CharField(_("token prefix"), max_length=12)
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    expires_at = models.DateTimeField(
        _("expires at"), null=True, blank=True, help_text=_("Empty: the token does not expire.")
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects: ClassVar[models.Manager["ApiToken"]]

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.token_prefix}… ({self.user})"

    @classmethod
    def generate_raw(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)

    def is_expired(self, at: datetime.datetime | None = None) -> bool:
        """Whether the expiry has passed at `at` (default: now); never for a token without one."""
        return self.expires_at is not None and self.expires_at <= (at or timezone.now())

    @property
    def status(self) -> ApiTokenStatus:
        """Revocation wins over expiry: it is final."""
        if self.revoked_at is not None:
            return ApiTokenStatus.REVOKED
        return ApiTokenStatus.EXPIRED if self.is_expired() else ApiTokenStatus.ACTIVE
