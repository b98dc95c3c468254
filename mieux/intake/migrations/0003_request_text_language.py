"""The language a request's texts are written in (`AssistanceRequest.text_language`).

Until now formulation took an Action's source language from the request's *preferred working
languages*, which say nothing about the language the partner wrote in: Mexico's English request
became an Action labelled "original text in Spanish". Requests now say what language their texts
are in. For the requests already stored this migration fills it in, and says how:

- From the texts themselves (title, context and objective) with py3langid, an offline language
  identifier that ships its model inside the package, limited to the four site languages, when
  there is enough text (MIN_CHARACTERS) and it is sure of it (MIN_CONFIDENCE). Requests are
  written in full sentences, so this is what tells the truth for nearly every row.
- Otherwise (a draft with a title only, say) the preferred language of the user who created the
  request: the language they use the site in is the likeliest one they wrote in, but it is a
  guess, and it is recorded as one.

Either way an audit event on the request (actor none) records the value and how it was found,
so the request's history says it was inferred, not stated. A requester or officer who edits the
request can correct it.

An Action formulated from a request carries the mistake itself. Its language is corrected too,
with an audit event and a new version, only where the mistake is certain: the language was
detected from the texts (not guessed), the Action's language is still the one the old code
derived from the preferred languages, its context and objective are still the request's own
(nobody has edited them since) and it has no translation in the detected language. Any other
Action is left as it is: an officer corrects its source language in the workspace.
"""

from typing import Any

from django.db import migrations, models
from django.db.models import F

LANGUAGES = ("en", "es", "pt", "fr")
# Below this many characters of text, identification is a coin toss ("Tumbes" is "en" at 29 %).
MIN_CHARACTERS = 40
MIN_CONFIDENCE = 0.9
REASON_DETECTED = (
    "Language of the texts filled in when the field was added: identified from the title, "
    "context and objective (py3langid, confidence %d %%)."
)
REASON_GUESSED = (
    "Language of the texts filled in when the field was added: the preferred language of the "
    "user who created the request, as the texts are too short to identify. A guess: correct it "
    "if it is wrong."
)
REASON_ACTION = (
    "Source language corrected when requests were given the language of their texts: it had "
    "been taken from request #%d's preferred working languages, but its texts are in this one."
)


def _identifier() -> Any:
    # Imported here: loading the model costs half a second, only worth it with rows to fill.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def identify(identifier: Any, texts: list[str]) -> tuple[str, float] | None:
    """The language of `texts` and the identifier's confidence, or None when it cannot tell."""
    text = "\n".join(part for part in texts if part).strip()
    if len(text) < MIN_CHARACTERS:
        return None
    language, confidence = identifier.classify(text)
    if language not in LANGUAGES or confidence < MIN_CONFIDENCE:
        return None
    return language, confidence


def _language_formulation_took(languages: Any) -> str:
    """What `action_from_request` set Action.language to before this migration."""
    return next((code for code in languages or [] if code in LANGUAGES), "en")


def fill_text_language(apps: Any, schema_editor: Any) -> None:
    AssistanceRequest = apps.get_model("intake", "AssistanceRequest")
    Action = apps.get_model("portfolio", "Action")
    AuditEvent = apps.get_model("core", "AuditEvent")
    requests = list(AssistanceRequest.objects.select_related("created_by", "action").order_by("pk"))
    if not requests:
        return
    identifier = _identifier()
    events = []
    for assistance_request in requests:
        found = identify(
            identifier,
            [assistance_request.title, assistance_request.context, assistance_request.objective],
        )
        if found is not None:
            language, reason = found[0], REASON_DETECTED % int(found[1] * 100)
        else:
            preferred = assistance_request.created_by.preferred_language
            language, reason = (preferred if preferred in LANGUAGES else "en"), REASON_GUESSED
        AssistanceRequest.objects.filter(pk=assistance_request.pk).update(text_language=language)
        events.append(
            AuditEvent(
                verb="request.updated",
                object_type="intake.assistancerequest",
                object_id=str(assistance_request.pk),
                object_repr=assistance_request.title[:255],
                before={},
                after={"text_language": language},
                reason=reason,
            )
        )
        action = assistance_request.action
        if (
            found is not None
            and action is not None
            and action.language != language
            and action.language == _language_formulation_took(assistance_request.languages)
            and action.context == assistance_request.context
            and action.objective == assistance_request.objective
            and language not in (action.translations or {})
        ):
            Action.objects.filter(pk=action.pk).update(
                language=language, version=F("version") + 1
            )
            events.append(
                AuditEvent(
                    verb="action.updated",
                    object_type="portfolio.action",
                    object_id=str(action.pk),
                    object_repr=action.name[:255],
                    before={"language": action.language},
                    after={"language": language},
                    reason=REASON_ACTION % assistance_request.pk,
                )
            )
    AuditEvent.objects.bulk_create(events)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("intake", "0002_eligibility_notes_as_codes"),
        ("portfolio", "0007_indicator_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="assistancerequest",
            name="text_language",
            field=models.CharField(
                choices=[
                    ("en", "English"),
                    ("es", "Español"),
                    ("pt", "Português"),
                    ("fr", "Français"),
                ],
                default="en",
                max_length=2,
                verbose_name="language of the texts",
            ),
        ),
        migrations.AddConstraint(
            model_name="assistancerequest",
            constraint=models.CheckConstraint(
                condition=models.Q(text_language__in=("en", "es", "pt", "fr")),
                name="request_text_language_valid",
            ),
        ),
        # Last: PostgreSQL refuses to alter a table with updates pending in the same transaction.
        migrations.RunPython(fill_text_language, migrations.RunPython.noop, elidable=True),
    ]
