"""Countries (ISO 3166), the facility's regions and the groupings partner countries belong to."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from mieux.core.models import TranslatedNameModel


class Region(TranslatedNameModel):
    """A facility region: Africa, Asia, EU Neighbourhood, Latin America & the Caribbean."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ("sort_order", "code")


class Country(TranslatedNameModel):
    """An ISO 3166-1 country; `region` is set for countries in one of the facility's regions."""

    iso2 = models.CharField(_("ISO alpha-2 code"), max_length=2, unique=True)
    iso3 = models.CharField(_("ISO alpha-3 code"), max_length=3, unique=True)
    numeric = models.CharField(_("ISO numeric code"), max_length=3, unique=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("facility region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="countries",
    )
    is_oda_eligible = models.BooleanField(
        _("eligible for official development assistance"),
        default=False,
        help_text=_("On the OECD DAC list of ODA recipients."),
    )

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ("name_en",)
        constraints = [
            models.CheckConstraint(
                condition=models.Q(iso2__regex=r"^[A-Z]{2}$"), name="country_iso2_upper_alpha"
            ),
        ]


class Grouping(TranslatedNameModel):
    """A regional integration body or sub-region such as MERCOSUR or the Northern Triangle."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    acronym = models.CharField(_("acronym"), max_length=32, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="groupings"
    )
    members = models.ManyToManyField(Country, verbose_name=_("members"), related_name="groupings")

    class Meta:
        verbose_name = _("grouping")
        verbose_name_plural = _("groupings")
        ordering = ("code",)
