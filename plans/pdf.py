"""The plans as a PDF for the municipality's political discussion, rendered on the server with
WeasyPrint (no external service). The page is the printable plan; its stylesheet is read from
the static files on disk and handed to WeasyPrint, so nothing is fetched while rendering."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from weasyprint import CSS, HTML

STYLESHEET = "css/plan_print.css"


def render_pdf(html: str) -> bytes:
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=finders.find(STYLESHEET))])
