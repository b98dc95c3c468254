from django.contrib.auth.models import AnonymousUser

from mieux.experts import selectors


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
