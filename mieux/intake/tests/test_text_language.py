"""The language a request's texts are written in: asked on the form, shown in words, carried into
the Action formulated from it, and filled in for the requests stored before it was asked."""

import importlib
import re

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from mieux.accounts.models import User
from mieux.core.errors import DomainError
from mieux.core.models import AuditEvent
from mieux.intake import services
from mieux.intake.models import AssistanceRequest
from mieux.portfolio.models import Action

pytestmark = pytest.mark.django_db

migration = importlib.import_module("mieux.intake.migrations.0003_request_text_language")

TO_FORMULATED = ("submit", "start_assessment", "recommend", "approve", "formulate")
ACTORS = {
    "submit": "partner",
    "start_assessment": "officer",
    "recommend": "officer",
    "approve": "steering",
    "formulate": "officer",
}
ENGLISH_CONTEXT = "More unaccompanied children arrive at the southern border every month."
ENGLISH_OBJECTIVE = "Train first-contact officials in child-sensitive procedures."
SPANISH_CONTEXT = "Cada mes llegan más niños no acompañados a la frontera sur del país."
SPANISH_OBJECTIVE = "Capacitar a los funcionarios de primer contacto en procedimientos adaptados."


def request_through(world, users, *, text_language, languages, steps=(), **texts):
    draft = services.request_create(
        actor=users["partner"],
        title=texts.pop("title", "Protection of migrant children"),
        country=world["mexico"],
        thematic_areas=[world["theme"]],
        text_language=text_language,
        languages=languages,
        **{"context": ENGLISH_CONTEXT, "objective": ENGLISH_OBJECTIVE, **texts},
    )
    for step in steps:
        services.request_transition(
            actor=users[ACTORS[step]], request_id=draft.pk, transition=step, reason="Agreed."
        )
    return AssistanceRequest.objects.select_related("action").get(pk=draft.pk)


def public_page(action: Action, language: str) -> str:
    Action.objects.filter(pk=action.pk).update(is_public=True)
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(reverse("portfolio:action_detail", args=[action.slug])).content.decode()


