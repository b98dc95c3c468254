import pytest
from django.core import mail
from django.core.management import call_command

from mieux.accounts.models import User
from mieux.core.errors import Conflict, ErrorCode, NotFound
from mieux.core.models import AuditEvent
from mieux.geo.models import Country
from mieux.intake import services
from mieux.intake.models import AssistanceRequest
from mieux.taxonomy.models import ThematicArea


@pytest.fixture
def demo(db):
    call_command("load_reference_data", verbosity=0)
    call_command("load_demo", verbosity=0)
    users = {user.username: user for user in User.objects.filter(username__startswith="demo-")}
    for user in users.values():
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    return users


def test_a_request_goes_from_draft_to_formulated_action(demo, django_capture_on_commit_callbacks):
    partner, officer, steering = (
        demo["demo-partner-mx"],
        demo["demo-officer"],
        demo["demo-steering"],
    )
    draft = services.request_create(
        actor=partner,
        title="Protection of migrant children at the southern border",
        country=Country.objects.get(iso2="MX"),
        thematic_areas=[ThematicArea.objects.get(code="HO-CHI")],
        languages=["es"],
        context="More unaccompanied children arrive in Tapachula.",
        objective="Train first-contact officials in child-sensitive procedures.",
    )

    steps = [
        (partner, "submit", ""),
        (officer, "start_assessment", ""),
        (officer, "recommend", "Fits the mandate; builds on Mexico I."),
        (steering, "approve", "Approved at the steering meeting."),
        (officer, "formulate", ""),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        for actor, transition, reason in steps:
            services.request_transition(
                actor=actor, request_id=draft.pk, transition=transition, reason=reason
            )

    formulated = AssistanceRequest.objects.get(pk=draft.pk)
    assert formulated.status == "formulated"
    assert formulated.version == 6
    assert formulated.action is not None
    assert formulated.action.activities.count() == 7
    assert [t.transition for t in formulated.transitions.all()] == [s[1] for s in steps]
    verbs = list(
        AuditEvent.objects.filter(object_type="intake.assistancerequest", object_id=str(draft.pk))
        .order_by("id")
        .values_list("verb", "actor__username")
    )
    assert verbs == [
        ("request.created", "demo-partner-mx"),
        ("request.submit", "demo-partner-mx"),
        ("request.start_assessment", "demo-officer"),
        ("request.recommend", "demo-officer"),
        ("request.approve", "demo-steering"),
        ("request.formulate", "demo-officer"),
    ]
    steering_mail = [m for m in mail.outbox if m.to == ["demo-steering@example.org"]]
    assert len(steering_mail) == 1
    assert steering_mail[0].subject.endswith("is now Recommended")


def test_an_illegal_transition_is_a_conflict_and_changes_nothing(demo):
    partner, steering = demo["demo-partner-mx"], demo["demo-steering"]
    draft = services.request_create(actor=partner, title="A draft")
    events = AuditEvent.objects.count()

    with pytest.raises(NotFound):
        services.request_transition(actor=steering, request_id=draft.pk, transition="approve")
    with pytest.raises(Conflict) as error:
        services.request_transition(
            actor=demo["demo-officer"], request_id=draft.pk, transition="recommend", reason="x"
        )

    assert error.value.code == ErrorCode.ILLEGAL_TRANSITION
    draft.refresh_from_db()
    assert (draft.status, draft.version) == ("draft", 1)
    assert AuditEvent.objects.count() == events
