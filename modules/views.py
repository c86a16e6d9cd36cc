"""Thin views: "My modules", and the forms a module page posts its answers to."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lms.errors import ServiceError
from lms.page_cache import cached_page

from . import services
from .models import ModulePage
from .permissions import can_answer_module
from .selectors import module_block
from .selectors import my_modules as my_modules_selector


def _module_for_answer(request, page_id: int, block_id=None, block_type=None) -> ModulePage:
    page = get_object_or_404(ModulePage, pk=page_id, live=True)
    if not can_answer_module(request.user, page):
        raise PermissionDenied
    if block_type and module_block(page=page, block_id=block_id, block_type=block_type) is None:
        raise Http404
    return page


def _back_to(request, page: ModulePage, anchor: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{page.get_url(request)}#{anchor}")


def _page_with_error(request, page: ModulePage, block_id: str, error, draft=None):
    """Show the module again with the error next to the question and the typed text kept."""
    drafts = {block_id: draft} if draft is not None else {}
    context = page.get_context(request, errors={block_id: " ".join(error.messages)}, drafts=drafts)
    return TemplateResponse(request, page.get_template(request), context, status=400)


@require_POST
def reflection_save(request, page_id: int, block_id: str):
    page = _module_for_answer(request, page_id, block_id, "reflection")
    text = request.POST.get("text", "")
    try:
        services.reflection_answer_save(user=request.user, page=page, block_id=block_id, text=text)
    except ServiceError as error:
        return _page_with_error(request, page, block_id, error, draft=text)
    messages.success(request, _("Your answer is saved."))
    return _back_to(request, page, f"block-{block_id}")


@require_POST
def check_save(request, page_id: int, block_id: str):
    page = _module_for_answer(request, page_id, block_id, "check")
    try:
        services.check_answer_save(
            user=request.user, page=page, block_id=block_id, option=request.POST.get("option")
        )
    except ServiceError as error:
        return _page_with_error(request, page, block_id, error)
    return _back_to(request, page, f"block-{block_id}")


@require_POST
def data_check_save(request, page_id: int, block_id: str):
    page = _module_for_answer(request, page_id, block_id, "data_check")
    try:
        services.data_check_answer_save(
            user=request.user, page=page, block_id=block_id, option=request.POST.get("option")
        )
    except ServiceError as error:
        return _page_with_error(request, page, block_id, error)
    return _back_to(request, page, f"block-{block_id}")


@require_POST
def mark_read(request, page_id: int):
    page = _module_for_answer(request, page_id)
    is_read = request.POST.get("read", "1") != "0"
    services.module_mark_read(user=request.user, module=page, is_read=is_read)
    if is_read:
        messages.success(request, _("The module is marked as read."))
    return _back_to(request, page, "progress")


@require_GET
@cached_page
def my_modules(request):
    return render(
        request, "modules/my_modules.html", {"teams": my_modules_selector(user=request.user)}
    )
