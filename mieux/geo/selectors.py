"""Reads of the geography reference data."""

from django.db.models import QuerySet

from mieux.geo.data.eu_member_states import EU_MEMBER_STATES
from mieux.geo.models import Country


def eu_member_states() -> QuerySet[Country]:
    """The EU Member States loaded from the reference data, in a stable order (English name)."""
    return Country.objects.filter(iso2__in=EU_MEMBER_STATES).order_by("name_en", "iso2")
