"""The invitation e-mail and its accept and decline links.

When a deployment is invited, `mieux.experts.services.deployment_transition` calls
`enqueue_invitation_email` on commit; the task e-mails the expert, in their language, the
activity and two links to the page `experts:deployment_respond`. The links carry a signed token
bound to the deployment and its version, valid for 30 days: answering bumps the version, so a
link works once. Experts without an account answer this way; `respond_with_token` checks the
token, then takes the transition as the expert through the one service.
"""

import contextlib
import datetime
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django_tasks import task

from mieux.accounts.models import EmailTopic
from mieux.accounts.selectors import wants_email
from mieux.core.errors import DomainError, ErrorCode
from mieux.core.links import site_link
from mieux.experts import services
from mieux.experts.models import Deployment
from mieux.experts.workflow import DeploymentStatus
from mieux.inbox.services import notifications_create

SALT = "mieux.experts.invitation"
VALIDITY = datetime.timedelta(days=30)
ANSWERS = ("accept", "decline")

_paused: ContextVar[bool] = ContextVar("invitation_emails_paused", default=False)


class InvalidInvitation(DomainError):
    """The link was not issued by mieux for this deployment (tampered, truncated, mistyped)."""

    status = 400


class InvitationGone(DomainError):
    """The link was valid once: it has expired, or the invitation was already answered."""

    status = 410
    code = ErrorCode.CONFLICT


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """No invitation e-mails for invitations committed inside this block (the demo loader)."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def make_token(deployment: Deployment) -> str:
    """A signed, timestamped token naming the deployment and its current version."""
    return signing.dumps({"deployment": deployment.pk, "version": deployment.version}, salt=SALT)


def read_token(deployment_id: int, token: str) -> tuple[Deployment, int]:
    """The invited deployment the token was issued for, and the version it names.

    Raises `InvalidInvitation` for a token that mieux did not sign for this deployment and
    `InvitationGone` for one that expired or whose invitation was already answered."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=VALIDITY)
    except signing.SignatureExpired as error:
        raise InvitationGone(
            _("This invitation link has expired. Ask the facility for a new invitation.")
        ) from error
    except signing.BadSignature as error:
        raise InvalidInvitation(
            _("This invitation link is not valid. Check that you copied the whole link.")
        ) from error
    if not isinstance(payload, dict) or payload.get("deployment") != deployment_id:
        raise InvalidInvitation(
            _("This invitation link is not valid. Check that you copied the whole link.")
        )
    version = payload.get("version")
    deployment = (
        Deployment.objects.select_related(
            "expert__user", "activity__action", "activity__country", "activity__activity_type"
        )
        .filter(pk=deployment_id)
        .first()
    )
    if deployment is None or not isinstance(version, int):
        raise InvalidInvitation(_("This invitation no longer exists."))
    if deployment.version != version or deployment.status != DeploymentStatus.INVITED:
        raise InvitationGone(
            _("This invitation was already answered or has changed; nothing was changed now.")
        )
    return deployment, version


def _acting_expert(deployment: Deployment) -> Any:
    """Who the audit names: the expert's account when they have an active one."""
    user = deployment.expert.user
    if user is not None and user.is_active:
        return user
    return AnonymousUser()


def respond_with_token(
    *, deployment_id: int, token: str, answer: str, reason: str = ""
) -> Deployment:
    """Accept or decline an invitation with the link's token: the token proves the expert."""
    if answer not in ANSWERS:
        raise DomainError(_("Answer with accept or decline."), field="answer")
    deployment, version = read_token(deployment_id, token)
    return services.deployment_transition(
        actor=_acting_expert(deployment),
        deployment_id=deployment.pk,
        transition=answer,
        reason=reason,
        expected_version=version,
        token_verified=True,
    )


def respond_url(deployment: Deployment, token: str, answer: str) -> str:
    """The absolute link to the answer page, with the answer the expert chose in the e-mail."""
    return site_link("experts:deployment_respond", deployment.pk, token) + f"?answer={answer}"


def place_of(activity: Any) -> str:
    if activity.is_virtual:
        return _("Online")
    parts = [activity.city, activity.country.name if activity.country else ""]
    return ", ".join(part for part in parts if part) or _("To be decided")


def invitation_context(deployment: Deployment, token: str) -> dict[str, Any]:
    activity = deployment.activity
    return {
        "deployment": deployment,
        "expert": deployment.expert,
        "activity": activity,
        "action": activity.action,
        "place": place_of(activity),
        "working_language": get_language_info(activity.language)["name_translated"],
        "accept_url": respond_url(deployment, token, "accept"),
        "decline_url": respond_url(deployment, token, "decline"),
        # An expert with an account may also answer on the deployment's page, signed in.
        "deployment_url": (
            site_link("experts:deployment_detail", deployment.pk)
            if deployment.expert.user_id is not None
            else ""
        ),
        "valid_until": timezone.localdate() + VALIDITY,
    }


def recipient_of(deployment: Deployment) -> str:
    expert = deployment.expert
    if expert.erased_at is not None:
        return ""
    if expert.email:
        return expert.email
    return expert.user.email if expert.user is not None else ""


@task()
def send_invitation_email(deployment_id: int) -> int:
    """E-mail the expert their invitation; returns how many e-mails went out (0 or 1)."""
    deployment = (
        Deployment.objects.select_related(
            "expert__user", "activity__action", "activity__country", "activity__activity_type"
        )
        .filter(pk=deployment_id)
        .first()
    )
    # Answered (or gone) before the queue reached it: nothing to invite to any more.
    if deployment is None or deployment.status != DeploymentStatus.INVITED:
        return 0
    address = recipient_of(deployment)
    user = deployment.expert.user
    language = (user.preferred_language if user is not None else "") or "en"
    with translation.override(language):
        context = invitation_context(deployment, make_token(deployment))
        subject = render_to_string("experts/email/invitation_subject.txt", context).strip()
        body = render_to_string("experts/email/invitation_body.txt", context)
    # An expert with an account sees the invitation in mieux (whether or not they take the
    # e-mails) and answers on the deployment's page; one without an account has only the e-mail.
    if user is not None and user.is_active and deployment.expert.erased_at is None:
        notifications_create(
            texts=[(user, subject)],
            url=reverse("experts:deployment_detail", args=[deployment.pk]),
        )
        if not wants_email(user, EmailTopic.DEPLOYMENT_INVITATIONS):
            return 0
    if not address:
        return 0
    return send_mail(subject, body, None, [address])


def enqueue_invitation_email(deployment_id: int) -> None:
    """Called on commit of an `invite` transition."""
    if _paused.get():
        return
    send_invitation_email.enqueue(deployment_id)