def client_of(user: User, language: str = "en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


# Formulation ---------------------------------------------------------------------------------


def test_an_english_request_to_be_worked_on_in_spanish_becomes_an_english_action(world, users):
    # Issue 9: Mexico's English texts were labelled "original text in Spanish", because the
    # Action's language was taken from the preferred working languages.
    formulated = request_through(
        world, users, text_language="en", languages=["es"], steps=TO_FORMULATED
    )

    action = formulated.action
    assert action.language == "en"
    assert (action.context, action.objective) == (ENGLISH_CONTEXT, ENGLISH_OBJECTIVE)
    assert "original text in" not in public_page(action, "en")
    assert "texto original en inglés" in public_page(action, "es")


def test_a_spanish_request_to_be_worked_on_in_english_becomes_a_spanish_action(world, users):
    formulated = request_through(
        world,
        users,
        text_language="es",
        languages=["en"],
        steps=TO_FORMULATED,
        title="Protección de la niñez migrante",
        context=SPANISH_CONTEXT,
        objective=SPANISH_OBJECTIVE,
    )

    action = formulated.action
    assert action.language == "es"
    assert "original text in Spanish" in public_page(action, "en")
    assert "texto original" not in public_page(action, "es")
    # The plan is titled in the texts' language, worked on in the preferred one.
    activities = list(action.activities.order_by("start_date"))
    assert activities[0].title == "Misión de evaluación y reuniones bilaterales"
    assert {activity.language for activity in activities} == {"en"}


# The service ---------------------------------------------------------------------------------


def test_a_new_request_is_taken_to_be_written_in_the_language_of_the_page(world, users):
    with translation.override("pt"):
        draft = services.request_create(actor=users["partner"], title="Proteção de crianças")

    assert draft.text_language == "pt"


@pytest.mark.parametrize("code", ["de", "ES", "", "english", None])
def test_the_service_refuses_a_language_the_site_does_not_have_and_changes_nothing(
    world, users, code
):
    draft = request_through(world, users, text_language="en", languages=["es"])
    events = AuditEvent.objects.count()

    with pytest.raises(DomainError) as error:
        services.request_update(
            actor=users["partner"], request_id=draft.pk, expected_version=1, text_language=code
        )

    assert error.value.field == "text_language"
    draft.refresh_from_db()
    assert (draft.text_language, draft.version, AuditEvent.objects.count()) == ("en", 1, events)


# The form ------------------------------------------------------------------------------------


def test_a_new_draft_asks_for_the_language_of_its_texts_defaulting_to_the_page_language(
    world, users
):
    client = client_of(users["partner"], "fr")

    response = client.post(reverse("intake:request_create"), {"intent": "next"})
    draft = AssistanceRequest.objects.get()
    step_2 = client.get(reverse("intake:request_edit", args=[draft.pk, 2]))

    assert response.status_code == 302
    assert draft.text_language == "fr"
    assert step_2.status_code == 200
    page = step_2.content.decode()
    assert '<select name="text_language"' in page
    assert re.search(r'<option value="fr" selected>Français</option>', page)
    assert '<option value="es">Espagnol</option>' in page


def test_step_2_saves_the_language_of_the_texts(world, users):
    draft = request_through(world, users, text_language="en", languages=["es"])

    response = client_of(users["partner"]).post(
        reverse("intake:request_edit", args=[draft.pk, 2]),
        {
            "title": "Protección de la niñez migrante",
            "context": SPANISH_CONTEXT,
            "objective": SPANISH_OBJECTIVE,
            "text_language": "es",
            "intent": "next",
            "version": 1,
        },
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.text_language, draft.version) == ("es", 2)
    event = AuditEvent.objects.filter(verb="request.updated").get()
    assert (event.before["text_language"], event.after["text_language"]) == ("en", "es")


@pytest.mark.parametrize("code", ["de", "xx", ""])
def test_step_2_refuses_a_language_the_site_does_not_have_and_changes_nothing(world, users, code):
    draft = request_through(world, users, text_language="en", languages=["es"])

    response = client_of(users["partner"]).post(
        reverse("intake:request_edit", args=[draft.pk, 2]),
        {
            "title": "Another title",
            "context": ENGLISH_CONTEXT,
            "objective": ENGLISH_OBJECTIVE,
            "text_language": code,
            "intent": "next",
            "version": 1,
        },
    )

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["text_language"]
    draft.refresh_from_db()
    assert (draft.text_language, draft.title, draft.version) == (
        "en",
        "Protection of migrant children",
        1,
    )


@pytest.mark.parametrize(
    ("language", "name"), [("en", "Portuguese"), ("es", "Portugués"), ("fr", "Portugais")]
)
def test_the_review_and_detail_pages_name_the_language_of_the_texts(world, users, language, name):
    draft = request_through(world, users, text_language="pt", languages=["es"])
    client = client_of(users["partner"], language)

    for url in (
        reverse("intake:request_edit", args=[draft.pk, 5]),
        reverse("intake:request_detail", args=[draft.pk]),
    ):
        page = client.get(url).content.decode()
        term = re.search(r"<dd>([^<]*)</dd>\s*<dt>[^<]*</dt><dd lang=\"pt\">", page)
        assert term is not None, url
        assert term.group(1) == name


def test_the_assessment_page_names_the_language_of_the_texts(world, users):
    assessed = request_through(
        world, users, text_language="es", languages=["en"], steps=("submit", "start_assessment")
    )

    page = client_of(users["officer"]).get(reverse("intake:assessment", args=[assessed.pk]))

    assert page.status_code == 200
    assert re.search(r"<dd>Spanish</dd>", page.content.decode())


# The migration's backfill --------------------------------------------------------------------


def stored_before_the_field(assistance_request: AssistanceRequest) -> None:
    """As the migration finds a request: the column's default, whatever the texts are in."""
    AssistanceRequest.objects.filter(pk=assistance_request.pk).update(text_language="en")


def test_the_backfill_identifies_the_language_from_the_texts(world, users):
    User.objects.filter(pk=users["partner"].pk).update(preferred_language="es")
    spanish = request_through(
        world,
        users,
        text_language="es",
        languages=["en"],
        title="Protección de la niñez migrante",
        context=SPANISH_CONTEXT,
        objective=SPANISH_OBJECTIVE,
    )
    english = request_through(world, users, text_language="en", languages=["es"])
    stored_before_the_field(spanish)

    migration.fill_text_language(apps, None)

    spanish.refresh_from_db()
    english.refresh_from_db()
    assert (spanish.text_language, english.text_language) == ("es", "en")
    reasons = {
        event.object_id: event.reason for event in AuditEvent.objects.filter(actor__isnull=True)
    }
    assert reasons[str(spanish.pk)].startswith(
        "Language of the texts filled in when the field was added: identified from the title"
    )
    assert str(english.pk) in reasons


def test_the_backfill_falls_back_on_the_creators_language_and_says_it_is_a_guess(world, users):
    User.objects.filter(pk=users["partner"].pk).update(preferred_language="pt")
    draft = request_through(
        world, users, text_language="en", languages=[], title="Tumbes", context="", objective=""
    )

    migration.fill_text_language(apps, None)

    draft.refresh_from_db()
    assert draft.text_language == "pt"
    event = AuditEvent.objects.get(actor__isnull=True, object_id=str(draft.pk))
    assert (event.verb, event.before, event.after) == (
        "request.updated",
        {},
        {"text_language": "pt"},
    )
    assert "A guess" in event.reason


def test_the_backfill_corrects_an_action_formulation_mislabelled(world, users):
    # What the old formulation left: English texts, the Action labelled Spanish.
    formulated = request_through(
        world, users, text_language="en", languages=["es"], steps=TO_FORMULATED
    )
    Action.objects.filter(pk=formulated.action_id).update(language="es")
    version = Action.objects.get(pk=formulated.action_id).version

    migration.fill_text_language(apps, None)

    action = Action.objects.get(pk=formulated.action_id)
    assert (action.language, action.version) == ("en", version + 1)
    event = AuditEvent.objects.get(verb="action.updated", object_id=str(action.pk))
    assert (event.actor, event.before, event.after) == (
        None,
        {"language": "es"},
        {"language": "en"},
    )
    assert "original text in" not in public_page(action, "en")


@pytest.mark.parametrize(
    "edit",
    [
        {"context": "Rewritten by the officer after formulation, in English still."},
        {"translations": {"en": {"objective": "An English translation someone added."}}},
        {"language": "fr"},
    ],
)
def test_the_backfill_leaves_an_action_someone_has_worked_on(world, users, edit):
    formulated = request_through(
        world, users, text_language="en", languages=["es"], steps=TO_FORMULATED
    )
    Action.objects.filter(pk=formulated.action_id).update(**{"language": "es", **edit})
    before = Action.objects.get(pk=formulated.action_id)

    migration.fill_text_language(apps, None)

    after = Action.objects.get(pk=formulated.action_id)
    assert (after.language, after.version) == (before.language, before.version)
    assert not AuditEvent.objects.filter(verb="action.updated", actor__isnull=True).exists()


def test_the_backfill_has_nothing_to_do_without_requests(db):
    migration.fill_text_language(apps, None)

    assert not AuditEvent.objects.exists()
