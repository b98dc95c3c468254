"""The My work page: the landing page after sign-in, one section per role the user holds.

The lists are read by `mieux.mywork.selectors`; this view only hands them to the template.
"""

import rules
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from mieux.accounts.decorators import role_page
from mieux.mywork.selectors import my_work as my_work_sections


@require_GET
@role_page(rules.is_authenticated)
def my_work(request: HttpRequest) -> HttpResponse:
    context = {"nav": "mywork", "sections": my_work_sections(request.user)}
    return render(request, "mywork/my_work.html", context)


urlpatterns = [path("my-work/", my_work, name="my_work")]
