from django.contrib.auth.models import AnonymousUser

from mieux.experts import selectors
from mieux.experts.models import Expert, ExpertLanguage
from mieux.taxonomy.models import ThematicArea


def test_an_expert_sees_only_their_own_deployments_soonest_first(
    expert, other_expert, invite, lima_workshop, june_training, django_assert_max_num_queries
):
    june, lima = invite(expert, june_training), invite(expert, lima_workshop)
    invite(other_expert, lima_workshop)

    with django_assert_max_num_queries(1):
        mine = [
            (d.pk, d.expert.full_name, d.activity.title)
            for d in selectors.deployments_of(expert.user)
        ]

    assert mine == [
        (lima.pk, "Ana Pérez", "Lima workshop"),
        (june.pk, "Ana Pérez", "June training"),
    ]


def test_a_user_without_a_profile_or_anonymous_sees_no_deployments(
    officer, expert, invite, lima_workshop
):
    invite(expert, lima_workshop)

    assert list(selectors.deployments_of(officer)) == []
    assert list(selectors.deployments_of(AnonymousUser())) == []


def _names(roster_filter):
    return sorted(e.full_name for e in selectors.filter_roster(Expert.objects.all(), roster_filter))


def test_the_roster_search_reads_names_e_mails_institutions_and_accented_keywords(
    expert, other_expert
):
    Expert.objects.filter(pk=expert.pk).update(
        email="ana@interior.example", keywords=["protección internacional"]
    )

    assert _names(selectors.RosterFilter(q="bruno")) == ["Bruno Silva"]
    assert _names(selectors.RosterFilter(q="interior.example")) == ["Ana Pérez"]
    assert _names(selectors.RosterFilter(q="ministerio")) == ["Ana Pérez"]
    assert _names(selectors.RosterFilter(q="protección")) == ["Ana Pérez"]
    assert _names(selectors.RosterFilter(q="nobody")) == []


def test_a_pillar_filter_includes_its_specific_areas_and_a_level_its_betters(expert, other_expert):
    pillar = ThematicArea.objects.create(code="IP", name_en="International protection")
    asylum = ThematicArea.objects.create(code="IP-ASY", name_en="Asylum", parent=pillar)
    expert.thematic_areas.add(asylum)
    ExpertLanguage.objects.create(expert=other_expert, code="es", level="B1")

    assert _names(selectors.RosterFilter(theme=pillar)) == ["Ana Pérez"]
    assert _names(selectors.RosterFilter(theme=asylum)) == ["Ana Pérez"]
    # Ana is a native Spanish speaker, Bruno speaks it at B1.
    assert _names(selectors.RosterFilter(language="es")) == ["Ana Pérez", "Bruno Silva"]
    assert _names(selectors.RosterFilter(language="es", minimum_level="B2")) == ["Ana Pérez"]
    assert selectors.levels_at_least("C2") == ["C2", "native"]
