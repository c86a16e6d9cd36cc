from django import template

from lms.markup import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    """{{ submission.text|markdown }}: Markdown rendered and sanitised (lms.markup)."""
    return render_markdown(text)
