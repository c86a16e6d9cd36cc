"""The plans as a PDF for the municipality's political discussion, rendered on the server with
WeasyPrint (no external service). The page is the printable plan: standalone HTML whose styles
are inline, so nothing is fetched while rendering."""

from __future__ import annotations

from weasyprint import HTML


def render_pdf(html: str) -> bytes:
    return HTML(string=html).write_pdf()
