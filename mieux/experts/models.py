"""The expert roster (profiles, languages, unavailable periods) and deployments to activities."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from mieux.accounts.models import Institution
from mieux.experts.workflow import DeploymentStatus
from mieux.geo.models import Country, Region
from mieux.portfolio.models import Activity
from mieux.taxonomy.models import ThematicArea


class ExpertType(models.TextChoices):
    EU_MEMBER_STATE_ADMINISTRATION = (
        "eu_member_state_administration",
        _("Public administration of an EU Member State"),
    )
    OTHER_PUBLIC_ADMINISTRATION = "other_public_administration", _("Other public administration")
    ACADEMIA = "academia", _("Academia")
    PRIVATE_SECTOR = "private_sector", _("Private sector")
    CIVIL_SOCIETY = "civil_society", _("Civil society")


class ExpertStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACTIVE = "active", _("Active")
    DEACTIVATED = "deactivated", _("Deactivated")


class LanguageLevel(models.TextChoices):
    """The Common European Framework of Reference levels, and mother tongue."""

    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"
    NATIVE = "native", _("Native")


def cv_path(instance: "Expert", filename: str) -> str:
    return f"experts/{instance.pk or 'new'}/{filename}"


class Expert(models.Model):
    """A peer expert on the roster. Experts with an account maintain their own profile."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expert_profile",
    )
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="experts",
        help_text=_("The expert's home institution; its country is the expert's country."),
    )
    expert_type = models.CharField(_("expert type"), max_length=40, choices=ExpertType.choices)
    thematic_areas = models.ManyToManyField(
        ThematicArea, verbose_name=_("expertise"), related_name="experts", blank=True
    )
    keywords = models.JSONField(
        _("keywords"), default=list, blank=True, help_text=_("Free keywords on the expertise.")
    )
    countries_of_experience = models.ManyToManyField(
        Country, verbose_name=_("countries of experience"), related_name="experts", blank=True
    )
    regions_of_experience = models.ManyToManyField(
        Region, verbose_name=_("regions of experience"), related_name="experts", blank=True
    )
    max_days_per_year = models.PositiveIntegerField(
        _("maximum days per year"), null=True, blank=True
    )
    biography = models.TextField(_("short biography"), blank=True)
    cv = models.FileField(_("CV"), upload_to=cv_path, blank=True)
    consent_given_at = models.DateTimeField(
        _("consent to processing given at"),
        null=True,
        blank=True,
        help_text=_("A profile without consent to processing cannot be deployed."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ExpertStatus.choices, default=ExpertStatus.INVITED
    )
    publish_name = models.BooleanField(
        _("name shown on public action pages"),
        default=False,
        help_text=_(
            "The expert agrees that the public sees their name and institution on the pages of "
            "the actions they work on."
        ),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    # Set when the person's data was erased on request: the profile stays, anonymised, so that
    # the deployments (and the facility's figures) remain.
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ("full_name", "id")
        constraints = [
            models.CheckConstraint(
                condition=Q(expert_type__in=ExpertType.values), name="expert_type_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ExpertStatus.values), name="expert_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(max_days_per_year__isnull=True) | Q(max_days_per_year__gte=1),
                name="expert_max_days_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


class ExpertLanguage(models.Model):
    expert = models.ForeignKey(
        Expert, verbose_name=_("expert"), on_delete=models.CASCADE, related_name="languages"
    )
    code = models.CharField(_("language"), max_length=2, help_text=_("ISO 639-1 code."))
    level = models.CharField(_("level"), max_length=8, choices=LanguageLevel.choices)

    class Meta:
        verbose_name = _("expert language")
        verbose_name_plural = _("expert languages")
        ordering = ("expert", "code")
        constraints = [
            models.UniqueConstraint(fields=["expert", "code"], name="expert_language_unique"),
            models.CheckConstraint(
                condition=Q(level__in=LanguageLevel.values), name="expert_language_level_valid"
            ),
        ]
        # Matching's first filter (speakers of the activity's language at a minimum level),
        # answered from the index alone.
        indexes = [
            models.Index(fields=["code", "level", "expert"], name="expert_language_matching")
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.level})"


class UnavailablePeriod(models.Model):
    expert = models.ForeignKey(
        Expert,
        verbose_name=_("expert"),
        on_delete=models.CASCADE,
        related_name="unavailable_periods",
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("unavailable period")
        verbose_name_plural = _("unavailable periods")
        ordering = ("expert", "start")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="unavailable_period_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start} to {self.end}"


class DeploymentRole(models.TextChoices):
    LEAD_EXPERT = "lead_expert", _("Lead expert")
    EXPERT = "expert", _("Expert")


class Deployment(models.Model):
    """An expert proposed for, invited to, and (if accepted) deployed on one activity."""

    expert = models.ForeignKey(
        Expert, verbose_name=_("expert"), on_delete=models.PROTECT, related_name="deployments"
    )
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.PROTECT, related_name="deployments"
    )
    role = models.CharField(
        _("role"), max_length=16, choices=DeploymentRole.choices, default=DeploymentRole.EXPERT
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=DeploymentStatus.choices,
        default=DeploymentStatus.PROPOSED,
    )
    # Bumped by every transition: a writer that read version N and finds N+1 lost the race.
    version = models.PositiveIntegerField(_("version"), default=1)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="proposed_deployments",
    )
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("deployment")
        verbose_name_plural = _("deployments")
        ordering = ("-created_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=["expert", "activity"], name="deployment_unique_expert_activity"
            ),
            models.CheckConstraint(
                condition=Q(status__in=DeploymentStatus.values), name="deployment_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(role__in=DeploymentRole.values), name="deployment_role_valid"
            ),
        ]
        indexes = [models.Index(fields=["expert", "status"], name="deployment_expert_status")]

    def __str__(self) -> str:
        return f"{self.expert} — {self.activity}"


class MissionReport(models.Model):
    """The structured report an expert writes after an activity, one per deployment."""

    deployment = models.OneToOneField(
        Deployment,
        verbose_name=_("deployment"),
        on_delete=models.CASCADE,
        related_name="mission_report",
    )
    summary = models.TextField(_("summary of the mission"))
    results = models.TextField(_("results observed"), blank=True)
    challenges = models.TextField(_("challenges met"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    follow_up = models.TextField(_("follow-up needed"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="mission_reports",
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("mission report")
        verbose_name_plural = _("mission reports")
        ordering = ("-submitted_at", "-id")

    def __str__(self) -> str:
        return str(self.deployment)


class FeedbackSource(models.TextChoices):
    PARTNER = "partner", _("Partner institution")
    EXPERT = "expert", _("Expert")


class Feedback(models.Model):
    """A score (1 to 5) and a comment on one activity, by a partner focal point of the action's
    institutions or by an expert deployed on it. Partner scores feed the matching's "past
    feedback" for the experts who delivered the activity."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="feedback"
    )
    source = models.CharField(_("from"), max_length=16, choices=FeedbackSource.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="activity_feedback",
    )
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("given at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ("-created_at", "-id")
        constraints = [
            models.UniqueConstraint(fields=["activity", "author"], name="feedback_once_per_author"),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="feedback_score_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(source__in=FeedbackSource.values), name="feedback_source_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity}: {self.score}/5"
