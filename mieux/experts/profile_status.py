"""Staff's side of a profile's status: invite a person onto the roster, verify, deactivate and
reactivate. (What the expert maintains is in `mieux.experts.profiles`.)

Same rules as every service; the invitation e-mail is sent after commit by a task.
"""

import re
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_tasks import task

from mieux.accounts.models import Institution, Membership, Role, User
from mieux.accounts.services import user_create_with_roles
from mieux.core.audit import record_event
from mieux.core.errors import Conflict, DomainError
from mieux.core.models import LANGUAGE_CODES
from mieux.experts import services
from mieux.experts.models import Deployment, Expert, ExpertStatus
from mieux.experts.profiles import _check_staff, _locked_expert, _normalised_email
from mieux.experts.services import _expert_snapshot
from mieux.experts.workflow import DeploymentStatus

OPEN_DEPLOYMENT_STATES = (
    DeploymentStatus.PROPOSED,
    DeploymentStatus.INVITED,
    DeploymentStatus.ACCEPTED,
)


def _free_username(email: str) -> str:
    base = re.sub(r"[^\w.@+-]", "", email.lower())[:140]
    username, number = base, 1
    while User.objects.filter(username__iexact=username).exists():
        number += 1
        username = f"{base}-{number}"
    return username


@transaction.atomic
def expert_invite(
    *,
    actor: Any,
    full_name: str,
    expert_type: str,
    email: str = "",
    institution: Institution | None = None,
    language: str = "en",
    site_url: str = "",
) -> Expert:
    """Put a person on the roster as invited. With an e-mail, they get an account with the
    expert role (or their existing account gets the role) and, after commit, an e-mail in
    `language` with a one-time link to choose their password (`site_url` makes it absolute)."""
    _check_staff(actor, _("Only facility staff may invite experts."))
    email = _normalised_email(actor, email)
    if language not in LANGUAGE_CODES:
        raise DomainError(
            _("Choose the invitation's language among %s.") % ", ".join(LANGUAGE_CODES),
            field="language",
        )
    user = User.objects.filter(email__iexact=email).order_by("pk").first() if email else None
    if user is not None and Expert.objects.filter(user=user).exists():
        raise Conflict(_("The account with the e-mail %s already has an expert profile.") % email)
    account_created = False
    if email and user is None:
        first_name, _space, last_name = (full_name or "").strip().rpartition(" ")
        user = user_create_with_roles(
            actor=actor,
            username=_free_username(email),
            password=None,
            roles=[(Role.EXPERT, None)],
            email=email,
            first_name=(first_name or last_name)[:150],
            last_name=(last_name if first_name else "")[:150],
            preferred_language=language,
        )
        account_created = True
    elif user is not None and not user.has_role(Role.EXPERT):
        Membership.objects.create(user=user, role=Role.EXPERT)
    expert = services.expert_create(
        actor=actor,
        full_name=full_name,
        expert_type=expert_type,
        user=user,
        email=email,
        institution=institution,
        status=ExpertStatus.INVITED,
    )
    record_event(
        actor=actor,
        verb="expert.invited",
        instance=expert,
        after={
            "email": email,
            "user": user.pk if user is not None else None,
            "account_created": account_created,
            "language": language,
        },
    )
    if user is not None:
        expert_pk = expert.pk
        transaction.on_commit(lambda: send_expert_invitation.enqueue(expert_pk, site_url, language))
    return expert


