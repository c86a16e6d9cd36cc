"""Writes: a person's answers to a module's questions, and marking a module as read."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import CheckAnswer, ModuleCompletion, ModulePage, ReflectionAnswer

REFLECTION_MAX_LENGTH = 10_000


def _block(page: ModulePage, block_id: str, block_type: str):
    from .selectors import module_block

    return module_block(page=page, block_id=block_id, block_type=block_type)


@transaction.atomic
def reflection_answer_save(*, user, page: ModulePage, block_id: str, text: str) -> ReflectionAnswer:
    if _block(page, block_id, "reflection") is None:
        raise ValidationError(_("This question is no longer part of the module."))
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write your answer before saving."))
    if len(text) > REFLECTION_MAX_LENGTH:
        raise ValidationError(
            _("Your answer is %(length)d characters long; the limit is %(limit)d.")
            % {"length": len(text), "limit": REFLECTION_MAX_LENGTH}
        )
    answer, _created = ReflectionAnswer.objects.update_or_create(
        user=user, page=page, block_id=block_id, defaults={"text": text}
    )
    return answer


@transaction.atomic
def check_answer_save(*, user, page: ModulePage, block_id: str, option) -> CheckAnswer:
    block = _block(page, block_id, "check")
    if block is None:
        raise ValidationError(_("This question is no longer part of the module."))
    options = list(block.value["options"])
    try:
        index = int(option)
    except (TypeError, ValueError):
        raise ValidationError(_("Choose one of the answers.")) from None
    if not 0 <= index < len(options):
        raise ValidationError(_("Choose one of the answers."))
    answer, _created = CheckAnswer.objects.update_or_create(
        user=user,
        page=page,
        block_id=block_id,
        defaults={"option": index, "correct": bool(options[index]["correct"])},
    )
    return answer


def module_mark_read(*, user, module: ModulePage, is_read: bool = True) -> None:
    if is_read:
        ModuleCompletion.objects.get_or_create(user=user, module=module)
    else:
        ModuleCompletion.objects.filter(user=user, module=module).delete()
