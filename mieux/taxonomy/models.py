"""Vocabularies: thematic areas, GCM objectives, DAC sectors, activity and output types."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from mieux.core.models import TranslatedNameModel
from mieux.taxonomy.vocabulary import ACTIVITY_TYPE_DAYS

# A type the vocabulary does not know (added in the admin) lasts a day until someone says more.
UNKNOWN_TYPE_DAYS = (1, 1)


class ThematicArea(TranslatedNameModel):
    """A pillar (IMT, LM, IP, MD, HO) or one of its specific areas (e.g. IMT-THB)."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("pillar"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("thematic area")
        verbose_name_plural = _("thematic areas")
        ordering = ("sort_order", "code")

    @property
    def is_pillar(self) -> bool:
        return self.parent_id is None


class GCMObjective(models.Model):
    """One of the 23 objectives of the Global Compact for Safe, Orderly and Regular Migration."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.TextField(_("title"))

    class Meta:
        verbose_name = _("GCM objective")
        verbose_name_plural = _("GCM objectives")
        ordering = ("number",)
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=23), name="gcm_objective_1_to_23"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Sector(models.Model):
    """A DAC 5-digit sector from the IATI Sector codelist (15190 is migration)."""

    code = models.CharField(_("code"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=255)
    name_fr = models.CharField(_("name (French)"), max_length=255, blank=True)
    category = models.CharField(_("category"), max_length=3)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("DAC sector")
        verbose_name_plural = _("DAC sectors")
        ordering = ("code",)

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ActivityType(TranslatedNameModel):
    code = models.CharField(_("code"), max_length=32, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("activity type")
        verbose_name_plural = _("activity types")
        ordering = ("sort_order", "code")

    @property
    def typical_days(self) -> tuple[int, int]:
        """(shortest, longest) usual length in days, from `vocabulary.ACTIVITY_TYPE_DAYS`."""
        return ACTIVITY_TYPE_DAYS.get(self.code, UNKNOWN_TYPE_DAYS)


class OutputType(TranslatedNameModel):
    code = models.CharField(_("code"), max_length=32, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("output type")
        verbose_name_plural = _("output types")
        ordering = ("sort_order", "code")