@task()
def send_expert_invitation(expert_id: int, site_url: str = "", language: str = "") -> int:
    """E-mail the invitation with a link to choose a password. The token is made here, at
    sending time, so it never sits in the task queue; it works once (it depends on the
    password hash) and for PASSWORD_RESET_TIMEOUT seconds."""
    expert = Expert.objects.select_related("user").get(pk=expert_id)
    user = expert.user
    if user is None or not user.email or not user.is_active:
        return 0
    with translation.override(language or user.preferred_language or settings.LANGUAGE_CODE):
        path = reverse(
            "experts:set_password",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        context = {
            "expert": expert,
            "user": user,
            "link": site_url.rstrip("/") + path,
            "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        }
        subject = render_to_string("experts/roster/email/invitation_subject.txt", context)
        body = render_to_string("experts/roster/email/invitation_body.txt", context)
    return send_mail(subject.strip(), body, None, [user.email])


@transaction.atomic
def expert_verify(*, actor: Any, expert_id: int) -> Expert:
    """Staff confirm the profile: it becomes active and may be proposed."""
    _check_staff(actor, _("Only facility staff may verify experts."))
    expert = _locked_expert(actor, expert_id)
    if expert.erased_at is not None:
        raise Conflict(_("This profile was erased on request and can no longer be changed."))
    if expert.status == ExpertStatus.DEACTIVATED:
        raise Conflict(_("%s is deactivated; reactivate the profile first.") % expert)
    if expert.status == ExpertStatus.ACTIVE and expert.verified_at is not None:
        raise Conflict(_("%s is already verified.") % expert)
    if expert.consent_given_at is None:
        raise DomainError(
            _("%s has not consented to the processing of their data; verify after consent.")
            % expert,
            field="consent",
        )
    if not expert.languages.exists():
        raise DomainError(
            _("%s has no language on the profile; at least one is needed.") % expert,
            field="languages",
        )
    before = _expert_snapshot(expert)
    expert.verified_at = timezone.now()
    expert.status = ExpertStatus.ACTIVE
    expert.save(update_fields=["verified_at", "status", "updated_at"])
    record_event(
        actor=actor,
        verb="expert.verified",
        instance=expert,
        before=before,
        after=_expert_snapshot(expert),
    )
    return expert


def open_deployments(expert: Expert) -> list[Deployment]:
    """Deployments still open: shown to staff when they deactivate the expert."""
    return list(
        expert.deployments.filter(status__in=OPEN_DEPLOYMENT_STATES)
        .select_related("activity")
        .order_by("activity__start_date", "id")
    )


@transaction.atomic
def expert_deactivate(*, actor: Any, expert_id: int, reason: str) -> Expert:
    """Take the expert off the roster, with a reason. Their open deployments stay as they are,
    for staff to settle one by one: a deactivated expert can be neither proposed nor accept an
    invitation (services refuse both), and the page lists what is still open."""
    _check_staff(actor, _("Only facility staff may deactivate experts."))
    expert = _locked_expert(actor, expert_id)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give a reason for deactivating this expert."), field="reason")
    if expert.status == ExpertStatus.DEACTIVATED:
        raise Conflict(_("%s is already deactivated.") % expert)
    before = _expert_snapshot(expert)
    expert.status = ExpertStatus.DEACTIVATED
    expert.save(update_fields=["status", "updated_at"])
    record_event(
        actor=actor,
        verb="expert.deactivated",
        instance=expert,
        before=before,
        after=_expert_snapshot(expert),
        reason=reason,
    )
    return expert


@transaction.atomic
def expert_reactivate(*, actor: Any, expert_id: int, reason: str = "") -> Expert:
    """Back on the roster: active if verified with consent, else invited (to be verified)."""
    _check_staff(actor, _("Only facility staff may reactivate experts."))
    expert = _locked_expert(actor, expert_id)
    if expert.erased_at is not None:
        raise Conflict(_("This profile was erased on request and can no longer be changed."))
    if expert.status != ExpertStatus.DEACTIVATED:
        raise Conflict(_("%s is not deactivated.") % expert)
    before = _expert_snapshot(expert)
    verified = expert.verified_at is not None and expert.consent_given_at is not None
    expert.status = ExpertStatus.ACTIVE if verified else ExpertStatus.INVITED
    expert.save(update_fields=["status", "updated_at"])
    record_event(
        actor=actor,
        verb="expert.reactivated",
        instance=expert,
        before=before,
        after=_expert_snapshot(expert),
        reason=(reason or "").strip(),
    )
    return expert
