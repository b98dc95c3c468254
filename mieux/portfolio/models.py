"""Actions, their activities, outputs and result indicators."""

import datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from mieux.accounts.models import Institution
from mieux.core.models import LANGUAGE_CODES, active_language
from mieux.geo.models import Country, Region
from mieux.taxonomy.models import ActivityType, GCMObjective, OutputType, Sector, ThematicArea

LANGUAGE_CHOICES = [("en", "English"), ("es", "Español"), ("pt", "Português"), ("fr", "Français")]


class DatePrecision(models.TextChoices):
    """How much of a date the source knows: 'April 2015' is month precision."""

    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


TRANSLATABLE_ACTION_FIELDS = ("title", "context", "objective", "result")


def translated_text(
    original: str, field: str, *, original_language: str, translations: Any, language: str
) -> str:
    """`field` of an action in `language` where `translations` has it, else the `original` text
    (written in `original_language`). For `Action.text` and for lists read as plain rows."""
    if language != original_language:
        translated = (translations or {}).get(language, {}).get(field)
        if translated:
            return str(translated)
    return str(original)


def period_label(start_date: datetime.date, end_date: datetime.date | None) -> str:
    """The years an action runs: '2016', or start and end (or "ongoing") joined by an en dash."""
    start = str(start_date.year)
    end = str(end_date.year) if end_date else str(_("ongoing"))
    return start if end == start else f"{start}\N{EN DASH}{end}"


