"""Profile pages and exports: parse the request, check permission, call a selector, render."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from lms import services as lms_services
from lms.models import AccessRecord, Institution
from lms.page_cache import cached_page
from lms.shortcuts import permitted_or_404

from . import charts, exports, permissions, selectors
from .models import MappingRound, RespondentGroup

BENCHMARKS = ("programme", "municipality")


def _institution(user, number: str) -> Institution:
    return permitted_or_404(
        user,
        lambda: selectors.institution_for_profile(number=number),
        permissions.can_view_school_profile,
    )


def _chosen_round(request, rounds: list[MappingRound]) -> MappingRound:
    """``?runde=T2``, or the latest round; an unknown label is a page that does not exist."""
    label = request.GET.get("runde")
    if not label:
        return rounds[-1]
    for mapping_round in rounds:
        if mapping_round.label == label:
            return mapping_round
    raise Http404


def _benchmark(request) -> str:
    benchmark = request.GET.get("benchmark", "programme")
    return benchmark if benchmark in BENCHMARKS else "programme"


def _page_context(profile, mapping_round, rounds, **extra) -> dict:
    """What every profile page shows around its results: choosers, labels, the legend."""
    levels = getattr(profile, "benchmark_levels", ())
    return {
        "profile": profile,
        "mapping_round": mapping_round,
        "rounds": rounds,
        "groups": [(code, RespondentGroup(code).label) for code in profile.groups],
        "group_label": RespondentGroup(profile.group).label if profile.group else "",
        "suppressed_text": selectors.suppressed_text(),
        "suppression_min_n": selectors.suppression_min_n(),
        "comparisons": [(charts.comparison_label(lv), charts.legend_symbol(lv)) for lv in levels],
        **extra,
    }


def _no_data(request, template: str, context: dict) -> HttpResponse:
    return render(request, template, {**context, "profile": None, "rounds": []})


@cached_page
def school_profile(request, number: str) -> HttpResponse:
    institution = _institution(request.user, number)
    can_export = permissions.can_export_school_profile(request.user, institution)
    rounds = selectors.rounds()
    base = {"institution": institution, "can_export": can_export}
    if not rounds:
        return _no_data(request, "profiles_link/school_profile.html", base)
    mapping_round = _chosen_round(request, rounds)
    benchmark = _benchmark(request)
    profile = selectors.school_profile(
        institution=institution,
        mapping_round=mapping_round,
        rounds=rounds,
        respondent_group=request.GET.get("gruppe"),
        benchmark=benchmark,
    )
    visible = permissions.visible_class_codes(request.user, institution)
    context = _page_context(
        profile,
        mapping_round,
        rounds,
        benchmark=benchmark,
        charts=charts.profile_charts(profile, unit_name=institution.name),
        # A teacher sees their own teams' classes, not every class.
        classes=[c for c in profile.classes if visible is None or c.code in visible],
        **base,
    )
    return render(request, "profiles_link/school_profile.html", context)


def class_profile(request, number: str, class_code: str) -> HttpResponse:
    school_class = permitted_or_404(
        request.user,
        lambda: selectors.school_class_for_profile(number=number, class_code=class_code),
        permissions.can_view_class_profile,
    )
    institution = school_class.institution
    rounds = selectors.rounds()
    base = {"institution": institution, "school_class": school_class}
    if not rounds:
        return _no_data(request, "profiles_link/class_profile.html", base)
    mapping_round = _chosen_round(request, rounds)
    profile = selectors.class_profile(
        school_class=school_class,
        mapping_round=mapping_round,
        rounds=rounds,
        respondent_group=request.GET.get("gruppe"),
    )
    unit_name = _("Class %(code)s, %(school)s") % {
        "code": school_class.code,
        "school": institution.name,
    }
    context = _page_context(
        profile,
        mapping_round,
        rounds,
        charts=charts.profile_charts(profile, unit_name=unit_name),
        **base,
    )
    return render(request, "profiles_link/class_profile.html", context)


def municipality_profile(request, code: str) -> HttpResponse:
    municipality = permitted_or_404(
        request.user,
        lambda: selectors.municipality_for_profile(code=code),
        permissions.can_view_municipality_profile,
    )
    rounds = selectors.rounds()
    base = {"municipality": municipality}
    if not rounds:
        return _no_data(request, "profiles_link/municipality_profile.html", base)
    mapping_round = _chosen_round(request, rounds)
    profile = selectors.municipality_profile(
        municipality=municipality,
        mapping_round=mapping_round,
        respondent_group=request.GET.get("gruppe"),
    )
    context = _page_context(profile, mapping_round, rounds, **base)
    return render(request, "profiles_link/municipality_profile.html", context)


def programme_overview(request) -> HttpResponse:
    if not permissions.can_view_programme_overview(request.user):
        raise PermissionDenied
    rounds = selectors.rounds()
    if not rounds:
        return _no_data(request, "profiles_link/programme_overview.html", {})
    mapping_round = _chosen_round(request, rounds)
    context = {
        "rounds": rounds,
        "mapping_round": mapping_round,
        "municipalities": selectors.municipalities_in_round(mapping_round=mapping_round),
        "results": selectors.programme_results(mapping_round=mapping_round),
        "group_labels": [RespondentGroup(g).label for g in selectors.PROFILE_GROUPS],
        "suppressed_text": selectors.suppressed_text(),
        "can_import": permissions.can_import_mapping(request.user),
    }
    return render(request, "profiles_link/programme_overview.html", context)


def _export(request, number: str):
    institution = _institution(request.user, number)
    if not permissions.can_export_school_profile(request.user, institution):
        raise PermissionDenied
    rounds = selectors.rounds()
    if not rounds:
        raise Http404
    mapping_round = _chosen_round(request, rounds)
    frame = selectors.school_export_frame(institution=institution, mapping_round=mapping_round)
    return institution, mapping_round, frame


def _attachment(content, content_type: str, institution, mapping_round, suffix: str):
    label = re.sub(r"[^A-Za-z0-9_-]", "_", mapping_round.label)
    response = HttpResponse(content, content_type=content_type)
    filename = f"kvalitetsprofil-{institution.number}-{label}.{suffix}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _record_export(request, institution, mapping_round, suffix: str) -> None:
    lms_services.access_record_add(
        user=request.user,
        institution=institution,
        kind=AccessRecord.Kind.PROFILE_EXPORT,
        what=_("Quality profile, round %(round)s (%(format)s)")
        % {"round": mapping_round.label, "format": suffix.upper()},
    )


def school_profile_csv(request, number: str) -> HttpResponse:
    institution, mapping_round, frame = _export(request, number)
    _record_export(request, institution, mapping_round, "csv")
    content = exports.profile_csv(frame)
    return _attachment(content, "text/csv; charset=utf-8", institution, mapping_round, "csv")


def school_profile_xlsx(request, number: str) -> HttpResponse:
    institution, mapping_round, frame = _export(request, number)
    _record_export(request, institution, mapping_round, "xlsx")
    names = {code: i.name_da for code, i in selectors.profile_indicators().items()}
    content = exports.profile_xlsx(
        frame, indicator_names=names, sheet_title=f"{institution.number} {mapping_round.label}"
    )
    return _attachment(content, exports.XLSX_CONTENT_TYPE, institution, mapping_round, "xlsx")
