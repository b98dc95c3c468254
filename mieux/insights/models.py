"""Migration context data: the published releases imported and their observations.

One `Release` per source (the DESA 2019 and 2020 workbooks, the UNHCR population statistics):
importing a source again replaces its observations in one transaction. An observation is one
figure for an area (a country, or a DESA region or aggregate kept by its code and name), a year,
an indicator, a sex and, for flows, an origin.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from mieux.geo.models import Country


class Source(models.TextChoices):
    DESA_2019 = "desa2019", _("UN DESA International Migrant Stock 2019")
    DESA_2020 = "desa2020", _("UN DESA International Migrant Stock 2020")
    UNHCR = "unhcr", _("UNHCR population statistics")


class Indicator(models.TextChoices):
    MIGRANT_STOCK = "migrant_stock", _("international migrant stock")
    POPULATION = "population", _("total population")
    MIGRANT_SHARE = "migrant_share", _("migrant stock as a percentage of the population")
    REFUGEES = "refugees", _("refugees")
    ASYLUM_SEEKERS = "asylum_seekers", _("asylum seekers")
    REFUGEES_AND_ASYLUM_SEEKERS = (
        "refugees_and_asylum_seekers",
        _("refugees and asylum seekers"),
    )
    EMIGRANTS = "emigrants", _("emigrants abroad")


class Sex(models.TextChoices):
    TOTAL = "total", _("both sexes")
    MALE = "male", _("male")
    FEMALE = "female", _("female")


class Release(models.Model):
    """The edition of a source the observations come from, and the file they were read from."""

    source = models.CharField(_("source"), max_length=16, choices=Source.choices, unique=True)
    edition = models.CharField(_("edition"), max_length=32)
    title = models.CharField(_("title"), max_length=255)
    address = models.URLField(_("address"), max_length=255)
    licence = models.CharField(_("licence"), max_length=64)
    file_name = models.CharField(_("file name"), max_length=255)
    file_sha256 = models.CharField(_("file SHA-256"), max_length=64)
    observation_count = models.PositiveIntegerField(_("observations"), default=0)
    imported_at = models.DateTimeField(_("imported at"))

    class Meta:
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        ordering = ("source",)

    def __str__(self) -> str:
        return f"{self.title} ({self.edition})"


class Observation(models.Model):
    """One published figure. `area_code` is the source's own code (the M49 number for DESA,
    the ISO alpha-3 code for UNHCR); `country` is set when the area is a country mieux knows.
    `origin_code` is empty for figures that have no origin (stocks hosted, populations)."""

    release = models.ForeignKey(
        Release, verbose_name=_("release"), on_delete=models.CASCADE, related_name="observations"
    )
    area_code = models.CharField(_("area code"), max_length=8)
    area_name = models.CharField(_("area name"), max_length=128)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    indicator = models.CharField(_("indicator"), max_length=32, choices=Indicator.choices)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, default=Sex.TOTAL)
    origin_code = models.CharField(_("origin code"), max_length=8, blank=True, default="")
    origin_name = models.CharField(_("origin name"), max_length=128, blank=True, default="")
    origin_country = models.ForeignKey(
        Country,
        verbose_name=_("country of origin"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    value = models.FloatField(_("value"))

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.UniqueConstraint(
                fields=("release", "area_code", "year", "indicator", "sex", "origin_code"),
                name="observation_one_per_release_area_year_indicator_sex_origin",
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0), name="observation_value_gte_0"
            ),
        ]
        indexes = [
            models.Index(fields=("release", "indicator", "year"), name="observation_release_ind"),
            models.Index(fields=("country", "indicator", "year"), name="observation_country_ind"),
            models.Index(
                fields=("origin_country", "indicator", "year"), name="observation_origin_ind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area_name} {self.year} {self.indicator} {self.sex}: {self.value}"
