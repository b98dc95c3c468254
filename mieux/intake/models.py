"""Requests for assistance, their transitions, assessments and attachments."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mieux.accounts.models import Institution
from mieux.core.models import LANGUAGE_CODES
from mieux.geo.models import Country, Region
from mieux.intake.workflow import RequestStatus
from mieux.portfolio.models import LANGUAGE_CHOICES, Action
from mieux.taxonomy.models import ThematicArea


class AssistanceRequest(models.Model):
    """What a partner asks for. `request` always means the HTTP request in this code base."""

    title = models.CharField(_("title"), max_length=300)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assistance_requests",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="assistance_requests",
    )
    lead_institution = models.ForeignKey(
        Institution,
        verbose_name=_("lead institution"),
        on_delete=models.PROTECT,
        related_name="led_requests",
    )
    requesting_institutions = models.ManyToManyField(
        Institution,
        verbose_name=_("requesting institutions"),
        related_name="assistance_requests",
        help_text=_("Every institution that asks, the lead institution included."),
    )
    context = models.TextField(_("problem and context"), blank=True)
    objective = models.TextField(_("desired objective"), blank=True)
    # The language the title, context and objective are written in: what an Action formulated
    # from the request says its texts' original is. Not `languages`, which are the languages the
    # partner would like the assistance to work in.
    text_language = models.CharField(
        _("language of the texts"), max_length=2, choices=LANGUAGE_CHOICES, default="en"
    )
    thematic_areas = models.ManyToManyField(
        ThematicArea,
        verbose_name=_("thematic areas"),
        related_name="assistance_requests",
        blank=True,
    )
    languages = models.JSONField(
        _("preferred languages"), default=list, blank=True, help_text=_("ISO 639-1 codes.")
    )
    desired_start = models.DateField(_("desired start"), null=True, blank=True)
    desired_end = models.DateField(_("desired end"), null=True, blank=True)
    timing_note = models.CharField(_("timing"), max_length=300, blank=True)
    expected_participants = models.PositiveIntegerField(
        _("expected participants"), null=True, blank=True
    )
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=24, choices=RequestStatus.choices, default=RequestStatus.DRAFT
    )
    # Bumped by every transition: a writer that read version N and finds N+1 lost the race.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="created_requests",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    formulated_at = models.DateTimeField(_("formulated at"), null=True, blank=True)
    action = models.OneToOneField(
        Action,
        verbose_name=_("action"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assistance_request",
    )

    class Meta:
        verbose_name = _("request for assistance")
        verbose_name_plural = _("requests for assistance")
        ordering = ("-created_at", "-id")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RequestStatus.values), name="request_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(desired_end__isnull=True)
                | Q(desired_start__isnull=True)
                | Q(desired_end__gte=models.F("desired_start")),
                name="request_desired_dates_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(status=RequestStatus.FORMULATED) | Q(action__isnull=False),
                name="request_formulated_has_action",
            ),
            models.CheckConstraint(
                condition=Q(text_language__in=LANGUAGE_CODES),
                name="request_text_language_valid",
            ),
        ]
        indexes = [models.Index(fields=["status", "submitted_at"], name="request_status_submitted")]

    def __str__(self) -> str:
        return self.title


class RequestTransition(models.Model):
    """One step of a request's workflow: who took it, when, and why."""

    assistance_request = models.ForeignKey(
        AssistanceRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    transition = models.CharField(_("transition"), max_length=32)
    from_status = models.CharField(_("from"), max_length=24, choices=RequestStatus.choices)
    to_status = models.CharField(_("to"), max_length=24, choices=RequestStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        related_name="request_transitions",
    )
    occurred_at = models.DateTimeField(_("occurred at"))
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("request transition")
        verbose_name_plural = _("request transitions")
        ordering = ("occurred_at", "id")

    def __str__(self) -> str:
        return f"{self.transition}: {self.from_status} → {self.to_status}"


class Recommendation(models.TextChoices):
    RECOMMEND = "recommend", _("Recommend")
    NOT_RECOMMEND = "not_recommend", _("Do not recommend")


class Assessment(models.Model):
    """The officer's assessment: computed eligibility checks and the recommendation with reasons.

    `checks` is a list of {"code", "passed", "note"} as computed by
    `mieux.intake.eligibility.compute_checks`, stored as they were when the officer assessed.
    """

    assistance_request = models.OneToOneField(
        AssistanceRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="assessment",
    )
    checks = models.JSONField(_("eligibility checks"), default=list)
    checked_at = models.DateTimeField(_("checked at"))
    recommendation = models.CharField(
        _("recommendation"), max_length=16, choices=Recommendation.choices, blank=True
    )
    reasons = models.TextField(_("reasons"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assessed_at = models.DateTimeField(_("assessed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.CheckConstraint(
                condition=Q(recommendation="") | Q(recommendation__in=Recommendation.values),
                name="assessment_recommendation_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assistance_request} — {self.get_recommendation_display() or '…'}"


def attachment_path(instance: "RequestAttachment", filename: str) -> str:
    return f"requests/{instance.assistance_request_id}/{filename}"


class RequestAttachment(models.Model):
    assistance_request = models.ForeignKey(
        AssistanceRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ("uploaded_at", "id")

    def __str__(self) -> str:
        return self.name