class Action(models.Model):
    """The unit of assistance, named like the brochure's cards ('Peru III').

    Context, objective and result are written in `language`; `translations` may carry them in other
    languages as {"es": {"objective": "..."}}. A missing translation shows the original text.
    """

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=120, help_text=_("As on the card: 'Peru III'."))
    title = models.CharField(_("title"), max_length=300, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="actions"
    )
    countries = models.ManyToManyField(
        Country, verbose_name=_("countries"), related_name="actions", blank=True
    )
    partner_institutions = models.ManyToManyField(
        Institution, verbose_name=_("partner institutions"), related_name="actions", blank=True
    )
    pillar = models.ForeignKey(
        ThematicArea,
        verbose_name=_("pillar"),
        on_delete=models.PROTECT,
        related_name="pillar_actions",
        limit_choices_to={"parent__isnull": True},
    )
    thematic_areas = models.ManyToManyField(
        ThematicArea, verbose_name=_("thematic areas"), related_name="actions", blank=True
    )
    gcm_objectives = models.ManyToManyField(
        GCMObjective, verbose_name=_("GCM objectives"), related_name="actions", blank=True
    )
    sectors = models.ManyToManyField(
        Sector, verbose_name=_("DAC sectors"), related_name="actions", blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    start_date = models.DateField(_("start date"))
    start_precision = models.CharField(
        _("start date precision"), max_length=5, choices=DatePrecision.choices, default="month"
    )
    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_precision = models.CharField(
        _("end date precision"), max_length=5, choices=DatePrecision.choices, default="month"
    )
    language = models.CharField(
        _("language of the texts"), max_length=2, choices=LANGUAGE_CHOICES, default="en"
    )
    context = models.TextField(_("context"), blank=True)
    objective = models.TextField(_("objective"), blank=True)
    result = models.TextField(_("result"), blank=True)
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    experts_involved = models.CharField(_("experts involved"), max_length=500, blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    source_note = models.TextField(
        _("source note"),
        blank=True,
        help_text=_("Where the data comes from; what is illustrative."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Bumped by every edit: an editor who read version N and finds N+1 lost the race (409).
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ("-start_date", "id")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="action_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ActionStatus.values), name="action_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(language__in=LANGUAGE_CODES), name="action_language_valid"
            ),
        ]
        indexes = [
            # The portfolio's order (newest first) and its usual filters, read in index order.
            models.Index(fields=["-start_date", "id"], name="action_start_id"),
            models.Index(
                fields=["region", "status", "-start_date", "id"], name="action_region_status_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def text(self, field: str, language: str | None = None) -> str:
        """A translatable text in `language` (default: the active one), else the original."""
        if field not in TRANSLATABLE_ACTION_FIELDS:
            raise ValueError(f"{field} is not translatable")
        return translated_text(
            getattr(self, field),
            field,
            original_language=self.language,
            translations=self.translations,
            language=language or active_language(),
        )

    def text_language(self, field: str, language: str | None = None) -> str:
        """The language `text(field, language)` is actually written in (for the lang attribute)."""
        language = language or active_language()
        if language != self.language and (self.translations or {}).get(language, {}).get(field):
            return language
        return self.language

    @property
    def period_label(self) -> str:
        return period_label(self.start_date, self.end_date)


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")


class Activity(models.Model):
    """One event of an Action: a mission, workshop, training, study visit…"""

    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="activities"
    )
    activity_type = models.ForeignKey(
        ActivityType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="activities"
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    city = models.CharField(_("place"), max_length=120, blank=True)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    is_virtual = models.BooleanField(_("online"), default=False)
    language = models.CharField(
        _("working language"), max_length=2, choices=LANGUAGE_CHOICES, default="en"
    )
    experts_needed = models.PositiveSmallIntegerField(
        _("experts needed"),
        default=2,
        # Also in the database: bulk loaders that insert plain rows (synthetic) leave it out.
        db_default=2,
        help_text=_("The team size: how many peer experts the activity takes."),
    )
    participants_total = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    participants_female = models.PositiveIntegerField(_("women"), null=True, blank=True)
    participants_male = models.PositiveIntegerField(_("men"), null=True, blank=True)
    source_note = models.TextField(_("source note"), blank=True)
    # Bumped by every edit, as Action's: an editor who read version N and finds N+1 lost (409).
    # In the database too, for the bulk loaders that insert plain rows (synthetic).
    version = models.PositiveIntegerField(_("version"), default=1, db_default=1)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ("start_date", "id")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="activity_dates_ordered"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ActivityStatus.values), name="activity_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(participants_total__isnull=True)
                | Q(participants_total__gte=0)
                & (
                    Q(participants_female__isnull=True)
                    | Q(participants_female__lte=F("participants_total"))
                )
                & (
                    Q(participants_male__isnull=True)
                    | Q(participants_male__lte=F("participants_total"))
                ),
                name="activity_participants_within_total",
            ),
        ]
        indexes = [
            models.Index(fields=["start_date", "id"], name="activity_start_id"),
            models.Index(fields=["action", "start_date"], name="activity_action_start"),
            # Covers counts of a year's activities by action (region, theme filters).
            models.Index(fields=["start_date", "action"], name="activity_start_action"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def days(self) -> int:
        """Calendar days from the first to the last day, both included: the days an expert
        gives to it."""
        return (self.end_date - self.start_date).days + 1


class OutputStatus(models.TextChoices):
    DRAFTED = "drafted", _("Drafted")
    DELIVERED = "delivered", _("Delivered")
    ADOPTED = "adopted", _("Adopted")


class Output(models.Model):
    """A tangible product of an Action: handbook, guidelines, national plan, protocol…"""

    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="outputs"
    )
    output_type = models.ForeignKey(
        OutputType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="outputs"
    )
    title = models.CharField(_("title"), max_length=400)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES, default="en")
    status = models.CharField(
        _("status"), max_length=16, choices=OutputStatus.choices, default=OutputStatus.DRAFTED
    )
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        Institution,
        verbose_name=_("adopted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adopted_outputs",
    )
    url = models.URLField(_("address"), max_length=500, blank=True)
    source_note = models.TextField(_("source note"), blank=True)
    # Bumped by every edit, as Activity's (in the database too, for the bulk loaders).
    version = models.PositiveIntegerField(_("version"), default=1, db_default=1)

    class Meta:
        verbose_name = _("output")
        verbose_name_plural = _("outputs")
        ordering = ("action", "id")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=OutputStatus.values), name="output_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=OutputStatus.ADOPTED) | Q(adopted_on__isnull=False),
                name="output_adopted_has_date",
            ),
            models.CheckConstraint(
                condition=Q(adopted_on__isnull=True)
                | Q(delivered_on__isnull=True)
                | Q(adopted_on__gte=F("delivered_on")),
                name="output_adopted_after_delivered",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class IndicatorKind(models.TextChoices):
    OFFICIALS_TRAINED = "officials_trained", _("Officials trained")
    DOCUMENTS_ADOPTED = "documents_adopted", _("Documents adopted")
    CUSTOM = "custom", _("Custom indicator")


class ResultIndicator(models.Model):
    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="indicators"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=IndicatorKind.choices)
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    source_note = models.TextField(_("source note"), blank=True)
    # Bumped by every edit, as Activity's (in the database too, for the bulk loaders).
    version = models.PositiveIntegerField(_("version"), default=1, db_default=1)

    class Meta:
        verbose_name = _("result indicator")
        verbose_name_plural = _("result indicators")
        ordering = ("action", "id")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=IndicatorKind.values), name="indicator_kind_valid"
            ),
            models.CheckConstraint(
                condition=(Q(baseline__isnull=True) | Q(baseline__gte=0))
                & (Q(target__isnull=True) | Q(target__gte=0)),
                name="indicator_values_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def latest_value(self) -> Decimal | None:
        measurements = sorted(self.measurements.all(), key=lambda m: (m.measured_on, m.id))
        return measurements[-1].value if measurements else None


class Measurement(models.Model):
    indicator = models.ForeignKey(
        ResultIndicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="measurements",
    )
    measured_on = models.DateField(_("measured on"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ("indicator", "measured_on")
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0), name="measurement_value_non_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.value} ({self.measured_on})"
